import { CONFERENCE_TRACK } from '../../../common/contract/recording';
import type { ReviewSegment, ReviewSession, ReviewTrack } from '../../../common/contract/review';
import { MixGraph } from './review-mixer';
import { audioSegments, locate } from './timeline';
import { followPlayer, TrackFollower } from './video-follower';

// Plays one recording session: the microphones' WAV segments in turn on two <audio> elements
// (the next one is preloaded and takes over on 'ended'); they are the clock. The conference's
// sound, when recorded, follows that clock on two elements of its own (video-follower.ts), as
// the video tiles do. Both go through the mix graph (review-mixer.ts), so one microphone, or the
// conference, can be soloed, muted or raised, each with its meter. Every start of playback is
// first written to the audit log (`audit`); when that fails the player stays silent.

export interface PlayerSnapshot {
  playing: boolean;
  positionMs: number;
  durationMs: number;
  /** Soloed row (1-based: the microphones' channels, then the conference) or null for the mix. */
  solo: number | null;
  loading: boolean;
  error: { file: string } | null;
  /** Playback speed (1 = as recorded), pitch kept. */
  rate: number;
  /** Per row (index 0 = channel 1): left out of the mix. */
  muted: readonly boolean[];
  /** Per row: the listener's gain on top of the mix's (1 = as recorded). */
  gain: readonly number[];
}

/** What a playback start plays, as the audit records it: the mix, one microphone, or the conference. */
export interface PlayTarget {
  channel: number | null;
  track: ReviewTrack;
}

export type AuditPlayback = (positionMs: number, target: PlayTarget) => Promise<boolean>;

export class ReviewPlayer {
  readonly segments: ReviewSegment[];
  readonly channels: number;
  /** The conference's row (channels + 1), or null when the session has no conference track. */
  readonly conferenceRow: number | null;
  /** Rows of the mixer: the microphones, then the conference. */
  readonly rows: number;
  readonly durationMs: number;
  readonly elements: [HTMLAudioElement, HTMLAudioElement];
  private cur: 0 | 1 = 0;
  private loaded: [number, number] = [-1, -1];
  private playing = false;
  private solo: number | null = null;
  private muted: boolean[] = [];
  private gain: number[] = [];
  private rate = 1;
  private loading = false;
  private error: { file: string } | null = null;
  private graph: MixGraph | null = null;
  private graphTried = false;
  private readonly conference: TrackFollower | null = null;
  private stopFollowing: () => void = () => undefined;
  private listeners = new Set<() => void>();
  private snap: PlayerSnapshot;
  private ticker = 0;
  private destroyed = false;
  private moving = 0;

  constructor(
    readonly session: ReviewSession,
    private readonly audit: AuditPlayback,
    host: HTMLElement,
  ) {
    this.segments = audioSegments(session);
    this.channels = session.channels.length || 1;
    this.durationMs = session.durationMs;
    this.elements = [this.makeElement(host, 0), this.makeElement(host, 1)];
    const conf = session.conference ? session.segments.filter((x) => x.kind === 'audio' && x.track === CONFERENCE_TRACK).sort((a, b) => a.startMs - b.startMs) : [];
    this.conferenceRow = conf.length ? this.channels + 1 : null;
    this.rows = this.channels + (conf.length ? 1 : 0);
    this.snap = this.compute();
    // Sealed ranges: the clock never enters one it may not, and the core serves their samples as silence.
    if (conf.length) this.conference = new TrackFollower({ track: CONFERENCE_TRACK, segments: conf }, [], host, () => undefined, 'audio');
    if (this.conference) this.stopFollowing = followPlayer(this, [this.conference]);
  }

  private makeElement(host: HTMLElement, slot: 0 | 1): HTMLAudioElement {
    const el = document.createElement('audio');
    el.preload = 'auto';
    el.dataset.testid = 'review-audio';
    el.dataset.slot = String(slot);
    el.addEventListener('ended', () => void this.onEnded(slot));
    el.addEventListener('error', () => {
      const i = this.loaded[slot];
      if (i === undefined || i < 0 || !el.getAttribute('src')) return;
      this.error = { file: this.segments[i]?.file ?? '' };
      if (slot === this.cur) this.playing = false;
      this.emit();
    });
    host.appendChild(el);
    return el;
  }

  // --- observing ---------------------------------------------------------------------------

