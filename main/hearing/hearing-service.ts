import type { Entry, Hearing, LogEntryInput } from '../../common/contract/protocol';
import type { PauseReason, RecordingState } from '../../common/contract/recording';
import { errorKey, HattamaError } from '../../common/errors';
import type { EntryKind, HearingStatus } from '../../common/protocol/kinds';
import type { ProtocolStore } from '../protocol/store';
import type { EventBus } from '../runtime/event-bus';
import type { Logger } from '../log/logger';
import { isLive, stateForHearing, type Recorder } from './recorder';
import type { Db } from '../db/database';
import { interruptionsOf, interval } from './interruptions';
import { positionAt } from './recording-clock';
import { admit, allowedNow, pauseReason, type HearingFacts } from './rules';
import type { Allowed } from '../../common/contract/hearing';
import { refuseIfCancelled } from '../../common/protocol/cancelled';
import { cancelledOf } from '../protocol/rows';
import type { LastRoomTest } from '../../common/contract/recording';
import { roomTestGate } from './room-test-gate';
import { PrivacyMutes, type PrivacyMuteDeps } from './privacy-mute';
import type { PrivacyMuteResult } from '../../common/contract/hearing';

export interface HearingServiceDeps {
  store: ProtocolStore;
  recorder: Recorder;
  events: EventBus;
  log: Logger;
  /** The station's last room test and whether one passed within settings.check.validHours (main/roomcheck). */
  lastRoomTest: () => LastRoomTest;
  /** What the privacy mute needs beyond these: the outbox's database and its settings. */
  mute: Pick<PrivacyMuteDeps, 'db' | 'settings'>;
}

type LogInput = LogEntryInput & { author?: string; roomTestReason?: string };

/**
 * The hearing: its state machine, and the recorder it drives. Opening starts the recording,
 * recess and deliberation pause it, resuming or announcing the decision resumes it, closing stops
 * and signs it. Every door (desktop, browser, CLI) comes here, so a client that dies between two
 * events leaves the recorder where the last event put it. Calls are serialised: an event logged
 * while the recorder is starting waits for it, and so gets its true position.
 */
export class HearingService {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly mutes: PrivacyMutes;

  constructor(private readonly deps: HearingServiceDeps) {
    this.mutes = new PrivacyMutes({ ...deps.mute, store: deps.store, recorder: deps.recorder, events: deps.events, log: deps.log }, (fn) => this.serial(fn));
  }

  /** Mutes one microphone of the hearing's recording for a private conversation, or switches it back on (main/hearing/privacy-mute.ts). */
  privacyMute(input: { hearingId: number; channel: number; on: boolean; author?: string }): Promise<PrivacyMuteResult> {
    return this.serial(() => this.mutes.set(this.facts(input.hearingId), input.channel, input.on, input.author));
  }

  /** The core shuts down: no auto-lift timer outlives it. */
  close(): void {
    this.mutes.close();
  }

  /** Logs one entry by the hearing's rules; the core pins it to the recording from its own clock. */
  logEntry(input: LogEntryInput & { author?: string }): Promise<Entry> {
    return this.serial(() => this.log(input));
  }

  /**
   * Opens the hearing (the "opened" entry) and starts its recording. Without a room test passed
   * within validHours it opens only with `roomTestReason`, which goes into the call's audit row.
   */
  async startHearing(input: { hearingId: number; startedAt?: string; author?: string; roomTestReason?: string }): Promise<{ hearing: Hearing; entry: Entry }> {
    const { hearingId, startedAt, author, roomTestReason } = input;
    const entry = await this.serial(() => this.log({ hearingId, kind: 'opened', startedAt, author, roomTestReason }));
    return { hearing: this.deps.store.hearing(input.hearingId), entry };
  }

