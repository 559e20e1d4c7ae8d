import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Core } from '../../main/core/core';
import type { RunningServer } from '../../main/serve/serve-server';
import { serveForTest } from '../support/serve';
import { openTestCore, STAFF_NAME, STAFF_PIN, staffOf } from '../support/core';
import { tempDir } from '../support/tools';

// The attack: a renderer or any bridge client names where the core writes an export or a
// signature (`out`, `outDir`), and the core, running as the station's user, overwrites whatever
// that user may write. The core writes only under DATA/protocols/ with generated names.
let core: Core;
let server: RunningServer;
beforeAll(async () => {
  core = await openTestCore();
  await staffOf(core);
  server = await serveForTest(core);
});
afterAll(async () => {
  await server.close();
  await core.close();
});

type Reply = { ok: boolean; value?: unknown; error?: { code: string; message: string; fields?: { path: string }[] } };

async function bridge(): Promise<(call: string, input: unknown) => Promise<Reply>> {
  const ws = new WebSocket(`${server.url.replace('http', 'ws')}/bridge?token=${encodeURIComponent(server.token)}`);
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  let n = 0;
  const call = (name: string, input: unknown) =>
    new Promise<Reply>((resolve) => {
      const id = ++n;
      const onMessage = (data: WebSocket.RawData) => {
        const m = JSON.parse(String(data)) as { id?: number; result?: Reply };
        if (m.id === id && m.result) {
          ws.off('message', onMessage);
          resolve(m.result);
        }
      };
      ws.on('message', onMessage);
      ws.send(JSON.stringify({ id, call: name, input }));
    });
  const signedIn = await call('auth.signIn', { person: STAFF_NAME, pin: STAFF_PIN });
  expect(signedIn.ok, signedIn.error?.message).toBe(true);
  return call;
}

describe('exports and signatures over the bridge', () => {
  it('refuses an export `out` path outside DATA/protocols and writes nothing there', async () => {
    const call = await bridge();
    const h = await call('protocol.createHearing', { caseNumber: '2-501/2025' });
    const hearingId = (h.value as { id: number }).id;
    const victim = path.join(tempDir('hattama-victim-'), 'authorized_keys');
    fs.writeFileSync(victim, 'kept\n');
    const target = path.join(path.dirname(victim), 'new.pdf');
    for (const out of [victim, target, path.join(core.dataDir, 'hattama.db'), path.join(core.dataDir, 'protocols', '..', 'x.pdf')]) {
      const r = await call('protocol.export', { hearingId, format: 'pdf', lang: 'kk', out });
      expect(r.ok).toBe(false);
      expect(r.error?.code).toBe('app.invalidInput');
    }
    expect(fs.readFileSync(victim, 'utf8')).toBe('kept\n');
    expect(fs.existsSync(target)).toBe(false);
    expect(fs.existsSync(path.join(core.dataDir, 'x.pdf'))).toBe(false);
    expect(fs.existsSync(path.join(core.dataDir, 'protocols'))).toBe(false);

    // Without a path: written under DATA/protocols/<id>/ with a generated name.
    const good = await call('protocol.export', { hearingId, format: 'pdf', lang: 'kk' });
    expect(good.ok, good.error?.message).toBe(true);
    const file = (good.value as { path: string }).path;
    expect(path.dirname(file)).toBe(path.join(core.dataDir, 'protocols', String(hearingId)));
    expect(path.basename(file)).toMatch(/^protocol-2-501_2025-.*\.pdf$/);
  });

  it('refuses a signature `outDir` before any key is asked for', async () => {
    const call = await bridge();
    const h = await call('protocol.createHearing', { caseNumber: '2-502/2025' });
    const hearingId = (h.value as { id: number }).id;
    const dir = tempDir('hattama-victim-');
    const r = await call('protocol.sign', { hearingId, p12Path: '/nonexistent.p12', password: 'x', outDir: dir });
    expect(r.ok).toBe(false);
    expect(r.error?.code).toBe('app.invalidInput');
    expect(fs.readdirSync(dir)).toEqual([]);
    const d = await call('protocol.getHearing', { hearingId });
    expect((d.value as { signatures: unknown[] }).signatures).toEqual([]);
  });
});
