import { CONFERENCE_TRACK } from '../../common/contract/recording';
import type { TrackInfo } from '../evidence/chain';
import { AudioTrackWriter } from '../evidence/audio-track-writer';
import type { OpenSession } from '../evidence/open-session';
import type { Logger } from '../log/logger';
import type { Capture } from './capture';
import { CaptureSupervisor, openCapture } from './capture-supervisor';
import { ConferenceAligner } from './conference-aligner';
import { ConferenceWatch } from './conference-watch';
import type { RecordingAlarms } from './recording-alarms';
import type { RecordingConfig, ServiceTuning } from './recording-config';

// The conference's sound (what the video-conference app plays: on Linux the monitor of its
// output) as the session's `conference` track: its own capture, supervised like the
// microphones', aligned frame for frame to the microphones' timeline (conference-aligner.ts),
// written in segments that open and close with theirs. Its trouble never touches the room's
// recording: a device that fails or goes away is an alarm, its time is silence in the track
// (counted in each segment's record), and the capture is retried until the session ends.

/** The name the capture tool opens: a bare PulseAudio source ("conference.monitor") through ALSA's pulse plugin. */
export function conferenceCaptureDevice(device: string, platform = process.platform): string {
  if (platform !== 'linux' || device.includes(':') || device === 'default' || device === 'pulse') return device;
  return `pulse:${device}`;
}

/**
 * The conference capture's period: short, so that its clock is read at every phase of the sound
 * server's blocks (capture-command.ts). Only the conference's: its two channels wake the station
 * 100 times a second at little cost, while the microphones' capture at 10 ms was seen to stall
 * and restart on a loaded machine; measured over 190 s of clicks, the microphones' default periods
 * then keep the two tracks within 1–4 ms, 2 with both cores overloaded (docs/recording.md).
 */
export const CONFERENCE_PERIOD_MS = 10;

export function conferenceConfig(mic: RecordingConfig): RecordingConfig | null {
  if (!mic.conferenceDevice) return null;
  const channels = mic.conferenceChannels ?? 2;
  return { ...mic, device: conferenceCaptureDevice(mic.conferenceDevice), channels, roles: channels === 1 ? ['conference'] : ['conference-left', 'conference-right'], conferenceDevice: undefined, periodMs: CONFERENCE_PERIOD_MS };
}

export function conferenceTrackOf(mic: RecordingConfig, conf: RecordingConfig): TrackInfo {
  return {
    id: CONFERENCE_TRACK,
    kind: 'audio',
    format: 'wav',
    sampleRate: conf.sampleRate,
    channels: conf.channels,
    roles: conf.roles.map((role, i) => ({ channel: i + 1, role })),
    device: mic.conferenceDevice!,
  };
}

export type OpenedConference = Awaited<ReturnType<typeof openCapture>> | Error;

/** Starts the conference capture (beside the microphones'); a failure is returned, not thrown. */
export function openConference(conf: RecordingConfig | null, tuning: ServiceTuning): Promise<OpenedConference> | null {
  if (!conf) return null;
  return openCapture(conf, tuning).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
}

export interface ConferenceDeps {
  session: OpenSession;
  track: TrackInfo;
  config: RecordingConfig;
  segmentFrames: number;
  tuning: ServiceTuning;
  log: Logger;
  alarms: RecordingAlarms;
  timeZone: string;
  onSegmentChained: () => void;
  onError: (e: unknown) => void;
}

export class ConferenceTrack {
  readonly writer: AudioTrackWriter;
  /** Its live levels and its silence while a participant attends remotely (conference-watch.ts). */
  readonly watch: ConferenceWatch;
  private readonly aligner: ConferenceAligner;
  private readonly supervisor: CaptureSupervisor;
  private readonly timer: NodeJS.Timeout;
  /** The microphones' capture run last followed (its clock, for the drift in each segment's record). */
  private micCapture: Capture | null = null;
  private stopped = false;

