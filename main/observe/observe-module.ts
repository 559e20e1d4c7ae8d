import type { ObserveState } from '../../common/contract/observe';
import type { RecordingState } from '../../common/contract/recording';
import { HattamaError } from '../../common/errors';
import type { Observation, ObservationReason } from '../../common/observe-api';
import type { AuditRecord } from '../audit/audit-log';
import type { LiveTaps } from '../recording/live-sound';
import type { CoreDeps, CoreModule } from '../runtime/core-deps';
import type { CentralClient } from '../sync/client';
import { mixToMono } from './live-mix';
import { ObserverLink } from './observer-link';
import { OpusStream } from './opus-stream';

// Live observation from the Situation Center, the station's side. A long poll to central learns
// who asks to observe; the court's rules (observe-rules.ts) decide, here in the core, whether the
// hearing may be observed; while someone observes, the microphones' mix goes out as Opus and the
// renderer's camera frames with it. The secretary's console is told who observes (observe.state),
// and every start, refusal and end is a row of the station's audit. The stream only reads the
// recording: whatever happens to it (central gone, ffmpeg gone) never touches what is recorded.

export interface ObserveTuning {
  /** Seconds each long poll waits at central. */
  waitS: number;
  /** Wait before polling again after a failure, or while the station is not enrolled (ms). */
  retryMs: number;
  /** How often the rules are asked again while streaming (ms). */
  checkMs: number;
}

const DEFAULT_TUNING: ObserveTuning = { waitS: 25, retryMs: 5_000, checkMs: 1_000 };

export interface ObserveOptions {
  recorder: { state(): RecordingState; live: LiveTaps };
  /** The sync worker's client while the station is enrolled at a central. */
  client(): CentralClient | null;
  /** Why the current hearing may not be observed now, or null (observe-rules.ts). */
  refusal(): ObservationReason | null;
  /** The name central knows the station's hearing by. */
  centralHearingId(localId: string | null): string | null;
  audit(r: AuditRecord): void;
  tuning?: Partial<ObserveTuning>;
}

type ObserveCalls = 'observe.state' | 'observe.frame';

