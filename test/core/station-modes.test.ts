import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/core/core';
import { openTestCore, staffOf } from '../support/core';
import { tempDir } from '../support/tools';
import { openVideoHarness } from '../video/harness';

// The attack: the data directory was world-readable, so any account on the station PC could copy
// recordings of closed sessions, the protocol database and the station key. And a closed segment
// stayed writable. Now: the folder 0700, files 0600, closed segments read-only (0400).
const mode = (p: string) => fs.statSync(p).mode & 0o777;

let core: Core | undefined;
afterEach(async () => {
  await core?.close();
  core = undefined;
});

describe('station data directory modes', () => {
  it('makes the data directory 0700 and its files 0600 at start, old and new', async () => {
    const dir = tempDir('hattama-modes-');
    fs.chmodSync(dir, 0o755);
    fs.mkdirSync(path.join(dir, 'protocols', '1'), { recursive: true, mode: 0o755 });
    fs.writeFileSync(path.join(dir, 'protocols', '1', 'old.pdf'), 'x', { mode: 0o644 });
    fs.writeFileSync(path.join(dir, 'old-readonly.wav'), 'x', { mode: 0o444 });
    core = await openTestCore(dir);
    await staffOf(core);
    const h = await core.call('protocol.createHearing', { caseNumber: '2-601/2025' }, await staffOf(core));
    expect(h.ok).toBe(true);
    const exported = await core.call('protocol.export', { hearingId: (h as { value: { id: number } }).value.id, format: 'pdf', lang: 'kk' }, await staffOf(core));
    expect(exported.ok).toBe(true);

    expect(mode(dir)).toBe(0o700);
    expect(mode(path.join(dir, 'protocols'))).toBe(0o700);
    expect(mode(path.join(dir, 'protocols', '1'))).toBe(0o700);
    expect(mode(path.join(dir, 'protocols', '1', 'old.pdf'))).toBe(0o600);
    expect(mode(path.join(dir, 'old-readonly.wav'))).toBe(0o400);
    for (const f of ['hattama.db', 'hattama.db-wal', 'settings.json']) expect(mode(path.join(dir, f)), f).toBe(0o600);
    // written after start: an export, the logs
    expect(mode((exported as { value: { path: string } }).value.path)).toBe(0o600);
    expect(mode(path.join(dir, 'logs'))).toBe(0o700);
    for (const f of fs.readdirSync(path.join(dir, 'logs'))) expect(mode(path.join(dir, 'logs', f)), f).toBe(0o600);
  });

  it('a closed segment is read-only once it is chained', async () => {
    const h = openVideoHarness();
    const manifest = await h.finish();
    const seg = manifest.segments.find((s) => s.track === 'audio')!;
    expect(seg.file).toBe('audio-000001.wav');
    expect(mode(path.join(h.dir, seg.file))).toBe(0o400);
    h.db.close();
  });
});
