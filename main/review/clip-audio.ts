import fs from 'node:fs';
import path from 'node:path';
import type { ClipAudioFile, ClipAudioSource } from '../evidence/clip-manifest';
import type { SegmentInfo } from '../evidence/chain';
import { hashFileSync } from '../fs/hash-file';
import { syncFile } from '../fs/durable';
import { BYTES_PER_SAMPLE, readWavInfo, wavHeader } from '../evidence/wav';

// One audio file of a clip, cut sample-exactly: the frames [fromFrame, toFrame) of the session's
// audio timeline, copied byte for byte from the data chunks of the segments that hold them
// (each segment's header is walked to its data chunk: a Broadcast Wave header is 4 KiB, a wave-1
// header 44 or 68 bytes) into a plain WAV with the same format. With `fill`, frames no segment
// holds (a segment lost) are silence in their place, so the file spans [fromFrame, toFrame)
// exactly and stays in step with another track cut over the same frames (the copy's mix).

export interface AudioCut {
  dir: string;
  sessionDir: string;
  file: string;
  track: string;
  sampleRate: number;
  channels: number;
  /** The track's closed segments, in timeline order. */
  segments: SegmentInfo[];
  fromFrame: number;
  toFrame: number;
  /** Silence where no segment holds a frame, so every frame sits at its place (else the held frames back to back). */
  fill?: boolean;
}

const CHUNK = 1 << 20;

/** Writes `bytes` zero bytes (none when not positive) through `buf`; answers how many. */
function silence(fd: number, bytes: number, buf: Buffer): number {
  if (bytes <= 0) return 0;
  buf.fill(0);
  for (let left = bytes; left > 0; ) left -= fs.writeSync(fd, buf, 0, Math.min(buf.length, left));
  return bytes;
}

export function cutAudio(c: AudioCut): ClipAudioFile {
  const block = c.channels * BYTES_PER_SAMPLE;
  const sources: ClipAudioSource[] = [];
  let pos = 0;
  for (const seg of c.segments) {
    const start = seg.startFrame ?? pos;
    const frames = seg.frames ?? 0;
    pos = start + frames;
    const a = Math.max(c.fromFrame, start);
    const b = Math.min(c.toFrame, start + frames);
    if (b <= a) continue;
    sources.push({ file: seg.file, sha256: seg.sha256, bytes: seg.bytes, fromFrame: a - start, frames: b - a, clipFrame: a - c.fromFrame });
  }
  const total = c.fill ? Math.max(0, c.toFrame - c.fromFrame) : sources.reduce((n, s) => n + s.frames, 0);
  const out = path.join(c.dir, c.file);
  const fd = fs.openSync(out, 'wx', 0o600);
  try {
    fs.writeSync(fd, wavHeader({ channels: c.channels, sampleRate: c.sampleRate }, total * block));
    const buf = Buffer.alloc(CHUNK - (CHUNK % block));
    let written = 0;
    for (const s of sources) {
      if (c.fill) written += silence(fd, (s.clipFrame - written) * block, buf) / block;
      const src = path.join(c.sessionDir, s.file);
      const info = readWavInfo(src);
      if (info.channels !== c.channels || info.sampleRate !== c.sampleRate) throw new Error(`${s.file}: ${info.channels} channels at ${info.sampleRate} Hz, the track says ${c.channels} at ${c.sampleRate}`);
      const sfd = fs.openSync(src, 'r');
      try {
        let at = info.dataOffset + s.fromFrame * block;
        let left = s.frames * block;
        while (left > 0) {
          const n = fs.readSync(sfd, buf, 0, Math.min(buf.length, left), at);
          if (n <= 0) throw new Error(`${s.file}: fewer samples than the chain says`);
          fs.writeSync(fd, buf, 0, n);
          at += n;
          left -= n;
        }
      } finally {
        fs.closeSync(sfd);
      }
      written += s.frames;
    }
    if (c.fill) silence(fd, (total - written) * block, buf);
  } finally {
    fs.closeSync(fd);
  }
  syncFile(out);
  const h = hashFileSync(out);
  return {
    kind: 'audio',
    file: c.file,
    track: c.track,
    sha256: h.sha256,
    bytes: h.bytes,
    cut: 'sample',
    sampleRate: c.sampleRate,
    channels: c.channels,
    frames: total,
    sessionFromFrame: c.fromFrame,
    sessionToFrame: c.fromFrame + total,
    fromMs: (c.fromFrame / c.sampleRate) * 1000,
    toMs: ((c.fromFrame + total) / c.sampleRate) * 1000,
    sources,
  };
}
