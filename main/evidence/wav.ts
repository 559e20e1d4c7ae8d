import fs from 'node:fs';
import { bextChunk, bextFields, chunk, ixmlChunk, type BwfMeta } from './bwf';

// WAV (RIFF) files of 16-bit PCM. Segments are Broadcast Wave (EBU Tech 3285): RIFF, a JUNK
// chunk of ds64's size right after WAVE (EBU Tech 3306: the room to become RF64 in place when
// the file outgrows 32-bit sizes), fmt, bext, iXML, a JUNK filler so the samples start on a
// 4 KiB boundary, then data, last. Older segments (wave 1) are plain: the 44-byte PCM header,
// or 68 bytes with WAVE_FORMAT_EXTENSIBLE. Readers never assume either: they walk the chunks
// to `data` (parseWavHeader, readWavInfo). Above 2 channels the format is WAVE_FORMAT_EXTENSIBLE,
// which the format requires; the channel mask is 0 (microphones, not loudspeaker positions).

export const BITS = 16;
export const BYTES_PER_SAMPLE = BITS / 8;
/** RIFF sizes are 32-bit: above this the file is RF64 (sizes in ds64). */
export const MAX_WAV_BYTES = 0xffff_ffff;
/** What one segment may hold at most: bytes a JS number counts exactly (RF64 has no lower limit). */
export const MAX_SEGMENT_BYTES = Number.MAX_SAFE_INTEGER;
/** Broadcast Wave headers are a whole number of these: the samples start page-aligned. */
export const BWF_HEADER_ALIGN = 4096;
export const DS64_BODY_BYTES = 28;
const DS64_AT = 12;

const PCM = 1;
const EXTENSIBLE = 0xfffe;
// KSDATAFORMAT_SUBTYPE_PCM 00000001-0000-0010-8000-00aa00389b71, in its little-endian GUID layout.
const PCM_GUID = Buffer.from([0x01, 0, 0, 0, 0, 0, 0x10, 0, 0x80, 0, 0, 0xaa, 0, 0x38, 0x9b, 0x71]);

export interface WavFormat {
  channels: number;
  sampleRate: number;
}

/** Size of the plain header (no bext): 44 bytes, 68 with WAVE_FORMAT_EXTENSIBLE. */
export function headerSize(channels: number): number {
  return channels > 2 ? 68 : 44;
}

/** Largest whole number of frames one segment may hold with this format. */
export function maxFrames(channels: number): number {
  return Math.floor((MAX_SEGMENT_BYTES - 64 * 1024) / (channels * BYTES_PER_SAMPLE));
}

function fmtChunk(fmt: WavFormat): Buffer {
  const ext = fmt.channels > 2;
  const b = Buffer.alloc(ext ? 40 : 16);
  const blockAlign = fmt.channels * BYTES_PER_SAMPLE;
  b.writeUInt16LE(ext ? EXTENSIBLE : PCM, 0);
  b.writeUInt16LE(fmt.channels, 2);
  b.writeUInt32LE(fmt.sampleRate, 4);
  b.writeUInt32LE(fmt.sampleRate * blockAlign, 8);
  b.writeUInt16LE(blockAlign, 12);
  b.writeUInt16LE(BITS, 14);
  if (ext) {
    b.writeUInt16LE(22, 16); // cbSize
    b.writeUInt16LE(BITS, 18); // valid bits
    b.writeUInt32LE(0, 20); // channel mask: none (microphones)
    PCM_GUID.copy(b, 24);
  }
  return chunk('fmt ', b);
}

function riffStart(riffBytes: number): Buffer {
  const b = Buffer.alloc(12);
  b.write('RIFF', 0, 'ascii');
  b.writeUInt32LE(riffBytes, 4);
  b.write('WAVE', 8, 'ascii');
  return b;
}

/** The plain header (wave-1 segments, room tests): RIFF, fmt, data. */
export function wavHeader(fmt: WavFormat, dataBytes: number): Buffer {
  const size = headerSize(fmt.channels);
  return Buffer.concat([riffStart(size - 8 + dataBytes), fmtChunk(fmt), chunk('data', Buffer.alloc(0), dataBytes)]);
}

/**
 * The Broadcast Wave header of a segment, up to and including the data chunk's 8 bytes, with
 * sizes for 0 samples (setSizes writes the true ones). Its length depends only on `meta`, so
 * recovery can rebuild the same one for a part file whose header was torn.
 */
