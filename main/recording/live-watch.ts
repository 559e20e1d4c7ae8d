import { clipLevel, dbfs, humPower } from './pcm-analysis';
import { LIVE_WATCH, ROOM_TEST, type LiveWatchThresholds, type RoomTestThresholds } from './thresholds';

// The continuous watch during a recording: the room test's questions (clipping, hum) asked of
// the live PCM, with the room test's own analysis and thresholds, one block (1 s) at a time.
// Clipping is raised in the block it happens in and cleared after LIVE_WATCH.clipClearBlocks
// blocks without it; hum is judged over the last LIVE_WATCH.humBlocks blocks (the share of their
// summed power), so it is raised about 5 s after it starts and cleared about 5 s after it stops.
// As in the room test, a channel that clips is not also said to hum, and a silent one hums not.
// (Silence is the level monitor's deadMic: it needs another channel's speech to tell a dead
// microphone from a quiet room.)

export interface WatchAlarm {
  kind: 'clipping' | 'hum';
  channel: number; // 1-based
  active: boolean;
  params: Record<string, number>;
}

interface HumBlock {
  hum: number;
  total: number;
}

export class LiveWatch {
  private readonly blockFrames: number;
  private readonly buf: Float32Array[];
  private filled = 0;
  private readonly clipAt: number;
  private readonly clipped: Int32Array;
  private readonly quietBlocks: Int32Array;
  private readonly clipUp: Uint8Array;
  private readonly ring: HumBlock[][];
  private readonly humUp: Uint8Array;

  constructor(
    private readonly channels: number,
    private readonly sampleRate: number,
    private readonly onAlarm: (a: WatchAlarm) => void,
    private readonly t: RoomTestThresholds = ROOM_TEST,
    private readonly w: LiveWatchThresholds = LIVE_WATCH,
  ) {
    this.blockFrames = Math.max(1, Math.round((sampleRate * w.blockMs) / 1000));
    this.buf = Array.from({ length: channels }, () => new Float32Array(this.blockFrames));
    this.clipAt = clipLevel(t);
    this.clipped = new Int32Array(channels);
    this.quietBlocks = new Int32Array(channels);
    this.clipUp = new Uint8Array(channels);
    this.ring = Array.from({ length: channels }, () => []);
    this.humUp = new Uint8Array(channels);
  }

  /** Interleaved 16-bit samples, whole frames. */
  feed(samples: Int16Array): void {
    const n = this.channels;
    const frames = Math.floor(samples.length / n);
    let i = 0;
    for (let f = 0; f < frames; f++) {
      for (let c = 0; c < n; c++) {
        const s = samples[i++]!;
        this.buf[c]![this.filled] = s;
        if ((s < 0 ? -s : s) >= this.clipAt) this.clipped[c]! += 1;
      }
      if (++this.filled === this.blockFrames) this.endBlock();
    }
  }

  /** Start listening afresh (resume after a pause, a capture restart): what was heard before does not count, and what was up is cleared. */
  reset(): void {
    this.filled = 0;
    this.clipped.fill(0);
    this.quietBlocks.fill(0);
    for (let c = 0; c < this.channels; c++) {
      this.ring[c] = [];
      if (this.clipUp[c]) this.set('clipping', c, false, {});
      if (this.humUp[c]) this.set('hum', c, false, {});
    }
  }

  private endBlock(): void {
    for (let c = 0; c < this.channels; c++) {
      this.judgeClipping(c);
      this.judgeHum(c);
    }
    this.filled = 0;
    this.clipped.fill(0);
  }

  private judgeClipping(c: number): void {
    if (this.clipped[c]! >= this.t.clipSamples) {
      this.quietBlocks[c] = 0;
      if (!this.clipUp[c]) this.set('clipping', c, true, { samples: this.clipped[c]! });
    } else if (this.clipUp[c] && ++this.quietBlocks[c]! >= this.w.clipClearBlocks) {
      this.set('clipping', c, false, {});
    }
  }

  private judgeHum(c: number): void {
    const ring = this.ring[c]!;
    ring.push(humPower(this.buf[c]!, this.sampleRate, this.t));
    if (ring.length > this.w.humBlocks) ring.shift();
    if (ring.length < this.w.humBlocks) return;
    let hum = 0;
    let total = 0;
    for (const b of ring) {
      hum += b.hum;
      total += b.total;
    }
    const share = total > 0 ? Math.min(1, hum / total) : 0;
    const rmsDb = dbfs(Math.sqrt(total / ring.length));
    const humming = !this.clipUp[c] && rmsDb > this.t.silentDb && share >= this.t.humShare;
    if (humming && !this.humUp[c]) this.set('hum', c, true, { percent: Math.round(share * 100) });
    else if (!humming && this.humUp[c]) this.set('hum', c, false, {});
  }

  private set(kind: WatchAlarm['kind'], c: number, active: boolean, params: Record<string, number>): void {
    (kind === 'clipping' ? this.clipUp : this.humUp)[c] = active ? 1 : 0;
    this.onAlarm({ kind, channel: c + 1, active, params });
  }
}
