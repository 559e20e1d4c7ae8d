import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Hearing } from '../../common/contract/protocol';
import type { Core } from '../../main/core/core';
import { fails, ok, openCore } from './helpers';

// The browser UI's download of an export: the core gives back only files it wrote under
// DATA/protocols/ (exports, signatures), never another file of the station, not through a link.

const cores: Core[] = [];
afterEach(async () => {
  for (const c of cores.splice(0)) await c.close();
});

describe('protocol.file', () => {
  it('gives back an export byte for byte, and refuses every other file of the station', async () => {
    const c = await openCore();
    cores.push(c);
    const h = await ok<Hearing>(c, 'protocol.createHearing', { caseNumber: '2-41/2026' });
    const e = await ok<{ path: string; sha256: string }>(c, 'protocol.export', { hearingId: h.id, format: 'pdf', lang: 'kk' });
    const f = await ok<{ name: string; mime: string; base64: string }>(c, 'protocol.file', { path: e.path });
    expect(f.mime).toBe('application/pdf');
    expect(f.name).toBe(path.basename(e.path));
    expect(createHash('sha256').update(Buffer.from(f.base64, 'base64')).digest('hex')).toBe(e.sha256);

    const protocols = path.dirname(e.path);
    fs.symlinkSync(path.join(c.dataDir, 'settings.json'), path.join(protocols, 'settings.pdf'));
    for (const p of [
      path.join(c.dataDir, 'settings.json'),
      path.join(c.dataDir, 'keys', 'station-ed25519.key.sealed'),
      path.join(c.dataDir, 'hattama.db'),
      path.join(protocols, '..', '..', 'settings.json'),
      path.join(protocols, 'settings.pdf'), // a link out of the folder
      '/etc/passwd',
      path.join(protocols, 'missing.pdf'),
    ]) {
      const r = await fails(c, 'protocol.file', { path: p });
      expect(r.code, p).toBe('protocol.notAnExport');
    }
  });
});
