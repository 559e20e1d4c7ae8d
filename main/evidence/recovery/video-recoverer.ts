import fs from 'node:fs';
import path from 'node:path';
import { hashFile } from '../../fs/hash-file';
import { probeDurationMs } from '../remux';
import { finalizeVideoPart } from '../video-finalize';
import { removeFile, type TrackRecoverer } from './track-recoverer';

// Video after a crash: a part file is remuxed (or kept as received when ffmpeg cannot read it)
// by the same step that closes a run while recording; a final file that never reached the chain
// (the crash came between the remux and the chain entry) is taken as it is. Its place on the
// timeline is the chain's `open` entry.

export const videoRecoverer: TrackRecoverer = {
  extensions: ['webm', 'mp4'],
  canRecover: () => true,
  async recover(f, ctx) {
    const { dir, opened } = ctx;
    const found = path.join(dir, f.name);
    const final = path.join(dir, f.finalName);
    if (fs.statSync(found).size === 0) {
      removeFile(dir, f.name);
      return null;
    }
    let source: { sourceSha256: string; sourceBytes: number } | Record<string, never> = {};
    let remuxed = false;
    let durationMs: number | null;
    if (f.part) {
      const h = await hashFile(found);
      source = { sourceSha256: h.sha256, sourceBytes: h.bytes };
      const fin = await finalizeVideoPart(found, final, f.ext, dir);
      remuxed = fin.remuxed;
      durationMs = fin.durationMs;
    } else {
      durationMs = await probeDurationMs(final);
    }
    ctx.log.warn({ sessionId: ctx.sessionId, file: f.finalName, remuxed }, 'recovery: closed a video segment left by a crash');
    return {
      startedAt: opened?.startedAt ?? new Date(fs.statSync(final).mtimeMs).toISOString(),
      ...(opened?.position !== undefined ? { position: opened.position } : {}),
      ...(durationMs !== null ? { durationMs } : {}),
      ...source,
      ...(f.part ? { remuxed } : {}),
      complete: false,
    };
  },
};
