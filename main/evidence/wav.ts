import fs from 'node:fs';

// WAV (RIFF) headers for 16-bit PCM. Up to 2 channels: the classic 44-byte PCM header. More
// channels: WAVE_FORMAT_EXTENSIBLE (68 bytes), which the format requires above 2 channels; the
// channel mask is 0 because our channels are microphones, not loudspeaker positions.

export const BITS = 16;
export const BYTES_PER_SAMPLE = BITS / 8;
/** RIFF sizes are 32-bit: a segment must stay below 4 GiB. */
export const MAX_WAV_BYTES = 0xffff_ffff;

const PCM = 1;
const EXTENSIBLE = 0xfffe;
// KSDATAFORMAT_SUBTYPE_PCM 00000001-0000-0010-8000-00aa00389b71, in its little-endian GUID layout.
const PCM_GUID = Buffer.from([0x01, 0, 0, 0, 0, 0, 0x10, 0, 0x80, 0, 0, 0xaa, 0, 0x38, 0x9b, 0x71]);

export interface WavFormat {
  channels: number;
  sampleRate: number;
}

export function headerSize(channels: number): number {
  return channels > 2 ? 68 : 44;
}

/** Largest whole number of frames a WAV file can hold with this format. */
export function maxFrames(channels: number): number {
  return Math.floor((MAX_WAV_BYTES - headerSize(channels)) / (channels * BYTES_PER_SAMPLE));
}

export function wavHeader(fmt: WavFormat, dataBytes: number): Buffer {
  const ext = fmt.channels > 2;
  const size = headerSize(fmt.channels);
  const b = Buffer.alloc(size);
  const blockAlign = fmt.channels * BYTES_PER_SAMPLE;
  b.write('RIFF', 0, 'ascii');
  b.writeUInt32LE(size - 8 + dataBytes, 4);
  b.write('WAVE', 8, 'ascii');
  b.write('fmt ', 12, 'ascii');
  b.writeUInt32LE(ext ? 40 : 16, 16);
  b.writeUInt16LE(ext ? EXTENSIBLE : PCM, 20);
  b.writeUInt16LE(fmt.channels, 22);
  b.writeUInt32LE(fmt.sampleRate, 24);
  b.writeUInt32LE(fmt.sampleRate * blockAlign, 28);
  b.writeUInt16LE(blockAlign, 32);
  b.writeUInt16LE(BITS, 34);
  let o = 36;
  if (ext) {
    b.writeUInt16LE(22, 36); // cbSize
    b.writeUInt16LE(BITS, 38); // valid bits
    b.writeUInt32LE(0, 40); // channel mask: none (microphones)
    PCM_GUID.copy(b, 44);
    o = 60;
  }
  b.write('data', o, 'ascii');
  b.writeUInt32LE(dataBytes, o + 4);
  return b;
}

export interface WavInfo extends WavFormat {
  bits: number;
  /** Offset of the first sample byte. */
  dataOffset: number;
  /** Data size the header claims. */
  declaredDataBytes: number;
  /** RIFF size the header claims. */
  declaredRiffBytes: number;
}

/** Parses the chunks before the samples; throws with a short reason if it is not our kind of WAV. */
export function parseWavHeader(head: Buffer): WavInfo {
  if (head.length < 44 || head.toString('ascii', 0, 4) !== 'RIFF' || head.toString('ascii', 8, 12) !== 'WAVE') throw new Error('not a RIFF/WAVE file');
  const declaredRiffBytes = head.readUInt32LE(4);
  let o = 12;
  let fmt: { channels: number; sampleRate: number; bits: number } | undefined;
  while (o + 8 <= head.length) {
    const id = head.toString('ascii', o, o + 4);
    const len = head.readUInt32LE(o + 4);
    if (id === 'fmt ') {
      const tag = head.readUInt16LE(o + 8);
      if (tag !== PCM && tag !== EXTENSIBLE) throw new Error(`unsupported format tag ${tag}`);
      fmt = { channels: head.readUInt16LE(o + 10), sampleRate: head.readUInt32LE(o + 12), bits: head.readUInt16LE(o + 22) };
    } else if (id === 'data') {
      if (!fmt) throw new Error('data chunk before fmt chunk');
      if (fmt.bits !== BITS) throw new Error(`${fmt.bits}-bit samples, expected ${BITS}`);
      if (fmt.channels < 1) throw new Error('zero channels');
      return { ...fmt, dataOffset: o + 8, declaredDataBytes: len, declaredRiffBytes };
    }
    o += 8 + len + (len & 1);
  }
  throw new Error('no data chunk in the header');
}

export function readWavInfo(file: string): WavInfo {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(512);
    const n = fs.readSync(fd, head, 0, head.length, 0);
    return parseWavHeader(head.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * After a crash the header may not match the samples on disk: cut a torn last frame and write
 * the sizes of what is really there. Returns the frames kept.
 */
export function repairWav(file: string, fmt?: WavFormat): { frames: number; truncatedBytes: number; rewroteHeader: boolean } {
  const fd = fs.openSync(file, 'r+');
  try {
    const size = fs.fstatSync(fd).size;
    let info: WavInfo | undefined;
    try {
      const head = Buffer.alloc(Math.min(512, size));
      fs.readSync(fd, head, 0, head.length, 0);
      info = parseWavHeader(head);
    } catch (e) {
      // A file cut inside its header (power cut right after creation): rebuild it from the session's format.
      if (!fmt) throw e;
    }
    const format = info ?? { channels: fmt!.channels, sampleRate: fmt!.sampleRate };
    const hs = info?.dataOffset ?? headerSize(format.channels);
    const frameBytes = format.channels * BYTES_PER_SAMPLE;
    const dataBytes = Math.max(0, size - hs);
    const frames = Math.floor(dataBytes / frameBytes);
    const keep = frames * frameBytes;
    let truncatedBytes = 0;
    if (size < hs) {
      fs.ftruncateSync(fd, hs);
    } else if (keep !== dataBytes) {
      truncatedBytes = dataBytes - keep;
      fs.ftruncateSync(fd, hs + keep);
    }
    const header = info && info.dataOffset === headerSize(format.channels) ? wavHeader(format, keep) : info ? patchSizes(fd, info, keep) : wavHeader(format, keep);
    const rewroteHeader = !info || info.declaredDataBytes !== keep || info.declaredRiffBytes !== hs - 8 + keep;
    if (header) fs.writeSync(fd, header, 0, header.length, 0);
    fs.fsyncSync(fd);
    return { frames, truncatedBytes, rewroteHeader };
  } finally {
    fs.closeSync(fd);
  }
}

/** For a header we did not write ourselves (extra chunks): patch the two sizes in place. */
function patchSizes(fd: number, info: WavInfo, dataBytes: number): null {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(info.dataOffset - 8 + dataBytes, 0);
  fs.writeSync(fd, b, 0, 4, 4);
  b.writeUInt32LE(dataBytes, 0);
  fs.writeSync(fd, b, 0, 4, info.dataOffset - 4);
  return null;
}
