import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CHAIN_FILE, readChain, type ChainEntry } from '../../main/evidence/chain';
import { buildManifest, MANIFEST_FILE, signManifest, writeManifest, type Manifest } from '../../main/evidence/manifest';
import { OpenSession } from '../../main/evidence/open-session';
import { SessionCatalog } from '../../main/evidence/session-catalog';
import { WavSegmentFile } from '../../main/evidence/wav-segment-file';
import type { StationKey } from '../../main/keys/station-key';
import { testStationKey } from '../support/key-passphrase';
import { createLogger } from '../../main/log/logger';
import type { TestStation } from '../support/station';
import { entryHash } from '../../main/evidence/chain';
import { hashFileSync } from '../../main/fs/hash-file';

// A real session folder written through the evidence store's own closing path (OpenSession,
// WAV segment files, chainSegment, seal), without a sound card; and the attacker's tools.

const RATE = 8000;

/** `key`: who signs the manifest (the station's own key unless told). */
export async function recordSession(st: TestStation, sessionId: string, segments = 3, key: () => StationKey = () => testStationKey(st.dir)): Promise<string> {
  const { log } = createLogger(st.dir, { sync: true });
  const s = st.settings.get();
  fs.mkdirSync(path.join(st.dir, 'recordings'), { recursive: true }); // as SessionHost.prepare() does
  const session = new OpenSession({
    dataDir: st.dir,
    sessionId,
    session: { stationId: s.stationId, court: s.court, courtroom: s.courtroom, caseRef: '2-77/2026', hearingId: null, createdAt: new Date().toISOString() },
    tracks: [{ id: 'audio', kind: 'audio', format: 'wav', sampleRate: RATE, channels: 1, roles: [], device: 'test' }],
    catalog: new SessionCatalog(st.db),
    key,
    log,
    onError: (e) => {
      throw e;
    },
  });
  session.mark({ type: 'start', at: new Date().toISOString(), position: 0 });
  let startFrame = 0;
  for (let i = 1; i <= segments; i++) {
    const name = `audio-${String(i).padStart(6, '0')}.wav`;
    const seg = new WavSegmentFile(session.dir, name, { channels: 1, sampleRate: RATE });
    seg.write(randomBytes(RATE * 2)); // one second of noise: no two segments alike
    const frames = seg.frames;
    seg.finish();
    const at = new Date().toISOString();
    const sf = startFrame;
    await session.chainSegment(name, (h) => ({ track: 'audio', index: i, file: name, ...h, frames, startFrame: sf, startedAt: at }));
    startFrame += frames;
  }
  await session.seal('complete', { type: 'stop', at: new Date().toISOString(), position: startFrame / RATE });
  return session.dir;
}

/** Every file of a folder with its content hash: what "nothing changed" is checked against. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fs.readdirSync(dir).sort()) out[f] = hashFileSync(path.join(dir, f)).sha256;
  return out;
}

/**
 * The attack of someone with the station's disk: change one segment, then rebuild the chain from
 * that segment on (each hash and link recomputed) and sign a fresh manifest with their own key.
 */
export function rechainAndResign(dir: string, file: string, key: StationKey): void {
  const f = path.join(dir, file);
  const b = fs.readFileSync(f);
  b[b.length - 10] = b[b.length - 10]! ^ 0xff;
  fs.writeFileSync(f, b);
  const h = hashFileSync(f);
  const entries = readChain(path.join(dir, CHAIN_FILE)).entries;
  const out: ChainEntry[] = [];
  for (const e of entries) {
    const body = { ...e } as ChainEntry;
    if (body.type === 'segment' && body.segment.file === file) body.segment = { ...body.segment, sha256: h.sha256, bytes: h.bytes };
    const prev = out.length ? out[out.length - 1]!.hash : '0'.repeat(64);
    const { hash: _h, ...rest } = { ...body, prev };
    out.push({ ...rest, hash: entryHash(rest) } as ChainEntry);
  }
  fs.writeFileSync(path.join(dir, CHAIN_FILE), out.map((e) => `${JSON.stringify(e)}\n`).join(''));
  const old = JSON.parse(fs.readFileSync(path.join(dir, MANIFEST_FILE), 'utf8')) as Manifest;
  writeManifest(dir, signManifest(buildManifest(out, old.status, old.closedAt), key));
}

/** The truncation attack: the manifest, the last chain lines and the last segment go. */
export function truncate(dir: string, keepEntries: number): string[] {
  const entries = readChain(path.join(dir, CHAIN_FILE)).entries;
  const dropped = entries.slice(keepEntries).flatMap((e) => (e.type === 'segment' ? [e.segment.file] : []));
  fs.rmSync(path.join(dir, MANIFEST_FILE));
  fs.writeFileSync(path.join(dir, CHAIN_FILE), entries.slice(0, keepEntries).map((e) => `${JSON.stringify(e)}\n`).join(''));
  for (const f of dropped) fs.rmSync(path.join(dir, f));
  return dropped;
}
