// Generated signals for the room test's verdicts: interleaved 16-bit PCM at 48 kHz, each channel
// made by a function of the sample index, so every threshold is tested against a known input.

export const RATE = 48000;

/** Pseudo-random in -1..1 as a pure function of (seed, i), so one generator may feed several channels. */
export function hashNoise(seed: number, i: number): number {
  let h = Math.imul(i ^ Math.imul(seed, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return ((h >>> 0) / 0x1_0000_0000) * 2 - 1;
}

export type Gen = (i: number) => number;

export const silence: Gen = () => 0;

/** Speech-like: noise shaped into 4 syllables a second with pauses between words, peaks near -6 dBFS. */
export function speechLike(seed = 7, level = 0.25): Gen {
  return (i) => {
    const t = i / RATE;
    const word = Math.floor(t / 0.8) % 3 !== 2; // two words, then a pause
    const syllable = Math.max(0, Math.sin(2 * Math.PI * 4 * t));
    const voiced = Math.sin(2 * Math.PI * (140 + 30 * Math.sin(2 * Math.PI * 0.7 * t)) * t);
    return word ? level * syllable * (0.6 * voiced + 0.4 * hashNoise(seed, i)) * 32767 : 0;
  };
}

export function square(freq: number, amplitude = 1): Gen {
  return (i) => (Math.sin((2 * Math.PI * freq * i) / RATE) >= 0 ? 1 : -1) * amplitude * 32767;
}

/** 50 Hz with its 2nd..4th harmonics (a ground loop), about -12 dBFS. */
export function mainsHum(level = 0.25): Gen {
  return (i) => {
    const t = i / RATE;
    return level * 32767 * (Math.sin(2 * Math.PI * 50 * t) + 0.5 * Math.sin(2 * Math.PI * 100 * t) + 0.3 * Math.sin(2 * Math.PI * 150 * t) + 0.2 * Math.sin(2 * Math.PI * 200 * t)) / 2;
  };
}

export function noise(level: number, seed = 3): Gen {
  return (i) => level * 32767 * hashNoise(seed, i);
}

export function sum(...gens: Gen[]): Gen {
  return (i) => gens.reduce((s, g) => s + g(i), 0);
}

export function gain(g: Gen, k: number): Gen {
  return (i) => g(i) * k;
}

/** Interleaved PCM of `seconds`, channel c carrying gens[c] (clamped to 16 bits). */
export function pcmOf(gens: Gen[], seconds: number): Int16Array {
  const n = Math.round(seconds * RATE);
  const out = new Int16Array(n * gens.length);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < gens.length; c++) out[i * gens.length + c] = Math.max(-32768, Math.min(32767, Math.round(gens[c]!(i))));
  }
  return out;
}
