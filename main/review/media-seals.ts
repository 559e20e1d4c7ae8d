import { activeSeals } from '../evidence/seals';
import type { SessionFiles } from '../evidence/session-reader';
import { BYTES_PER_SAMPLE, readWavInfo } from '../evidence/wav';

// Which bytes of a segment file fall inside a sealed range, for a reader who is not a judge
// (media.ts serves them as zeros). Audio: the sealed frames' bytes in the data chunk (found by
// walking the header, whatever its size), a seal's edges rounded outwards. Video cannot be
// blanked byte-wise: a video segment that overlaps a sealed range is refused to them.

export function sealedBytes(session: SessionFiles, name: string, file: string): Array<{ start: number; end: number }> | 'refuse' {
  const seals = activeSeals(session.dir);
  if (!seals.length) return [];
  const seg = session.segments.find((s) => s.file === name);
  if (!seg) return [];
  const track = session.tracks.find((t) => t.id === seg.track);
  if (track?.kind === 'video' || seg.frames === undefined) {
    const from = (seg.position ?? 0) * 1000;
    const to = from + (seg.durationMs ?? 0);
    return seals.some((x) => x.fromMs < to && x.toMs > from) ? 'refuse' : [];
  }
  const rate = track?.sampleRate;
  if (!rate) return 'refuse';
  const start = seg.startFrame ?? 0;
  const frames = seg.frames;
  const out: Array<{ start: number; end: number }> = [];
  let info: ReturnType<typeof readWavInfo> | null = null;
  for (const x of seals) {
    const a = Math.max(0, Math.floor((x.fromMs * rate) / 1000) - start);
    const b = Math.min(frames, Math.ceil((x.toMs * rate) / 1000) - start);
    if (b <= a) continue;
    info ??= readWavInfo(file);
    const block = info.channels * BYTES_PER_SAMPLE;
    out.push({ start: info.dataOffset + a * block, end: info.dataOffset + b * block });
  }
  return out;
}
