import { correction, nextToPreload, tileAt, type TileAt, type VideoTrack } from './video-sync';

// One track of a session, slaved to the audio clock of the ReviewPlayer: a video track on two
// muted <video> elements, or the conference's sound on two <audio> elements (which the player's
// mix graph takes in). Like the microphones, a track plays its files in turn: the one in use and
// the next file loaded ahead of the boundary. On every change of the player (seek, play, pause, rate, a new
// audio file) and every 40 ms while it plays, `follow` puts the right file in the shown element
// at position − segment.startMs; while both play, a drift is closed by nudging the video's rate
// (video-sync.ts), a large one by a seek. A file withheld by a seal is never loaded.

export type TileShow = 'picture' | 'none' | 'sealed' | 'failed';

export interface Clock {
  positionMs: number;
  playing: boolean;
  rate: number;
}

/** The audio's position unchanged this long (ms) while playing: its clock stands still. */
const STILL_MS = 60;

/** What a follower needs of the player it follows (the ReviewPlayer). */
export interface PlayerClock {
  subscribe(l: () => void): () => void;
  snapshot(): { playing: boolean; loading: boolean; rate: number };
  position(): number;
  advancing(): boolean;
  readonly seeking: boolean;
}

export class TrackFollower {
  readonly elements: [HTMLMediaElement, HTMLMediaElement];
  private loaded: [number, number] = [-1, -1];
  private cur: 0 | 1 = 0;
  private show: TileShow | null = null;
  private failed = new Set<number>();
  private last: Clock = { positionMs: 0, playing: false, rate: 1 };
  private destroyed = false;

  constructor(
    readonly track: VideoTrack,
    private readonly closed: Array<{ fromMs: number; toMs: number }>,
    host: HTMLElement,
    private readonly onShow: (show: TileShow, file: string | null) => void,
    private readonly media: 'video' | 'audio' = 'video',
  ) {
    this.elements = [this.makeElement(host, 0), this.makeElement(host, 1)];
  }

  private makeElement(host: HTMLElement, slot: 0 | 1): HTMLMediaElement {
    let el: HTMLMediaElement;
    if (this.media === 'video') {
      const v = document.createElement('video');
      v.muted = true;
      v.playsInline = true;
      v.disablePictureInPicture = true;
      v.dataset.testid = 'tile-video';
      el = v;
    } else {
      el = document.createElement('audio');
      el.preservesPitch = true;
      el.dataset.testid = 'track-audio';
    }
    el.preload = 'auto';
    el.dataset.track = this.track.track;
    el.dataset.slot = String(slot);
    el.dataset.active = 'false';
    // A file ready or a seek done: the picture is put right at once, not at the next tick.
    el.addEventListener('loadedmetadata', () => this.follow(this.last));
    el.addEventListener('seeked', () => this.follow(this.last));
    el.addEventListener('error', () => {
      const i = this.loaded[slot]!;
      if (i < 0 || !el.getAttribute('src')) return;
      this.failed.add(i);
      this.follow(this.last);
    });
    host.appendChild(el);
    return el;
  }

  private get other(): 0 | 1 {
    return this.cur === 0 ? 1 : 0;
  }

  private setShow(show: TileShow, index: number | null): void {
    if (show === this.show) return;
    this.show = show;
    this.onShow(show, index === null ? null : (this.track.segments[index]?.file ?? null));
  }

  private load(slot: 0 | 1, index: number): void {
    const el = this.elements[slot];
    const seg = this.track.segments[index]!;
    this.loaded[slot] = index;
    el.pause();
    el.src = seg.url;
    el.dataset.file = seg.file;
    el.dataset.startMs = String(seg.startMs);
  }

  private unload(slot: 0 | 1): void {
    const el = this.elements[slot];
    this.loaded[slot] = -1;
    el.pause();
    el.removeAttribute('src');
    delete el.dataset.file;
    delete el.dataset.startMs;
    el.load();
  }

