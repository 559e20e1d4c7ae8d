import type { PrivacyMuteResult } from '../../common/contract/hearing';
import type { Entry } from '../../common/contract/protocol';
import { HattamaError } from '../../common/errors';
import { refuseIfCancelled } from '../../common/protocol/cancelled';
import type { Language } from '../../common/settings';
import type { Db } from '../db/database';
import { translator } from '../i18n/translator';
import type { Logger } from '../log/logger';
import type { ProtocolStore } from '../protocol/store';
import type { EventBus } from '../runtime/event-bus';
import { announcePrivacyMute } from './privacy-mute-event';
import { stateForHearing, type Recorder } from './recorder';
import type { HearingFacts } from './rules';

// The privacy mute (issue 17, item 4; the NCSC model's "mute pass-through"): during a hearing the
// secretary or the judge mutes one microphone for a private conversation between a defendant and
// counsel. The recorder writes digital zeros for that channel from the next sample on and marks
// it in the session's chain (main/recording/privacy-mute.ts); here are the hearing's rules for it
// and what it leaves behind: a protocol entry by the person who did it, at the mark's position,
// and a typed event for the Situation Center. A mute never outlasts settings.privacyMuteMinutes
// (it lifts itself with an alarm), nor a recess, the deliberation or the closing: the recording
// pauses or ends there, and a mute forgotten over a recess would silence the resumed hearing.

export type LiftReason = 'manual' | 'auto' | 'recess' | 'deliberation' | 'closed' | 'cancelled';

export interface PrivacyMuteDeps {
  store: ProtocolStore;
  recorder: Recorder;
  events: EventBus;
  log: Logger;
  db: Db;
  settings: () => { privacyMuteMinutes: number; language: Language; timeZone: string };
}

interface Running {
  hearingId: number;
  sessionId: string;
  timer: NodeJS.Timeout;
}

export class PrivacyMutes {
  /** The auto-lift timer of each muted channel. */
  private readonly running = new Map<number, Running>();
  /** Channels whose mute ran out (their alarm is up until a new mute of theirs or the hearing's end). */
  private readonly alarmed = new Map<number, { sessionId: string; hearingId: number; role: string }>();

  constructor(
    private readonly deps: PrivacyMuteDeps,
    /** The hearing's one queue: an auto-lift waits its turn with every other event. */
    private readonly serial: <T>(fn: () => Promise<T> | T) => Promise<T>,
  ) {}

  /** hearing.privacyMute, by the hearing's rules: open, recording, a real channel, not twice. */
  set(h: HearingFacts, channel: number, on: boolean, author?: string): PrivacyMuteResult {
    refuseIfCancelled(h);
    const p = { id: h.id, caseNumber: h.caseNumber, kind: on ? 'privacy_mute' : 'privacy_unmute' };
    if (h.signed) throw new HattamaError('hearing.signedOnlyAddendum', p);
    if (h.status === 'closed') throw new HattamaError('hearing.closedOnlyAddendum', p);
    if (h.status === 'scheduled') throw new HattamaError('hearing.notOpen', p);
    const st = stateForHearing(this.deps.recorder, h.id);
    if (h.status !== 'in_progress' || st.state !== 'recording') throw new HattamaError('hearing.muteNotRecording', p);
    if (channel > st.channels.length) throw new HattamaError('hearing.muteNoChannel', { channel, channels: st.channels.length });
    const role = st.channels[channel - 1]!.role;
    const muted = st.muted.find((m) => m.channel === channel);
    if (on && muted) throw new HattamaError('hearing.muteAlready', { channel, role: this.roleName(role, this.deps.settings().language), since: this.clock(muted.since) });
    if (!on && !muted) throw new HattamaError('hearing.muteNotMuted', { channel, role: this.roleName(role, this.deps.settings().language) });
    const entry = this.apply(h.id, channel, on, on ? null : 'manual', author);
    return { entry, recording: stateForHearing(this.deps.recorder, h.id) };
  }

  /** Every mute of the hearing's recording is lifted before a recess or the deliberation pauses it, or the closing (or cancelling) stops it. */
  liftAll(hearingId: number, reason: Exclude<LiftReason, 'manual' | 'auto'>, author?: string): Entry[] {
    const st = stateForHearing(this.deps.recorder, hearingId);
    const lifted = st.state === 'recording' ? st.muted.map((m) => this.apply(hearingId, m.channel, false, reason, author)) : [];
    if (reason === 'closed' || reason === 'cancelled') {
      for (const [channel, a] of this.alarmed) if (a.hearingId === hearingId) this.alarm(channel, a.role, a.sessionId, false, hearingId);
    }
    return lifted;
  }

  /** The core shuts down: no timer outlives it (the recording it muted is closed by the recorder). */
  close(): void {
    for (const r of this.running.values()) clearTimeout(r.timer);
    this.running.clear();
  }

