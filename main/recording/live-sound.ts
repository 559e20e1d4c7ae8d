import type { Logger } from '../log/logger';

// The microphones' sound as it is recorded (a muted channel's samples are zero), chunk by chunk,
// for whoever listens live (observation from the Situation Center). A listener only reads: one
// that throws is logged and the recording goes on.

/** One chunk of the room's sound; `recording` is false in a pause (a recess is not recorded). */
export interface LiveSound {
  pcm: Buffer;
  channels: number;
  sampleRate: number;
  recording: boolean;
  sessionId: string;
  hearingId: string | null;
  positionSec: number;
}

export class LiveTaps {
  private readonly listeners = new Set<(s: LiveSound) => void>();

  add(listener: (s: LiveSound) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  feed(s: LiveSound, log: Logger): void {
    for (const l of this.listeners) {
      try {
        l(s);
      } catch (e) {
        log.warn({ err: e }, 'a live listener failed');
      }
    }
  }
}