  constructor(
    private readonly deps: ConferenceDeps,
    opening: Promise<OpenedConference>,
  ) {
    const { config } = deps;
    this.writer = new AudioTrackWriter(
      deps.session,
      deps.track,
      deps.segmentFrames,
      { onSegmentChained: deps.onSegmentChained, onError: deps.onError },
      { timeZone: deps.timeZone, segmentNote: () => ({ alignment: { ...this.aligner.takeSegmentStats(), driftPpm: this.driftPpm() } }) },
    );
    this.aligner = new ConferenceAligner(this.writer, { channels: config.channels, sampleRate: config.sampleRate });
    const device = deps.track.device ?? '';
    this.watch = new ConferenceWatch({ channels: config.channels, sampleRate: config.sampleRate, roles: config.roles, device, silentMs: deps.tuning.conferenceSilentMs }, (active, params) => deps.alarms.raise('conferenceSilent', null, active, params));
    this.supervisor = new CaptureSupervisor(config, deps.tuning, deps.log, () => false, {
      data: (pcm, _wall, capture, firstFrame) => {
        this.watch.feed(pcm);
        this.aligner.onConference(pcm, capture, firstFrame);
      },
      lost: () => deps.alarms.raise('conferenceLost', null, true, { device: deps.track.device ?? '' }),
      restarted: () => deps.alarms.raise('conferenceLost', null, false, { device: deps.track.device ?? '' }),
    });
    // The room's recording does not wait for the conference: what comes before it is silence, counted.
    void opening.then((opened) => this.attach(opened));
    // Conference audio that is late past the wait is written as silence even while no room audio comes in.
    this.timer = setInterval(() => this.pump(), 250);
    this.timer.unref();
  }

  private attach(opened: OpenedConference): void {
    if (this.stopped) {
      if (!(opened instanceof Error)) void opened.capture.stop();
      return;
    }
    if (opened instanceof Error) {
      this.deps.log.error({ err: opened, device: this.deps.config.device }, 'conference capture did not start; retrying while the room records');
      this.deps.alarms.raise('conferenceLost', null, true, { device: this.deps.track.device ?? '' });
      this.supervisor.runLater();
    } else this.supervisor.run(opened.capture, opened.pending);
  }

  /** The microphones wrote `frames` frames of run `capture` from its frame `firstFrame`, stamped `segWall`. */
  follow(capture: Capture, firstFrame: number, frames: number, segWall: number): void {
    this.micCapture = capture;
    // The instant on the system clock, by the microphones' clock; the aligner reads the conference
    // frames of that instant by the conference's (clock-estimate.ts).
    const wall = capture.clock.wallOfFrame(firstFrame);
    this.aligner.follow(frames, wall, segWall);
  }

  closeSegment(): void {
    this.aligner.close();
  }

  sync(): void {
    this.writer.sync();
  }

  get capturing(): boolean {
    return this.supervisor.capturing;
  }

  get totals(): ConferenceAligner['total'] {
    return this.aligner.total;
  }

  /** At the stop: the capture delivers its last audio, every frame still owed is written, the segment closes. */
  async finish(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.supervisor.stop();
    this.watch.end();
    this.aligner.pump(true);
  }

  abandon(): void {
    this.stopped = true;
    this.watch.end();
    clearInterval(this.timer);
    void this.supervisor.stop();
    this.writer.abandon();
  }

  private pump(): void {
    try {
      this.aligner.pump();
    } catch (e) {
      this.deps.onError(e);
    }
  }

  /** The conference clock against the microphones' (both measured against the system clock). */
  private driftPpm(): number | null {
    const now = Date.now();
    const conf = this.supervisor.current?.clock.reading(now).driftPpm;
    const mic = this.micCapture?.clock.reading(now).driftPpm;
    return conf === undefined || conf === null || mic === undefined || mic === null ? null : Math.round((conf - mic) * 10) / 10;
  }
}
