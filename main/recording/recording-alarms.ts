import type { Alarm, AlarmKind } from '../../common/contract/recording';
import type { Settings } from '../../common/settings';
import type { EventBus } from '../runtime/event-bus';
import { translator } from '../i18n/translator';
import type { Logger } from '../log/logger';
import type { ChannelLevels } from './conference-watch';
import { DEFAULT_MONITOR, LevelMonitor, type MonitorOptions } from './monitor';
import { roleOf, type RecordingConfig, type ServiceTuning } from './recording-config';

// The recorder's alarms and levels: each alarm goes to the bus (`recording.alarm`), to the log
// in the station's language, and into the session's summary; levels go to the bus ten times a second.

export interface AlarmDeps {
  log: Logger;
  events: Pick<EventBus, 'emit'>;
  language: () => Settings['language'];
}

/** A channel's alarms say so in words when they are over (the log; the board just drops them). */
const CLEARED: ReadonlySet<AlarmKind> = new Set(['deadMic', 'clipping', 'hum', 'conferenceLost', 'conferenceSilent']);

export type RaisedAlarm = Pick<Alarm, 'kind' | 'channel' | 'role' | 'params'> & { at: string };

export class RecordingAlarms {
  /** Alarms raised during this session (the summary lists them). */
  readonly raised: RaisedAlarm[] = [];

  constructor(
    private readonly deps: AlarmDeps,
    private readonly config: RecordingConfig,
    private readonly sessionId: string,
  ) {}

  raise(kind: AlarmKind, channel: number | null, active: boolean, params: Record<string, number | string>): void {
    const role = channel ? roleOf(this.config, channel - 1) : null;
    const code = !active && CLEARED.has(kind) ? `recording:alarms.${kind}Cleared` : `recording:alarms.${kind}`;
    const p: Record<string, string | number> = { ...params, ...(channel ? { channel } : {}), ...(role ? { role } : {}) };
    const payload: Alarm = { kind, channel, role, code, params: p, active, at: Date.now(), sessionId: this.sessionId };
    if (active) this.raised.push({ kind, channel, role, params: p, at: new Date().toISOString() });
    const text = translator(this.deps.language())(code, p);
    const line = { alarm: kind, channel, role, active, params: p, sessionId: this.sessionId };
    if (active) this.deps.log.warn(line, text);
    else this.deps.log.info(line, text);
    this.deps.events.emit('recording.alarm', payload);
  }

  /**
   * The level monitor of the session: levels to the bus (with the conference track's latest, when
   * it has one), its alarms (dead mic; clipping and hum from the live watch) raised here.
   */
  monitor(tuning: ServiceTuning, position: () => number, conference: () => ChannelLevels | undefined = () => undefined): LevelMonitor {
    const config = this.config;
    const opts: MonitorOptions = { ...DEFAULT_MONITOR, ...tuning.monitor, channels: config.channels, sampleRate: config.sampleRate };
    return new LevelMonitor(
      opts,
      (l) => {
        const conf = conference();
        this.deps.events.emit('recording.levels', {
          sessionId: this.sessionId,
          at: Date.now(),
          position: position(),
          channels: l.rmsDb.map((rms, i) => ({ channel: i + 1, role: roleOf(config, i), peakDb: l.peakDb[i]!, rmsDb: rms })),
          ...(conf ? { conference: conf } : {}),
        });
      },
      (al) => this.raise(al.kind, al.channel, al.active, al.params),
    );
  }
}
