import fs from 'node:fs';
import path from 'node:path';
import type { ChainBody, ChainEntry, SegmentInfo, TrackInfo } from '../recording/chain';
import { hashFileSync } from '../recording/manifest';
import { PART_SUFFIX, syncDir } from '../recording/segment-file';
import { probeDurationMsSync, REMUX_SUFFIX, remuxSync } from './remux';

// Recovery of video after the core died mid-session (main/recording/recovery.ts calls this):
// every <track>-NNNNNN.<ext>.part of a video track that the chain has no segment for is remuxed
// (or kept as received when ffmpeg cannot read it), hashed and chained as a recovered segment,
// in index order; half-written remux outputs are removed. Part files with nothing in them go.

export function recoverVideoParts(
  dir: string,
  tracks: TrackInfo[],
  opened: Array<Extract<ChainEntry, { type: 'open' }>>,
  chained: Set<string>,
  append: (body: ChainBody) => void,
): SegmentInfo[] {
  const out: SegmentInfo[] = [];
  for (const f of fs.readdirSync(dir)) if (f.endsWith(REMUX_SUFFIX)) fs.rmSync(path.join(dir, f), { force: true });
  for (const track of tracks) {
    if (track.kind !== 'video') continue;
    const re = new RegExp(`^${track.id}-(\\d{6})\\.(webm|mp4)${PART_SUFFIX.replace('.', '\\.')}$`);
    const parts = fs
      .readdirSync(dir)
      .map((f) => ({ f, m: re.exec(f) }))
      .filter((x): x is { f: string; m: RegExpExecArray } => x.m !== null)
      .sort((a, b) => Number(a.m[1]) - Number(b.m[1]));
    for (const { f, m } of parts) {
      const part = path.join(dir, f);
      const finalName = f.slice(0, -PART_SUFFIX.length);
      const final = path.join(dir, finalName);
      if (chained.has(finalName)) {
        fs.rmSync(part, { force: true });
        continue;
      }
      if (fs.statSync(part).size === 0) {
        fs.rmSync(part, { force: true });
        continue;
      }
      const source = hashFileSync(part);
      const r = remuxSync(part, final, m[2]!);
      if (r.ok) fs.rmSync(part, { force: true });
      else fs.renameSync(part, final);
      syncDir(dir);
      const o = opened.find((x) => x.track === track.id && x.index === Number(m[1]));
      const durationMs = probeDurationMsSync(final);
      const { sha256, bytes } = hashFileSync(final);
      const segment: SegmentInfo = {
        track: track.id,
        index: Number(m[1]),
        file: finalName,
        sha256,
        bytes,
        startedAt: o?.startedAt ?? new Date(fs.statSync(final).mtimeMs).toISOString(),
        ...(o?.position !== undefined ? { position: o.position } : {}),
        ...(durationMs !== null ? { durationMs } : {}),
        sourceSha256: source.sha256,
        sourceBytes: source.bytes,
        remuxed: r.ok,
        complete: false,
        recovered: true,
      };
      append({ type: 'segment', segment });
      chained.add(finalName);
      out.push(segment);
    }
  }
  return out;
}
