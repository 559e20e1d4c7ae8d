import type { HattamaApi } from '../../../common/contract/api';
import type { RecordingState } from '../../../common/contract/recording';
import { MAX_RECORDED_CAMERAS, VIDEO_MIME_TYPES, type VideoControl } from '../../../common/contract/video';
import { matchCameras } from '../../../common/camera-match';
import type { Settings } from '../../../common/settings';
import { sleep, VideoRun, type MimeType } from './video-run';

// The renderer's side of video: it owns the cameras and the screen capture. It follows the
// core's recording state — a session that records records every assigned camera (and the screen
// when settings.recordScreen is on); a pause or a stop stops them — and the core's
// `video.control` instructions (rotate with the audio's segments; stop before signing).
//
// Cameras come from settings.cameras ({deviceId, label, role, width, height}, at most 4); a
// saved id this page's origin does not know is found again by its label (common/camera-match.ts:
// ids are origin-scoped, so the served UI on a new port sees new ones). When that
// list is empty the first camera the browser offers is recorded as role "judge" at 1280x720.
// Camera i is track cam<i>; the screen is track `screen`. A camera whose track ends raises an
// alarm through the core and is looked for again every few seconds; when it is back it records
// in a new run (the core marks the gap).

export type TrackStatus = 'off' | 'starting' | 'preview' | 'recording' | 'lost';

export interface LiveTrack {
  track: string;
  source: 'camera' | 'screen';
  role: string;
  label: string;
  stream: MediaStream | null;
  status: TrackStatus;
  /** Chunks not yet acknowledged by the core. */
  pending: number;
}

interface Plan {
  track: string;
  source: 'camera' | 'screen';
  role: string;
  deviceId: string | null;
  width: number;
  height: number;
}

const RETRY_MS = 3000;

export function pickMimeType(): MimeType | null {
  if (typeof MediaRecorder === 'undefined') return null;
  return VIDEO_MIME_TYPES.find((t) => MediaRecorder.isTypeSupported(t)) ?? null;
}

/**
 * The cameras present, with ids and labels. Before the page was granted a camera the browser
 * hides both, so when a saved id is not among them one short getUserMedia asks for the grant.
 */
async function presentCameras(saved: ReadonlyArray<{ deviceId: string }>): Promise<MediaDeviceInfo[]> {
  const list = async () => (await navigator.mediaDevices.enumerateDevices().catch(() => [])).filter((d) => d.kind === 'videoinput');
  let cams = await list();
  if (saved.some((s) => !cams.some((c) => c.deviceId === s.deviceId)) && cams.every((c) => !c.label)) {
    const probe = await navigator.mediaDevices.getUserMedia({ video: true, audio: false }).catch(() => null);
    if (probe) {
      cams = await list();
      for (const t of probe.getTracks()) t.stop();
    }
  }
  return cams;
}

export class VideoController {
  private live = new Map<string, LiveTrack>();
  private runs = new Map<string, VideoRun>();
  private sessionId: string | null = null;
  private recording = false;
  private previewRefs = 0;
  private listeners = new Set<() => void>();
  private snapshot: LiveTrack[] = [];
  private plans: Plan[] = [];
  private settings: Settings | null = null;
  private sync: Promise<void> = Promise.resolve();
  private retryTimer: ReturnType<typeof setInterval> | null = null;
  readonly mimeType = pickMimeType();

  constructor(private readonly api: () => HattamaApi) {}

  /** Follows the core from now on (called once, at startup). */
  start(): void {
    const a = this.api();
    a.on.recording.state((s) => this.onRecordingState(s));
    a.on.video.control((c) => this.onControl(c));
    a.on.settings.changed((s) => {
      this.settings = s;
    });
    void a.settings.get({}).then((r) => {
      if (r.ok) this.settings = r.value;
      return a.recording.state({});
    }).then((r) => r.ok && this.onRecordingState(r.value));
  }

  subscribe(l: () => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  getSnapshot = (): LiveTrack[] => this.snapshot;

  /** Previews want the cameras open even when nothing records. Returns the release function. */
  acquirePreview(): () => void {
    this.previewRefs += 1;
    this.serial(() => this.ensureStreams());
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.previewRefs -= 1;
      this.serial(async () => {
        if (this.previewRefs === 0 && !this.recording) this.releaseStreams();
      });
    };
  }

