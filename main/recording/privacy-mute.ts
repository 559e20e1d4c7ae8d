import type { TimelineEntry } from '../../common/contract/recording';

// The privacy mute of one session (docs/recording.md "Privacy mute"): the microphones whose
// samples are written as digital zeros from the sample the mute began on, every other channel
// untouched. JavaScript runs one thing at a time, so a mute set between two writes takes effect
// exactly at the next frame the track writes: that frame is the mark's `frame`, to the sample.

export interface MutedChannel {
  channel: number;
  role: string;
  /** Wall clock of the mute (ISO 8601). */
  since: string;
  /** First frame of the audio track recorded as silence. */
  frame: number;
  /** The same on the recording timeline, seconds. */
  position: number;
}

export class MuteGate {
  private readonly on = new Map<number, MutedChannel>();

  constructor(
    private readonly channels: number,
    private readonly sampleRate: number,
    private readonly roleOf: (channel: number) => string,
  ) {}

  list(): MutedChannel[] {
    return [...this.on.values()].sort((a, b) => a.channel - b.channel);
  }

  has(channel: number): boolean {
    return this.on.has(channel);
  }

  /**
   * Mutes (or unmutes) `channel` from `frame`, the next frame the track writes; returns the
   * timeline mark that says so. The hearing's rules refused what may not be done before this.
   */
  set(channel: number, on: boolean, frame: number, at: string, opts: { by?: string; reason?: string }): TimelineEntry {
    if (!Number.isInteger(channel) || channel < 1 || channel > this.channels) throw new Error(`no channel ${channel} in a ${this.channels}-channel recording`);
    if (on === this.on.has(channel)) throw new Error(`channel ${channel} is already ${on ? 'muted' : 'not muted'}`);
    const position = Math.round((frame / this.sampleRate) * 1000) / 1000;
    const role = this.roleOf(channel);
    if (on) this.on.set(channel, { channel, role, since: at, frame, position });
    else this.on.delete(channel);
    return { type: on ? 'mute' : 'unmute', at, position, frame, channel, role, ...(opts.by ? { by: opts.by } : {}), ...(opts.reason ? { reason: opts.reason } : {}) };
  }

  /** The frames as they are recorded: the muted channels' samples zero, a copy (the capture's buffer is left alone). */
  apply(pcm: Buffer): Buffer {
    if (this.on.size === 0) return pcm;
    const out = Buffer.from(pcm);
    const stride = this.channels * 2;
    for (const c of this.on.keys()) {
      for (let o = (c - 1) * 2; o + 1 < out.length; o += stride) {
        out[o] = 0;
        out[o + 1] = 0;
      }
    }
    return out;
  }
}