  private activate(slot: 0 | 1): void {
    this.cur = slot;
    this.elements[slot].dataset.active = 'true';
    this.elements[slot === 0 ? 1 : 0].dataset.active = 'false';
  }

  private blank(): void {
    for (const el of this.elements) {
      el.pause();
      el.dataset.active = 'false';
    }
  }

  /** Puts the track where the clock is. */
  follow(clock: Clock): void {
    if (this.destroyed) return;
    this.last = clock;
    const at: TileAt = tileAt(this.track.segments, clock.positionMs, this.closed);
    if (at.kind === 'sealed') {
      // Never the picture: the sealed file is not loaded, and what was loaded of it goes.
      for (const slot of [0, 1] as const) if (this.loaded[slot] === at.index) this.unload(slot);
      this.blank();
      this.setShow('sealed', at.index);
      return;
    }
    if (at.kind === 'none') {
      this.blank();
      this.setShow('none', null);
      return;
    }
    if (this.failed.has(at.index)) {
      this.blank();
      this.setShow('failed', at.index);
      return;
    }
    if (this.loaded[this.cur] !== at.index) {
      this.elements[this.cur].pause();
      if (this.loaded[this.other] === at.index) this.activate(this.other);
      else this.load(this.cur, at.index);
    }
    this.activate(this.cur);
    this.setShow('picture', at.index);
    const el = this.elements[this.cur];
    this.preload(at.index);
    if (el.readyState < HTMLMediaElement.HAVE_METADATA) return;
    const target = Math.min(at.offsetSec, Math.max(0, el.duration - 0.001) || at.offsetSec);
    if (!clock.playing || at.hold) {
      if (!el.paused) el.pause();
      if (el.playbackRate !== clock.rate) el.playbackRate = clock.rate;
      if (Math.abs(el.currentTime - target) > 0.0005) el.currentTime = target;
      return;
    }
    if (el.seeking) return;
    const c = correction(el.currentTime, target, clock.rate);
    if (c.kind === 'jump') el.currentTime = c.currentTime;
    if (Math.abs(el.playbackRate - c.playbackRate) > 0.0005) el.playbackRate = c.playbackRate;
    if (el.paused && !el.ended) void el.play().catch(() => undefined);
  }

  private preload(index: number): void {
    const next = nextToPreload(this.track.segments, index, this.closed);
    const slot = this.other;
    if (next === null || this.loaded[slot] === next) return;
    this.load(slot, next);
    this.elements[slot].currentTime = 0;
  }

  destroy(): void {
    this.destroyed = true;
    for (const slot of [0, 1] as const) {
      this.unload(slot);
      this.elements[slot].remove();
    }
  }
}

/**
 * Drives the followers from the player: at each of its changes and every 40 ms while it plays;
 * never in the middle of a seek (its position is then not yet the new one). Returns the stop.
 */
export function followPlayer(player: PlayerClock, followers: readonly TrackFollower[]): () => void {
  let timer = 0;
  let stopped = false;
  // The audio's clock stands still for a moment after it starts and at its own file boundaries
  // (the next file seeks to 0): the pictures wait with it rather than run ahead.
  let lastMs = -1;
  let lastMoved = 0;
  const step = () => {
    if (stopped || player.seeking) return;
    const snap = player.snapshot();
    const positionMs = player.position();
    const now = performance.now();
    if (positionMs !== lastMs) {
      lastMs = positionMs;
      lastMoved = now;
    }
    const moving = player.advancing() && now - lastMoved < STILL_MS;
    const clock: Clock = { positionMs, playing: snap.playing && !snap.loading && moving, rate: snap.rate };
    for (const f of followers) f.follow(clock);
  };
  const loop = () => {
    timer = 0;
    step();
    if (!stopped && player.snapshot().playing) timer = window.setTimeout(loop, 40);
  };
  const unsubscribe = player.subscribe(() => {
    step();
    if (!timer && player.snapshot().playing) timer = window.setTimeout(loop, 40);
  });
  step();
  return () => {
    stopped = true;
    window.clearTimeout(timer);
    unsubscribe();
  };
}