  // ---------------------------------------------------------------- following the core

  private onRecordingState(s: RecordingState): void {
    const shouldRecord = s.state === 'recording' && s.sessionId !== null;
    if (shouldRecord && (!this.recording || this.sessionId !== s.sessionId)) {
      this.recording = true;
      this.sessionId = s.sessionId;
      this.serial(() => this.startAll());
    } else if (!shouldRecord && this.recording) {
      this.recording = false;
      this.serial(() => this.stopAll());
    }
  }

  private onControl(c: VideoControl): void {
    if (c.sessionId !== this.sessionId) return;
    if (c.action === 'stop') {
      this.recording = false;
      this.serial(() => this.stopAll());
    } else if (c.action === 'rotate' && this.recording) {
      this.serial(async () => {
        for (const [track, old] of [...this.runs]) {
          const lt = this.live.get(track);
          if (!lt?.stream || old.dead) continue;
          // The new recorder starts before the old one stops: the runs overlap, nothing is lost.
          this.startRun(lt, old.id);
          void old.stop();
        }
      });
    }
  }

  private serial(fn: () => Promise<void>): void {
    this.sync = this.sync.then(fn).catch((e: unknown) => console.warn('video:', e));
  }

  private async startAll(): Promise<void> {
    await this.ensureStreams();
    if (!this.recording) return;
    for (const lt of this.live.values()) if (lt.stream && !this.runs.has(lt.track)) this.startRun(lt, null);
    this.retryTimer ??= setInterval(() => this.serial(() => this.retryLost()), RETRY_MS);
    this.changed();
  }

  private async stopAll(): Promise<void> {
    if (this.retryTimer) clearInterval(this.retryTimer);
    this.retryTimer = null;
    const runs = [...this.runs.values()];
    this.runs.clear();
    await Promise.all(runs.map((r) => r.stop()));
    for (const lt of this.live.values()) if (lt.status === 'recording') lt.status = lt.stream ? 'preview' : 'off';
    if (this.previewRefs === 0) this.releaseStreams();
    this.changed();
  }

  private startRun(lt: LiveTrack, continues: number | null): void {
    if (!lt.stream || !this.sessionId || !this.mimeType) return;
    const settings = lt.stream.getVideoTracks()[0]?.getSettings() ?? {};
    const run = new VideoRun(
      this.api,
      {
        sessionId: this.sessionId,
        track: lt.track,
        source: lt.source,
        role: lt.role,
        label: lt.label.slice(0, 300),
        width: Math.max(1, settings.width ?? 1),
        height: Math.max(1, settings.height ?? 1),
        mimeType: this.mimeType,
        continues,
      },
      lt.stream,
      () => this.updatePending(),
      (code) => this.onRunFatal(lt, run, code),
    );
    this.runs.set(lt.track, run);
    lt.status = 'recording';
    run.start();
    this.changed();
  }

  private onRunFatal(lt: LiveTrack, run: VideoRun, code: string): void {
    if (this.runs.get(lt.track) !== run) return;
    this.runs.delete(lt.track);
    // The core closed the run (it heard nothing for too long): go on in a new one.
    if (code === 'video.runClosed' && this.recording && lt.stream) this.serial(async () => this.startRun(lt, null));
    this.changed();
  }

  // ---------------------------------------------------------------- devices

  private async plan(): Promise<Plan[]> {
    const s = this.settings;
    const configured = (s?.cameras ?? []).slice(0, MAX_RECORDED_CAMERAS);
    const present = configured.length ? await presentCameras(configured) : [];
    const matched = matchCameras(configured, present);
    const plans: Plan[] = configured.map((c, i) => ({ track: `cam${i + 1}`, source: 'camera', role: c.role || `cam${i + 1}`, deviceId: matched[i]?.deviceId || c.deviceId || null, width: c.width, height: c.height }));
    if (plans.length === 0) {
      // Nothing assigned: the first camera there is, as the judge's camera.
      const devices = await navigator.mediaDevices.enumerateDevices().catch(() => []);
      const first = devices.find((d) => d.kind === 'videoinput');
      if (first) plans.push({ track: 'cam1', source: 'camera', role: 'judge', deviceId: first.deviceId || null, width: 1280, height: 720 });
    }
    if (s?.recordScreen) plans.push({ track: 'screen', source: 'screen', role: 'remote', deviceId: null, width: 1280, height: 720 });
    return plans;
  }

