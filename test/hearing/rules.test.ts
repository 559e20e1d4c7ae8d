import { describe, expect, it } from 'vitest';
import type { RecordingState } from '../../common/contract/recording';
import { ENTRY_KINDS, HEARING_STATUSES, KIND_INFO, LOGGABLE_KINDS, type EntryKind, type HearingStatus } from '../../common/protocol/kinds';
import { HattamaError } from '../../common/errors';
import { positionAt } from '../../main/hearing/recording-clock';
import { admit, allowedNow } from '../../main/hearing/rules';

// The hearing's state machine, every kind in every status: what may be logged, and what it does
// to the recorder. Written out as a court runs a hearing, so a change to the rules shows here.

const outcome = (status: HearingStatus, kind: EntryKind, signed = false): string => {
  try {
    return admit({ id: 7, caseNumber: '2-7/2026', status, signed }, kind) ?? 'ok';
  } catch (e) {
    if (e instanceof HattamaError) return e.code;
    throw e;
  }
};

/** Status, event, what happens: the recorder's effect, or the refusal's code. */
const TRANSITIONS: Array<[HearingStatus, EntryKind, string]> = [
  ['scheduled', 'opened', 'start'],
  ['in_progress', 'recess', 'pause'],
  ['in_progress', 'deliberation', 'pause'],
  ['recess', 'deliberation', 'pause'],
  ['recess', 'resumed', 'resume'],
  ['deliberation', 'resumed', 'resume'],
  ['deliberation', 'decision_announced', 'resume'],
  ['in_progress', 'decision_announced', 'resume'],
  ['in_progress', 'closed', 'stop'],
  ['recess', 'closed', 'stop'],
  ['deliberation', 'closed', 'stop'],
  // out of order: refused with a reason
  ['in_progress', 'opened', 'hearing.alreadyOpen'],
  ['recess', 'opened', 'hearing.alreadyOpen'],
  ['scheduled', 'recess', 'hearing.notOpen'],
  ['scheduled', 'testimony_begins', 'hearing.notOpen'],
  ['scheduled', 'closed', 'hearing.notOpen'],
  ['in_progress', 'resumed', 'hearing.notNow'],
  ['recess', 'recess', 'hearing.notNow'],
  ['recess', 'decision_announced', 'hearing.notNow'],
];

describe('hearing rules', () => {
  it.each(TRANSITIONS)('%s + %s: %s', (status, kind, expected) => {
    expect(outcome(status, kind)).toBe(expected);
  });

  it('a closed or signed hearing takes only a note: opening it again is refused', () => {
    for (const kind of LOGGABLE_KINDS) {
      expect(outcome('closed', kind)).toBe(kind === 'note' ? 'ok' : 'hearing.closedOnlyAddendum');
      for (const status of HEARING_STATUSES) expect(outcome(status, kind, true)).toBe(kind === 'note' ? 'ok' : 'hearing.signedOnlyAddendum');
    }
  });

  it('while open, ordinary events are logged in any open status and a note also before opening', () => {
    const ordinary = LOGGABLE_KINDS.filter((k) => !['opened', 'recess', 'resumed', 'deliberation', 'decision_announced', 'closed', 'note'].includes(k));
    for (const kind of ordinary) for (const s of ['in_progress', 'recess', 'deliberation'] as const) expect(outcome(s, kind)).toBe('ok');
    expect(outcome('scheduled', 'note')).toBe('ok');
  });
});

describe('what only the station writes', () => {
  it('an interruption of the recording is refused from every door, in every status', () => {
    const system = ENTRY_KINDS.filter((k) => KIND_INFO[k].system);
    // The privacy mute's entries are the core's too: hearing.privacyMute writes them, with the person as author.
    expect(system).toEqual(['recording_interrupted', 'privacy_mute', 'privacy_unmute']);
    for (const kind of system) for (const status of HEARING_STATUSES) for (const signed of [false, true]) expect(outcome(status, kind, signed)).toBe('hearing.systemKind');
  });

  it('a refusal names the hearing by its case number, not by its row in the database', () => {
    try {
      admit({ id: 7, caseNumber: '2-7/2026', status: 'closed', signed: false }, 'recess');
      expect.unreachable();
    } catch (e) {
      expect((e as HattamaError).params).toMatchObject({ caseNumber: '2-7/2026' });
    }
  });
});