  subscribe(l: () => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  snapshot = (): PlayerSnapshot => this.snap;

  private compute(): PlayerSnapshot {
    return { playing: this.playing, positionMs: this.position(), durationMs: this.durationMs, solo: this.solo, loading: this.loading, error: this.error, rate: this.rate, muted: this.muted, gain: this.gain };
  }
  private emit(): void {
    this.snap = this.compute();
    for (const l of this.listeners) l();
  }

  position(): number {
    const i = this.loaded[this.cur]!;
    const seg = this.segments[i];
    if (!seg) return 0;
    return Math.min(this.durationMs, seg.startMs + this.elements[this.cur].currentTime * 1000);
  }

  /** Per-row RMS in dBFS from the analysers (-120 when silent or not playing through Web Audio). */
  levels(): number[] {
    const got = this.playing && this.graph ? this.graph.levels() : [];
    return Array.from({ length: this.rows }, (_, i) => got[i] ?? -120);
  }

  /** RMS in dBFS of what the listener hears (after solo, mute and gain); -120 when silent. */
  outputLevel(): number {
    return this.playing && this.graph ? this.graph.output() : -120;
  }

  /** A row as the audit names it. */
  target(row: number | null): PlayTarget {
    return row !== null && row === this.conferenceRow ? { channel: null, track: 'conference' } : { channel: row, track: 'audio' };
  }

  // --- transport -----------------------------------------------------------------------------

  /** Starts playing at `ms` (audited). */
  async playFrom(ms: number): Promise<void> {
    await this.seek(ms);
    await this.start();
  }

  async toggle(): Promise<void> {
    if (this.playing) this.pause();
    else await this.start();
  }

  pause(): void {
    this.playing = false;
    for (const el of this.elements) el.pause();
    this.emit();
  }

  /** Moves to `ms`; keeps playing if it was (a jump within the same listening, not audited again). */
  async seek(ms: number): Promise<void> {
    this.moving++;
    try {
      await this.moveTo(ms);
    } finally {
      this.moving--;
    }
    this.emit();
  }

  /**
   * True while a seek is under way: position() may then read a file just loaded at its start,
   * so whoever follows the clock (the video tiles) waits for the change that ends it.
   */
  get seeking(): boolean {
    return this.moving > 0;
  }

  /** Whether the audio is moving on now (playing, not seeking or waiting for data): only then do the videos run with it. */
  advancing(): boolean {
    const el = this.elements[this.cur];
    return this.playing && !this.seeking && !el.paused && !el.seeking && el.readyState >= HTMLMediaElement.HAVE_FUTURE_DATA;
  }

  private async moveTo(ms: number): Promise<void> {
    const target = Math.max(0, Math.min(this.pastSealed(ms), Math.max(0, this.durationMs - 1)));
    const at = locate(this.segments, target);
    if (!at) return;
    const wasPlaying = this.playing;
    if (this.loaded[this.cur] !== at.index) {
      this.elements[this.cur].pause();
      if (this.loaded[this.other] === at.index) this.cur = this.other;
      else await this.load(this.cur, at.index);
    }
    const el = this.elements[this.cur];
    await this.ready(el);
    el.currentTime = at.offsetSec;
    this.preloadNext();
    if (wasPlaying) await el.play().catch(() => undefined);
  }

  /**
   * Sealed ranges this listener may not enter: the core tells a judge who sealed a range (`by`)
   * and nobody else, and refuses their playback inside it. Playback jumps over them.
   */
  private get closed(): ReviewSession['sealed'] {
    return this.session.sealed.filter((s) => s.by === null);
  }

  /** `ms`, or the end of the sealed range it falls in (ranges back to back are jumped together). */
  private pastSealed(ms: number): number {
    let at = ms;
    for (let moved = true; moved; ) {
      moved = false;
      for (const s of this.closed) {
        if (at < s.fromMs || at >= s.toMs) continue;
        at = s.toMs;
        moved = true;
      }
    }
    return at;
  }

  /** Playback speed on both elements (kept when the next file is loaded), with the pitch preserved. */
  setRate(rate: number): void {
    this.rate = rate;
    for (const el of this.elements) this.applyRate(el);
    this.emit();
  }

  private applyRate(el: HTMLAudioElement): void {
    el.preservesPitch = true;
    el.defaultPlaybackRate = this.rate;
    el.playbackRate = this.rate;
  }

  async skip(deltaMs: number): Promise<void> {
    await this.seek(this.position() + deltaMs);
  }

  /** Solo one row (a microphone 1..N, or the conference) or null for the mix; audited as a new start when playing. */
  async setSolo(row: number | null): Promise<void> {
    if (this.playing && !(await this.audit(Math.round(this.position()), this.target(row)))) return;
    this.solo = row;
    this.applyGains();
    this.emit();
  }

  /** Leave one row (1-based) out of the mix, or bring it back; a solo still plays it. */
  setMuted(row: number, on: boolean): void {
    this.muted = Array.from({ length: this.rows }, (_, i) => (i === row - 1 ? on : (this.muted[i] ?? false)));
    this.applyGains();
    this.emit();
  }

  /** The listener's gain for one row, 0–4 (a quiet voice raised, a loud one lowered). */
  setGain(row: number, factor: number): void {
    const v = Math.min(4, Math.max(0, Number.isFinite(factor) ? factor : 1));
    this.gain = Array.from({ length: this.rows }, (_, i) => (i === row - 1 ? v : (this.gain[i] ?? 1)));
    this.applyGains();
    this.emit();
  }

  private async start(): Promise<void> {
    if (this.segments.length === 0) return;
    if (this.loaded[this.cur] === -1) await this.seek(0);
    const pos = Math.round(this.position());
    if (!(await this.audit(pos, this.target(this.solo)))) return;
    this.ensureGraph();
    await this.graph?.ctx.resume().catch(() => undefined);
    const el = this.elements[this.cur];
    this.error = null;
    this.playing = true;
    try {
      await el.play();
    } catch {
      this.playing = false;
    }
    this.tick();
    this.emit();
  }

  private async onEnded(slot: 0 | 1): Promise<void> {
    if (slot !== this.cur || !this.playing) return;
    const next = this.loaded[this.cur]! + 1;
    if (next >= this.segments.length) {
      this.playing = false;
      this.emit();
      return;
    }
    if (this.loaded[this.other] !== next) await this.load(this.other, next);
    this.cur = this.other;
    const el = this.elements[this.cur];
    el.currentTime = 0;
    await el.play().catch(() => undefined);
    this.preloadNext();
    this.emit();
  }

  private preloadNext(): void {
    const next = this.loaded[this.cur]! + 1;
    const other = this.other;
    if (next < this.segments.length && this.loaded[other] !== next) void this.load(other, next);
  }

  private get other(): 0 | 1 {
    return this.cur === 0 ? 1 : 0;
  }

  private async load(slot: 0 | 1, index: number): Promise<void> {
    const el = this.elements[slot];
    const seg = this.segments[index]!;
    this.loaded[slot] = index;
    el.src = seg.url;
    el.dataset.startMs = String(seg.startMs);
    el.dataset.file = seg.file;
    if (slot === this.cur) {
      this.loading = true;
      this.emit();
    }
    await this.ready(el);
    this.applyRate(el);
    if (slot === this.cur) {
      this.loading = false;
      this.emit();
    }
  }

  private ready(el: HTMLAudioElement): Promise<void> {
    if (el.readyState >= HTMLMediaElement.HAVE_METADATA) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        el.removeEventListener('loadedmetadata', done);
        el.removeEventListener('error', done);
        resolve();
      };
      el.addEventListener('loadedmetadata', done);
      el.addEventListener('error', done);
    });
  }

  // --- Web Audio -----------------------------------------------------------------------------

  private ensureGraph(): void {
    if (this.graphTried || typeof AudioContext === 'undefined') return;
    this.graphTried = true;
    try {
      this.graph = new MixGraph(this.elements, this.channels, this.conference?.elements ?? null);
      this.applyGains();
    } catch {
      // Without Web Audio the elements play the files as they are (the mix); solo is not available.
      this.graph = null;
    }
  }

  private applyGains(): void {
    this.graph?.apply({ solo: this.solo, muted: this.muted, gain: this.gain });
  }

  private tick(): void {
    if (this.ticker || this.destroyed) return;
    const loop = () => {
      this.ticker = 0;
      if (!this.playing || this.destroyed) {
        this.emit();
        return;
      }
      const pos = this.position();
      if (this.pastSealed(pos) !== pos) void this.seek(pos);
      this.emit();
      this.ticker = window.setTimeout(loop, 100);
    };
    this.ticker = window.setTimeout(loop, 100);
  }

  destroy(): void {
    this.destroyed = true;
    this.playing = false;
    window.clearTimeout(this.ticker);
    this.stopFollowing();
    this.conference?.destroy();
    for (const el of this.elements) {
      el.pause();
      el.removeAttribute('src');
      el.load();
      el.remove();
    }
    this.graph?.close();
    this.listeners.clear();
  }
}