  private apply(hearingId: number, channel: number, on: boolean, reason: LiftReason | null, author?: string): Entry {
    const { recorder, store } = this.deps;
    const mark = recorder.privacyMute(channel, on, { ...(author ? { by: author } : {}), ...(reason ? { reason } : {}) });
    const st = recorder.state();
    const sessionId = st.sessionId!;
    const positionMs = Math.round(((mark.frame ?? 0) / st.sampleRate) * 1000);
    const role = mark.role ?? '';
    const entry = store.logEntry({ hearingId, kind: on ? 'privacy_mute' : 'privacy_unmute', text: this.entryText(hearingId, channel, role, reason), startedAt: mark.at, ...(author ? { author } : {}), recording: { sessionId, positionMs } });
    try {
      announcePrivacyMute(this.deps.db, { hearingUid: store.hearingRow(hearingId).uid, hearing_id: hearingId, sessionId, act: on ? 'mute' : 'unmute', channel, role: role.slice(0, 60), at: mark.at, frame: mark.frame ?? 0, position_ms: positionMs, by: author ?? null, reason });
    } catch (e) {
      // The chain and the protocol have it; central learns of the mute from the protocol entry too.
      this.deps.log.error({ err: e, hearingId }, 'could not tell central of a privacy mute');
    }
    const was = this.running.get(channel);
    if (was) clearTimeout(was.timer);
    this.running.delete(channel);
    if (on) {
      // A new mute of the channel: the alarm of an earlier one that ran out is over.
      this.alarm(channel, role, sessionId, false, hearingId);
      const timer = setTimeout(() => void this.autoLift(hearingId, sessionId, channel), this.deps.settings().privacyMuteMinutes * 60_000);
      timer.unref();
      this.running.set(channel, { hearingId, sessionId, timer });
    }
    this.deps.log.info({ hearingId, sessionId, channel, on, frame: mark.frame, reason, author }, on ? 'microphone muted for a private conversation' : 'privacy mute lifted');
    return entry;
  }

  /** The mute ran out its minutes: lifted by the station, in the protocol, with an alarm nobody can miss. */
  private autoLift(hearingId: number, sessionId: string, channel: number): Promise<void> {
    return this.serial(() => {
      this.running.delete(channel);
      const st = stateForHearing(this.deps.recorder, hearingId);
      if (st.sessionId !== sessionId || st.state !== 'recording' || !st.muted.some((m) => m.channel === channel)) return;
      try {
        const entry = this.apply(hearingId, channel, false, 'auto');
        this.alarm(channel, st.channels[channel - 1]?.role ?? '', sessionId, true, hearingId, entry.id);
      } catch (e) {
        this.deps.log.error({ err: e, hearingId, channel }, 'could not lift a privacy mute by itself');
      }
    });
  }

  private alarm(channel: number, role: string, sessionId: string, active: boolean, hearingId: number, entryId?: number): void {
    if (active) this.alarmed.set(channel, { sessionId, hearingId, role });
    else if (!this.alarmed.delete(channel)) return;
    const minutes = this.deps.settings().privacyMuteMinutes;
    this.deps.events.emit('recording.alarm', {
      kind: 'privacyMuteLifted',
      channel,
      role,
      code: 'hearing:privacyMute.alarm',
      params: { channel, minutes: minutesText(minutes), hearingId, ...(entryId ? { entryId } : {}) },
      active,
      at: Date.now(),
      sessionId,
    });
  }

  /** The entry's text in the protocol's language: the channel and its role, and why it was lifted when the station did it. */
  private entryText(hearingId: number, channel: number, role: string, reason: LiftReason | null): string {
    const h = this.deps.store.hearing(hearingId);
    const lang: Language = h.proceedingsLanguage ?? (this.deps.settings().language === 'ru' ? 'ru' : 'kk');
    const t = translator(lang);
    const head = t('hearing:privacyMute.entry', { channel, role: this.roleName(role, lang) });
    if (!reason || reason === 'manual') return head;
    return `${head}, ${t(`hearing:privacyMute.lifted.${reason}`, { minutes: minutesText(this.deps.settings().privacyMuteMinutes) })}`;
  }

  private roleName(role: string, lang: Language): string {
    return translator(lang)(`app:roles.${role}`, { defaultValue: role });
  }

  private clock(iso: string): string {
    return new Intl.DateTimeFormat('en-GB', { timeZone: this.deps.settings().timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
  }
}

/** Minutes as a person reads them: whole when whole, else to a tenth (a test's 0.05 reads 0.1). */
function minutesText(minutes: number): string {
  return Number.isInteger(minutes) ? String(minutes) : String(Math.max(0.1, Math.round(minutes * 10) / 10));
}