  private async ensureStreams(): Promise<void> {
    this.plans = await this.plan();
    for (const p of this.plans) {
      const lt = this.live.get(p.track) ?? { track: p.track, source: p.source, role: p.role, label: '', stream: null, status: 'off' as TrackStatus, pending: 0 };
      lt.role = p.role;
      this.live.set(p.track, lt);
      if (lt.stream) continue;
      await this.open(p, lt);
    }
    this.changed();
  }

  private async open(p: Plan, lt: LiveTrack): Promise<boolean> {
    lt.status = 'starting';
    this.changed();
    try {
      const size = { width: { ideal: p.width }, height: { ideal: p.height } };
      const stream =
        p.source === 'screen'
          ? await navigator.mediaDevices.getDisplayMedia({ video: { ...size, frameRate: { ideal: 15 } }, audio: false })
          : await navigator.mediaDevices.getUserMedia({ video: { ...size, ...(p.deviceId ? { deviceId: { exact: p.deviceId } } : {}) }, audio: false });
      const vt = stream.getVideoTracks()[0];
      if (!vt) throw new Error('no video track');
      lt.stream = stream;
      lt.label = vt.label || p.track;
      lt.status = this.recording ? 'recording' : 'preview';
      vt.addEventListener('ended', () => this.onEnded(lt, stream));
      return true;
    } catch (e) {
      console.warn(`video ${p.track}: cannot open: ${String(e)}`);
      lt.stream = null;
      lt.status = 'lost';
      return false;
    } finally {
      this.changed();
    }
  }

  /** The camera went away (unplugged, driver gone): alarm through the core; look for it again. */
  private onEnded(lt: LiveTrack, stream: MediaStream): void {
    if (lt.stream !== stream) return;
    lt.stream = null;
    lt.status = 'lost';
    const run = this.runs.get(lt.track);
    this.runs.delete(lt.track);
    const sessionId = this.sessionId;
    if (this.recording && sessionId) {
      // Deliver what the recorder has, close the run, then tell the core (which raises the alarm).
      void (async () => {
        await run?.stop();
        await this.api().video.lost({ sessionId, track: lt.track, run: run?.id ?? null });
      })();
    } else {
      run?.abort();
    }
    this.changed();
  }

  private async retryLost(): Promise<void> {
    if (!this.recording) return;
    // A camera plugged in again may come back under another id: find it again by its label.
    if ([...this.live.values()].some((lt) => lt.status === 'lost' && lt.source === 'camera')) this.plans = await this.plan();
    for (const p of this.plans) {
      const lt = this.live.get(p.track);
      if (!lt || lt.stream || lt.status !== 'lost') continue;
      if (await this.open(p, lt)) {
        if (this.recording && !this.runs.has(lt.track)) this.startRun(lt, null);
      } else {
        await sleep(0);
      }
    }
  }

  private releaseStreams(): void {
    for (const lt of this.live.values()) {
      for (const t of lt.stream?.getTracks() ?? []) t.stop();
      lt.stream = null;
      lt.status = 'off';
    }
    this.changed();
  }

  private updatePending(): void {
    let changed = false;
    for (const lt of this.live.values()) {
      const n = this.runs.get(lt.track)?.pending ?? 0;
      if (n !== lt.pending) {
        lt.pending = n;
        changed = true;
      }
    }
    if (changed) this.changed();
  }

  private changed(): void {
    this.snapshot = [...this.live.values()].map((t) => ({ ...t }));
    for (const l of this.listeners) l();
  }
}

let controller: VideoController | null = null;

/** The one controller of this window; started once at startup. */
export function startVideo(api: () => HattamaApi): VideoController {
  if (!controller) {
    controller = new VideoController(api);
    controller.start();
  }
  return controller;
}

export function videoController(): VideoController | null {
  return controller;
}