export function bwfHeader(meta: BwfMeta): Buffer {
  const bext = bextFields(meta);
  const fixed = Buffer.concat([riffStart(0), chunk('JUNK', Buffer.alloc(DS64_BODY_BYTES)), fmtChunk(meta), bextChunk(bext), ixmlChunk(meta, bext)]);
  // The filler's and data's chunk headers are 16 bytes; the filler may be empty.
  const total = Math.ceil((fixed.length + 16) / BWF_HEADER_ALIGN) * BWF_HEADER_ALIGN;
  const head = Buffer.concat([fixed, chunk('JUNK', Buffer.alloc(total - fixed.length - 16)), chunk('data', Buffer.alloc(0), 0)]);
  setSizes(head, parseWavHeader(head), 0);
  return head;
}

export interface WavChunk {
  id: string;
  /** Offset of the chunk's 8-byte header. */
  offset: number;
  /** Its body's size (as declared; RF64's data: from ds64). */
  size: number;
}

export interface WavInfo extends WavFormat {
  bits: number;
  /** Offset of the first sample byte. */
  dataOffset: number;
  /** Data size the header claims (for RF64: ds64's). */
  declaredDataBytes: number;
  /** RIFF size the header claims (for RF64: ds64's). */
  declaredRiffBytes: number;
  /** The file is RF64 (EBU Tech 3306): its true sizes are in ds64. */
  rf64: boolean;
  /** Offset of the ds64 chunk, or of the JUNK placeholder that can become one; null for plain WAV. */
  ds64At: number | null;
  /** Every chunk before the samples, in file order, data last. */
  chunks: WavChunk[];
}

type Reader = (pos: number, len: number) => Buffer;

/** Walks the chunks up to `data`; throws with a short reason if it is not our kind of WAV. */
function walkChunks(read: Reader): WavInfo {
  const head = read(0, 12);
  const magic = head.length >= 12 ? head.toString('ascii', 0, 4) : '';
  if ((magic !== 'RIFF' && magic !== 'RF64') || head.toString('ascii', 8, 12) !== 'WAVE') throw new Error('not a RIFF/WAVE file');
  const rf64 = magic === 'RF64';
  let declaredRiffBytes = head.readUInt32LE(4);
  let ds64Data: number | null = null;
  let ds64At: number | null = null;
  let fmt: { channels: number; sampleRate: number; bits: number } | undefined;
  const chunks: WavChunk[] = [];
  let o = 12;
  for (;;) {
    const h = read(o, 8);
    if (h.length < 8) throw new Error('no data chunk in the header');
    const id = h.toString('ascii', 0, 4);
    const len = h.readUInt32LE(4);
    if (id === 'ds64' || (o === DS64_AT && id === 'JUNK' && len === DS64_BODY_BYTES)) {
      ds64At = o;
      if (id === 'ds64') {
        const d = read(o + 8, 16);
        if (d.length < 16) throw new Error('torn ds64 chunk');
        declaredRiffBytes = Number(d.readBigUInt64LE(0));
        ds64Data = Number(d.readBigUInt64LE(8));
      }
    } else if (id === 'fmt ') {
      const b = read(o + 8, 16);
      if (b.length < 16) throw new Error('torn fmt chunk');
      const tag = b.readUInt16LE(0);
      if (tag !== PCM && tag !== EXTENSIBLE) throw new Error(`unsupported format tag ${tag}`);
      fmt = { channels: b.readUInt16LE(2), sampleRate: b.readUInt32LE(4), bits: b.readUInt16LE(14) };
    } else if (id === 'data') {
      if (!fmt) throw new Error('data chunk before fmt chunk');
      if (fmt.bits !== BITS) throw new Error(`${fmt.bits}-bit samples, expected ${BITS}`);
      if (fmt.channels < 1) throw new Error('zero channels');
      if (rf64 && ds64Data === null) throw new Error('RF64 without a ds64 chunk');
      const size = rf64 && len === 0xffff_ffff ? ds64Data! : len;
      chunks.push({ id, offset: o, size });
      return { ...fmt, dataOffset: o + 8, declaredDataBytes: size, declaredRiffBytes, rf64, ds64At, chunks };
    }
    chunks.push({ id, offset: o, size: len });
    o += 8 + len + (len & 1);
  }
}

