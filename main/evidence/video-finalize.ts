import fs from 'node:fs';
import { syncDir } from '../fs/durable';
import { probeDurationMs, remux } from './remux';

// A closed video part file becomes its final segment: remuxed (ffmpeg -c copy, for duration
// and cues) or, when ffmpeg cannot read it, kept as received; then probed. The same step
// closes a run while recording and a part file left by a crash.

export interface FinalizedVideo {
  remuxed: boolean;
  /** ffmpeg's complaint when the remux failed. */
  detail: string;
  durationMs: number | null;
}

export async function finalizeVideoPart(partPath: string, finalPath: string, ext: string, dir: string): Promise<FinalizedVideo> {
  const r = await remux(partPath, finalPath, ext);
  if (r.ok) fs.rmSync(partPath, { force: true });
  else fs.renameSync(partPath, finalPath);
  syncDir(dir);
  return { remuxed: r.ok, detail: r.detail, durationMs: await probeDurationMs(finalPath) };
}