describe('position of a time of day on the recording', () => {
  const t0 = Date.parse('2026-12-01T10:00:00.000Z');
  const at = (s: number) => new Date(t0 + s * 1000).toISOString();
  const state = (over: Partial<RecordingState>): RecordingState => ({
    state: 'recording', sessionId: 's1', folder: null, caseRef: null, hearingId: '1', startedAt: at(0), position: 0, pauseReason: null,
    device: 'd', sampleRate: 48000, channels: [], segments: 0, capturing: true, timeline: [], muted: [], ...over,
  });
  // 60 s recorded, a 30 s recess from 40 s, resumed at 70 s wall, now 90 s wall => 60 s of audio.
  const timeline: RecordingState['timeline'] = [
    { type: 'start', at: at(0), position: 0 },
    { type: 'pause', at: at(40), position: 40, reason: 'recess' },
    { type: 'resume', at: at(70), position: 40 },
  ];
  const s = state({ position: 60, timeline });
  const now = t0 + 90_000;

  it('counts audio since the last start or resume; a moment in a pause is the pause position', () => {
    expect(positionAt(s, t0 + 10_000, now)).toEqual({ sessionId: 's1', positionMs: 10_000 });
    expect(positionAt(s, t0 + 55_000, now)).toEqual({ sessionId: 's1', positionMs: 40_000 });
    expect(positionAt(s, t0 + 80_000, now)).toEqual({ sessionId: 's1', positionMs: 50_000 });
  });

  it('clamps before the start and to what was recorded; nothing when the recorder is idle', () => {
    expect(positionAt(s, t0 - 5_000, now)?.positionMs).toBe(0);
    expect(positionAt(s, t0 + 200_000, now)?.positionMs).toBe(60_000);
    expect(positionAt(state({ state: 'idle', sessionId: null }), t0, now)).toBeNull();
  });
});

describe('what the console may offer', () => {
  const facts = (status: HearingStatus, signed = false, frozen = signed) => ({ id: 7, caseNumber: '2-7/2026', status, signed, frozen });

  it('is the same table: a closed hearing takes a note only and says why; a signed one freezes its roster', () => {
    expect(allowedNow(facts('closed'))).toMatchObject({ kinds: ['note'], addendum: true, roster: true, refusal: { code: 'hearing.closedOnlyAddendum', params: { caseNumber: '2-7/2026' } } });
    expect(allowedNow(facts('closed', true))).toMatchObject({ kinds: ['note'], roster: false, refusal: { code: 'hearing.signedOnlyAddendum' } });
    // The first signature freezes the roster before the protocol is locked.
    expect(allowedNow(facts('closed', false, true)).roster).toBe(false);
    const open = allowedNow(facts('in_progress'));
    expect(open.refusal).toBeNull();
    expect(open.kinds).not.toContain('opened');
    expect(open.kinds).not.toContain('recording_interrupted');
    expect(open.kinds).toContain('recess');
    expect(allowedNow(facts('scheduled')).kinds).toEqual(['opened', 'note']);
  });

  it('never offers a kind the core would refuse, nor refuses one it offers', () => {
    for (const status of HEARING_STATUSES)
      for (const signed of [false, true]) {
        const offered = allowedNow(facts(status, signed)).kinds;
        for (const kind of LOGGABLE_KINDS) expect(offered.includes(kind), `${status} ${signed} ${kind}`).toBe(outcome(status, kind, signed) !== 'hearing.notNow' && !outcome(status, kind, signed).startsWith('hearing.'));
      }
  });
});
