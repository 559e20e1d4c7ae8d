// The Web Audio graph under the review player. The microphones' elements go through a splitter
// into one gain per channel, each to both ears, with an analyser per channel before its gain (the
// judge sees who speaks even while soloing); the conference's elements, when the session has that
// track, go through one gain of their own (its channels as recorded) with their own analyser.
// A "row" is what the listener can solo, mute or raise: the microphones 1..N, then the conference.

export interface MixState {
  /** Soloed row (1-based) or null for the mix. */
  solo: number | null;
  muted: readonly boolean[];
  gain: readonly number[];
}

export class MixGraph {
  readonly ctx: AudioContext;
  private readonly gains: GainNode[] = [];
  private readonly analysers: AnalyserNode[] = [];
  private readonly out: AnalyserNode;

  /** Throws where Web Audio is missing: the caller then lets the elements play as they are. */
  constructor(mics: readonly HTMLMediaElement[], micChannels: number, conference: readonly HTMLMediaElement[] | null) {
    const ctx = new AudioContext();
    const splitter = ctx.createChannelSplitter(micChannels);
    const merger = ctx.createChannelMerger(2);
    for (const el of mics) ctx.createMediaElementSource(el).connect(splitter);
    for (let i = 0; i < micChannels; i++) {
      const gain = this.row(ctx);
      splitter.connect(this.analysers[i]!, i);
      splitter.connect(gain, i);
      gain.connect(merger, 0, 0);
      gain.connect(merger, 0, 1);
    }
    this.out = ctx.createAnalyser();
    this.out.fftSize = 1024;
    merger.connect(ctx.destination);
    merger.connect(this.out);
    if (conference) {
      const gain = this.row(ctx);
      const analyser = this.analysers[this.analysers.length - 1]!;
      for (const el of conference) {
        const src = ctx.createMediaElementSource(el);
        src.connect(gain);
        src.connect(analyser);
      }
      gain.connect(ctx.destination);
      gain.connect(this.out);
    }
    this.ctx = ctx;
  }

  private row(ctx: AudioContext): GainNode {
    const analyser = ctx.createAnalyser();
    analyser.fftSize = 1024;
    this.analysers.push(analyser);
    const gain = ctx.createGain();
    this.gains.push(gain);
    return gain;
  }

  /** Solo, mute and the listener's gain, per row; the mix is scaled so that several voices at once do not clip. */
  apply(s: MixState): void {
    const mix = 1 / Math.sqrt(Math.max(1, this.gains.length));
    this.gains.forEach((g, i) => {
      const v = s.solo === null ? (s.muted[i] ? 0 : mix) : s.solo === i + 1 ? 1 : 0;
      g.gain.setTargetAtTime(v * (s.gain[i] ?? 1), this.ctx.currentTime, 0.01);
    });
  }

  /** RMS in dBFS per row, before its gain. */
  levels(): number[] {
    return this.analysers.map(rmsDb);
  }

  /** RMS in dBFS of what the listener hears. */
  output(): number {
    return rmsDb(this.out);
  }

  close(): void {
    void this.ctx.close().catch(() => undefined);
  }
}

const scratch = new Float32Array(1024);
export function rmsDb(a: AnalyserNode | undefined): number {
  if (!a) return -120;
  a.getFloatTimeDomainData(scratch);
  let sum = 0;
  for (const v of scratch) sum += v * v;
  const rms = Math.sqrt(sum / scratch.length);
  return rms > 0 ? Math.max(-120, 20 * Math.log10(rms)) : -120;
}