export function observeModule(deps: CoreDeps, o: ObserveOptions): CoreModule<ObserveCalls> {
  const tuning = { ...DEFAULT_TUNING, ...o.tuning };
  const log = deps.log;
  const links = new Map<string, ObserverLink>();
  const refusedIds = new Set<string>();
  let refused: ObserveState['refused'] = null;
  let encoder: OpusStream | null = null;
  let head: Buffer | null = null;
  let lastCheck = 0;
  let closed = false;
  const stop = new AbortController();

  const state = (): ObserveState => ({
    observers: [...links.values()].map((l) => ({ id: l.observation.id, name: l.observation.by.name, role: l.observation.by.role, since: l.observation.since })),
    streaming: links.size > 0,
    refused,
  });
  const emit = () => deps.events.emit('observe.state', state());

  const audit = (call: 'observe.start' | 'observe.stop' | 'observe.refused', obs: Observation, target: Record<string, string | null>) => {
    const st = o.recorder.state();
    o.audit({
      personId: null,
      personName: obs.by.name,
      role: null,
      call,
      door: 'central',
      hearingId: st.hearingId && /^\d+$/.test(st.hearingId) ? Number(st.hearingId) : null,
      target: { observationId: obs.id, login: obs.by.login, sessionId: st.sessionId, ...target },
      outcome: call === 'observe.refused' ? 'refused' : 'ok',
    });
  };

  const stopEncoder = () => {
    const e = encoder;
    encoder = null;
    head = null;
    if (e) void e.close().catch((err) => log.warn({ err }, 'observation encoder did not close'));
  };

  /** Ends one observer's stream: `by` central (the supervisor stopped or left) or the station (the rules). */
  const end = (id: string, by: 'central' | 'station', reason: ObservationReason | null) => {
    const link = links.get(id);
    if (!link) return;
    links.delete(id);
    link.end();
    const client = o.client();
    if (by === 'station' && client) void client.observationStatus(id, { state: 'ended', reason, hearingId: null }).catch((e) => log.debug({ err: (e as Error).message }, 'observation end not sent'));
    audit('observe.stop', link.observation, { endedBy: by, reason, droppedBytes: String(link.dropped) });
    if (!links.size) stopEncoder();
    emit();
  };
  const endAll = (reason: ObservationReason) => {
    for (const id of [...links.keys()]) end(id, 'station', reason);
  };

  const startEncoder = (sampleRate: number) => {
    const e = new OpusStream({
      sampleRate,
      onHead: (h) => {
        head = h;
        for (const l of links.values()) l.setHead(h);
      },
      onPages: (pages) => {
        for (const l of links.values()) l.pages(pages);
      },
      onError: (err) => {
        log.error({ err }, 'observation encoder failed; the recording goes on');
        if (encoder === e) stopEncoder();
      },
    });
    encoder = e;
  };

  const begin = (client: CentralClient, obs: Observation) => {
    const why = o.refusal();
    if (why) {
      if (refusedIds.has(obs.id)) return;
      refusedIds.add(obs.id);
      void client.observationStatus(obs.id, { state: 'refused', reason: why, hearingId: null }).catch((e) => log.debug({ err: (e as Error).message }, 'observation refusal not sent'));
      refused = { name: obs.by.name, reason: why, at: new Date().toISOString() };
      audit('observe.refused', obs, { reason: why });
      emit();
      return;
    }
    const link = new ObserverLink(obs, client, log, () => end(obs.id, 'central', null));
    links.set(obs.id, link);
    if (head) link.setHead(head);
    const hearingId = o.centralHearingId(o.recorder.state().hearingId);
    void client.observationStatus(obs.id, { state: 'streaming', reason: null, hearingId }).catch((e) => log.debug({ err: (e as Error).message }, 'observation status not sent'));
    audit('observe.start', obs, { hearingId });
    log.info({ observation: obs.id, by: obs.by.login }, 'observed from the Situation Center');
    emit();
  };

  // The room's sound, while someone observes: mixed, and silence in a recess (it is not recorded either).
  const offTap = o.recorder.live.add((s) => {
    if (!links.size || closed) return;
    const now = Date.now();
    if (now - lastCheck >= tuning.checkMs) {
      lastCheck = now;
      const why = o.refusal();
      if (why) return endAll(why);
    }
    if (!encoder) startEncoder(s.sampleRate);
    const mono = mixToMono(s.pcm, s.channels);
    encoder!.write(s.recording ? mono : Buffer.alloc(mono.length));
  });
  const offState = deps.events.on('recording.state', (st) => {
    if (links.size && st.state !== 'recording' && st.state !== 'paused') endAll('stopped');
  });

  const loop = async () => {
    while (!closed) {
      const client = o.client();
      if (!client) {
        await sleep(tuning.retryMs, stop.signal);
        continue;
      }
      try {
        const { observations } = await client.observations(tuning.waitS, [...links.keys()], stop.signal);
        const open = new Set(observations.map((x) => x.id));
        for (const id of [...links.keys()]) if (!open.has(id)) end(id, 'central', null);
        for (const obs of observations) if (!links.has(obs.id)) begin(client, obs);
      } catch (e) {
        if (closed) break;
        log.debug({ err: (e as Error).message }, 'observation poll failed');
        await sleep(tuning.retryMs, stop.signal);
      }
    }
  };
  const looping = loop();

  return {
    handlers: {
      'observe.state': () => state(),
      'observe.frame': ({ jpeg }) => {
        if (!links.size) return { sent: false };
        const bytes = Buffer.from(jpeg, 'base64');
        if (bytes[0] !== 0xff || bytes[1] !== 0xd8) throw new HattamaError('observe.notJpeg');
        let sent = false;
        for (const l of links.values()) sent = l.frame(bytes) || sent;
        return { sent };
      },
    },
    async close() {
      closed = true;
      endAll('stopped');
      stop.abort();
      offTap();
      offState();
      await looping;
    },
  };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });
}
