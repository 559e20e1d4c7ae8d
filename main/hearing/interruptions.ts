import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/database';
import { MANIFEST_FILE, type Manifest } from '../evidence/manifest';
import { SessionCatalog } from '../evidence/session-catalog';
import { recordingsDir } from '../evidence/session-folder';

/** A hearing's recording that ended because the station died: from its last sound to the restart that closed it. */
export interface Interruption {
  sessionId: string;
  /** The last audio on disk (or the session's start when none was found). */
  from: string;
  /** When recovery closed the session: the core was back. */
  to: string;
  /** Where on that session's recording it stopped. */
  positionMs: number;
}

/**
 * The sessions of a hearing that recovery closed after a crash or a power cut, read from their
 * signed manifests (status `recovered`, with the `recovered` mark recovery wrote). Whoever closed
 * them (this core at start, or `hattama recover` before it), the hearing learns of it here.
 */
export function interruptionsOf(dataDir: string, db: Db, hearingId: number): Interruption[] {
  const out: Interruption[] = [];
  for (const sessionId of new SessionCatalog(db).sessionIdsOfHearing(String(hearingId))) {
    const file = path.join(recordingsDir(dataDir), sessionId, MANIFEST_FILE);
    let manifest: Manifest;
    try {
      manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as Manifest;
    } catch {
      continue; // still recording, or damaged: not an interruption recovery closed
    }
    if (manifest.status !== 'recovered') continue;
    const mark = manifest.timeline.find((m) => m.type === 'recovered');
    if (!mark) continue;
    out.push({ sessionId, from: mark.lastAudioAt ?? manifest.session.createdAt, to: mark.at, positionMs: Math.round(mark.position * 1000) });
  }
  return out;
}

/** The interval as the protocol prints it: time of day in the station's time zone, HH:MM:SS – HH:MM:SS. */
export function interval(i: Interruption, timeZone?: string): string {
  const f = new Intl.DateTimeFormat('en-GB', { ...(timeZone ? { timeZone } : {}), hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
  return `${f.format(new Date(i.from))} – ${f.format(new Date(i.to))}`;
}