  /**
   * At start: an open hearing whose recording recovery closed after a crash gets an entry in its
   * protocol saying so, with the time not recorded (once per session). The hearing stays open;
   * the secretary resumes the recording (`recording.start {hearingId}`).
   */
  noteInterruptions(dataDir: string, db: Db): Entry[] {
    const { store } = this.deps;
    const logged: Entry[] = [];
    for (const h of store.hearings({ scope: 'all', limit: 1000 })) {
      if (h.status === 'scheduled' || h.status === 'closed' || h.cancelled) continue;
      const known = new Set(store.detail(h.id).entries.filter((e) => e.kind === 'recording_interrupted').map((e) => e.recordingSessionId));
      for (const i of interruptionsOf(dataDir, db, h.id)) {
        if (known.has(i.sessionId)) continue;
        const entry = store.logEntry({ hearingId: h.id, kind: 'recording_interrupted', startedAt: i.from, text: interval(i), recording: { sessionId: i.sessionId, positionMs: i.positionMs } });
        this.deps.log.warn({ hearingId: h.id, sessionId: i.sessionId, from: i.from, to: i.to }, 'the hearing\'s recording was interrupted: logged in its protocol');
        logged.push(entry);
      }
    }
    return logged;
  }

  /**
   * Cancels the hearing (kept, final). An open hearing's recording stops first: it stays as
   * evidence, and the cancellation is written only once the recorder let go of it.
   */
  cancelHearing(input: { hearingId: number; reason: string; author?: string }): Promise<Hearing> {
    return this.serial(async () => {
      const { store, recorder } = this.deps;
      const h = this.facts(input.hearingId);
      if (h.cancelled) throw new HattamaError('hearing.cancelled', { id: h.id, caseNumber: h.caseNumber, reason: h.cancelled.reason });
      if (h.frozen) throw new HattamaError('hearing.cancelSigned', { id: h.id, caseNumber: h.caseNumber });
      this.mutes.liftAll(h.id, 'cancelled', input.author);
      if (isLive(stateForHearing(recorder, h.id))) await recorder.stop();
      return store.cancelHearing(h.id, input.reason, input.author);
    });
  }

  /** What the hearing takes now, by its rules. */
  allowed(hearingId: number): Allowed {
    return allowedNow(this.facts(hearingId));
  }

  /** The recorder as one hearing sees it (or the recorder itself, for no hearing). */
  recordingState(hearingId?: number): RecordingState {
    return hearingId === undefined ? this.deps.recorder.state() : stateForHearing(this.deps.recorder, hearingId);
  }

  /**
   * Starts recording: for an open hearing that is not recording (after a device failure), or a
   * test recording outside any hearing. A hearing in recess or deliberation starts paused.
   */
  startRecording(input: { hearingId?: number; caseRef?: string }): Promise<RecordingState> {
    return this.serial(async () => {
      if (input.hearingId === undefined) {
        this.refuseIfHearingOwns();
        return this.deps.recorder.start({ ...(input.caseRef ? { caseRef: input.caseRef } : {}) });
      }
      const h = this.facts(input.hearingId);
      refuseIfCancelled(h);
      const p = { id: h.id, caseNumber: h.caseNumber, kind: 'opened' };
      if (h.status === 'scheduled') throw new HattamaError('hearing.notOpen', p);
      if (h.signed) throw new HattamaError('hearing.signedOnlyAddendum', p);
      if (h.status === 'closed') throw new HattamaError('hearing.closedOnlyAddendum', p);
      const mine = stateForHearing(this.deps.recorder, h.id);
      if (isLive(mine)) return mine;
      await this.startFor(h.id, this.deps.store.hearing(h.id).caseNumber);
      if (h.status === 'recess' || h.status === 'deliberation') this.deps.recorder.pause(h.status);
      return this.recordingState(h.id);
    });
  }

  /** pause/resume/stop of a test recording; a hearing's recording follows the hearing's events only. */
  pause(reason: PauseReason): RecordingState {
    this.refuseIfHearingOwns();
    return this.deps.recorder.pause(reason);
  }

  resume(): RecordingState {
    this.refuseIfHearingOwns();
    return this.deps.recorder.resume();
  }

  stop(): Promise<RecordingState> {
    return this.serial(() => {
      this.refuseIfHearingOwns();
      return this.deps.recorder.stop();
    });
  }

  // ------------------------------------------------------------------ inside