/** Parses the chunks before the samples from the file's first bytes. */
export function parseWavHeader(head: Buffer): WavInfo {
  return walkChunks((pos, len) => head.subarray(pos, pos + len));
}

function fdReader(fd: number): Reader {
  return (pos, len) => {
    const b = Buffer.alloc(len);
    return b.subarray(0, fs.readSync(fd, b, 0, len, pos));
  };
}

export function readWavInfo(file: string): WavInfo {
  const fd = fs.openSync(file, 'r');
  try {
    return walkChunks(fdReader(fd));
  } finally {
    fs.closeSync(fd);
  }
}

/** The body of one chunk before the samples (`bext`, `iXML`, ...), or null when there is none. */
export function readWavChunk(file: string, id: string): Buffer | null {
  const fd = fs.openSync(file, 'r');
  try {
    const c = walkChunks(fdReader(fd)).chunks.find((x) => x.id === id);
    return c ? fdReader(fd)(c.offset + 8, c.size) : null;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Writes the sizes for `dataBytes` of samples into `head` (the file's bytes up to the samples):
 * RIFF and data sizes while they fit in 32 bits (`riffLimit`, a parameter so tests need not
 * write 4 GiB); beyond, RF64 — the JUNK placeholder becomes ds64 with the 64-bit sizes and the
 * 32-bit ones say 0xFFFFFFFF. A file without the placeholder (wave 1) cannot grow past 4 GiB.
 */
export function setSizes(head: Buffer, info: WavInfo, dataBytes: number, riffLimit = MAX_WAV_BYTES): void {
  const riff = info.dataOffset - 8 + dataBytes;
  const big = riff > riffLimit || dataBytes > MAX_WAV_BYTES;
  if (big && info.ds64At === null) throw new Error('a WAV file without a ds64 placeholder cannot exceed 4 GiB');
  head.write(big ? 'RF64' : 'RIFF', 0, 'ascii');
  head.writeUInt32LE(big ? 0xffff_ffff : riff, 4);
  head.writeUInt32LE(big ? 0xffff_ffff : dataBytes, info.dataOffset - 4);
  if (info.ds64At === null) return;
  const d = info.ds64At;
  head.write(big ? 'ds64' : 'JUNK', d, 'ascii');
  head.writeUInt32LE(DS64_BODY_BYTES, d + 4);
  head.fill(0, d + 8, d + 8 + DS64_BODY_BYTES);
  if (big) {
    head.writeBigUInt64LE(BigInt(riff), d + 8);
    head.writeBigUInt64LE(BigInt(dataBytes), d + 16);
    head.writeBigUInt64LE(BigInt(Math.floor(dataBytes / (info.channels * BYTES_PER_SAMPLE))), d + 24); // sample count
    // table length (d + 32): 0
  }
}

export interface RepairOptions {
  /** The header this file was written with, for one torn before its chunks reached the disk. */
  rebuild?: () => Buffer;
  riffLimit?: number;
}

/**
 * After a crash the header may not match the samples on disk: cut a torn last frame and write
 * the sizes of what is really there. Every chunk before the samples (bext, iXML) is kept as it
 * is: only the sizes change. Returns the frames kept.
 */
export function repairWav(file: string, opts: RepairOptions = {}): { frames: number; truncatedBytes: number; rewroteHeader: boolean } {
  const fd = fs.openSync(file, 'r+');
  try {
    const size = fs.fstatSync(fd).size;
    let info: WavInfo;
    let old: Buffer;
    try {
      info = walkChunks(fdReader(fd));
      old = fdReader(fd)(0, info.dataOffset);
    } catch (e) {
      // A file cut inside its header (power cut right after creation): rebuild it from the session.
      if (!opts.rebuild) throw e;
      old = Buffer.alloc(0);
      info = parseWavHeader(opts.rebuild());
    }
    const hs = info.dataOffset;
    const frameBytes = info.channels * BYTES_PER_SAMPLE;
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
    const head = old.length === hs ? Buffer.from(old) : opts.rebuild!();
    setSizes(head, info, keep, opts.riffLimit);
    const rewroteHeader = !head.equals(old);
    if (rewroteHeader) fs.writeSync(fd, head, 0, head.length, 0);
    fs.fsyncSync(fd);
    return { frames, truncatedBytes, rewroteHeader };
  } finally {
    fs.closeSync(fd);
  }
}