  private async log({ roomTestReason, ...input }: LogInput): Promise<Entry> {
    const { store, recorder } = this.deps;
    const h = this.facts(input.hearingId);
    const effect = admit(h, input.kind);
    // Every door opens through here (startHearing, or logEntry of "opened"): the gate refuses before anything changes.
    if (input.kind === 'opened') roomTestGate(h, this.deps.lastRoomTest(), roomTestReason);
    if (effect === 'start') await this.openRecording(h.id);
    if (effect === 'resume' && stateForHearing(recorder, h.id).state === 'paused') recorder.resume();
    // A recess or the deliberation pauses the recording, the closing ends it: a privacy mute ends first, in the protocol before the event.
    if (effect === 'pause' || effect === 'stop') this.mutes.liftAll(h.id, effect === 'stop' ? 'closed' : pauseReason(input.kind), input.author);
    const at = input.startedAt ? Date.parse(input.startedAt) : Date.now();
    const recording = positionAt(stateForHearing(recorder, h.id), at);
    const entry = store.logEntry({ ...input, recording });
    await this.afterEntry(h.id, input.kind, effect);
    return entry;
  }

  private async afterEntry(hearingId: number, kind: EntryKind, effect: ReturnType<typeof admit>): Promise<void> {
    const mine = stateForHearing(this.deps.recorder, hearingId);
    if (effect === 'pause' && mine.state === 'recording') this.deps.recorder.pause(pauseReason(kind));
    if (effect === 'stop' && isLive(mine)) {
      try {
        await this.deps.recorder.stop();
      } catch (e) {
        // The hearing is closed either way; recovery finishes the session at the next start.
        this.deps.log.error({ err: e, hearingId }, 'stopping the recording at closing failed');
      }
    }
  }

  /**
   * Opening starts the recording. A test recording gives way to the hearing; another hearing's
   * recording does not (it must be closed first). When the device fails, the hearing still
   * opens, and an alarm nobody can miss says it is not being recorded.
   */
  private async openRecording(hearingId: number): Promise<void> {
    this.refuseIfOtherHearing(hearingId);
    try {
      await this.startFor(hearingId, this.deps.store.hearing(hearingId).caseNumber);
    } catch (e) {
      // The alarm's text nests the reason's own message (and its parameters) in the reader's language.
      const reason: Record<string, string | number> = e instanceof HattamaError ? { reasonKey: errorKey(e.code), ...e.params } : { reasonKey: errorKey('app.internal'), logFile: '-' };
      this.deps.log.error({ err: e, hearingId }, 'the hearing opened without recording');
      this.deps.events.emit('recording.alarm', {
        kind: 'notRecording',
        channel: null,
        role: null,
        code: 'recording:alarms.notRecording',
        params: { hearingId, ...reason },
        active: true,
        at: Date.now(),
        sessionId: null,
      });
    }
  }

  private async startFor(hearingId: number, caseNumber: string): Promise<void> {
    const { recorder } = this.deps;
    this.refuseIfOtherHearing(hearingId);
    const now = recorder.state();
    if (isLive(now) && now.hearingId === null) await recorder.stop();
    await recorder.start({ hearingId: String(hearingId), caseRef: caseNumber });
    this.deps.events.emit('recording.alarm', {
      kind: 'notRecording',
      channel: null,
      role: null,
      code: 'recording:alarms.notRecording',
      params: { hearingId },
      active: false,
      at: Date.now(),
      sessionId: recorder.state().sessionId,
    });
  }

  private refuseIfOtherHearing(hearingId: number): void {
    const now = this.deps.recorder.state();
    if (isLive(now) && now.hearingId !== null && now.hearingId !== String(hearingId)) {
      throw new HattamaError('hearing.otherHearingRecording', { id: hearingId, caseNumber: this.deps.store.hearing(hearingId).caseNumber, other: now.hearingId, caseRef: now.caseRef ?? '' });
    }
  }

  private refuseIfHearingOwns(): void {
    const now = this.deps.recorder.state();
    if (isLive(now) && now.hearingId !== null) throw new HattamaError('hearing.recordingFollowsHearing', { id: now.hearingId, caseRef: now.caseRef ?? '' });
  }

  private facts(hearingId: number): HearingFacts {
    const row = this.deps.store.hearingRow(hearingId);
    return { id: row.id, caseNumber: row.case_number, status: row.status as HearingStatus, signed: Boolean(row.signed_at), frozen: Boolean(row.signed_at) || row.signature_count > 0, cancelled: cancelledOf(row) };
  }

  private serial<T>(fn: () => Promise<T> | T): Promise<T> {
    const run = this.tail.then(fn);
    this.tail = run.catch(() => undefined);
    return run;
  }
}
