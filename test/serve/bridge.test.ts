import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Core } from '../../main/core/core';
import { startServeServer, type RunningServer } from '../../main/serve/serve-server';
import { openTestCore } from '../support/core';
import { tempDir } from '../support/tools';

// The browser bridge over a real socket on loopback, against a real core.
let core: Core;
let server: RunningServer;
beforeAll(async () => {
  core = await openTestCore();
  const ui = tempDir('hattama-ui-');
  fs.writeFileSync(path.join(ui, 'index.html'), '<!doctype html><title>t</title>');
  server = await startServeServer({ core, rendererDir: ui, host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await server.close();
  await core.close();
});

function connect(token = server.token, origin?: string): Promise<WebSocket> {
  const ws = new WebSocket(`${server.url.replace('http', 'ws')}/bridge?token=${encodeURIComponent(token)}`, origin ? { origin } : {});
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function request(ws: WebSocket, msg: unknown): Promise<{ id: number | null; result: { ok: boolean; value?: unknown; error?: { code: string; message: string; fields?: { path: string }[] } } }> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const m = JSON.parse(String(data));
      if ('result' in m) {
        ws.off('message', onMessage);
        resolve(m);
      }
    };
    ws.on('message', onMessage);
    ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg));
  });
}

describe('browser bridge', () => {
  it('binds loopback and serves the UI with a CSP', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(server.url + '/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('refuses a connection without the right token or from a foreign origin', async () => {
    await expect(connect('')).rejects.toThrow('HTTP 401');
    await expect(connect('x'.repeat(32))).rejects.toThrow('HTTP 401');
    await expect(connect(server.token, 'http://evil.example')).rejects.toThrow('HTTP 401');
  });

  it('carries a call and its result', async () => {
    const ws = await connect();
    const r = await request(ws, { id: 1, call: 'app.ping', input: { n: 42 } });
    expect(r).toEqual({ id: 1, result: { ok: true, value: { n: 42 } } });
    ws.close();
  });

  it('answers a malformed payload with a validation error naming the field, and keeps serving', async () => {
    const ws = await connect();
    const bad = await request(ws, { id: 2, call: 'settings.update', input: { patch: { segmentSeconds: 'sixty' } } });
    expect(bad.result.ok).toBe(false);
    expect(bad.result.error?.code).toBe('app.invalidInput');
    expect(bad.result.error?.fields?.map((f) => f.path)).toEqual(['patch.segmentSeconds']);
    expect(bad.result.error?.message).toContain('patch.segmentSeconds');

    const notJson = await request(ws, '{"id": 3, "call": ');
    expect(notJson.result.error?.code).toBe('app.invalidJson');
    const unknown = await request(ws, { id: 4, call: 'constructor', input: {} });
    expect(unknown.result.error?.code).toBe('app.unknownCall');

    const ok = await request(ws, { id: 5, call: 'app.ping', input: { n: 1 } });
    expect(ok.result.ok).toBe(true);
    ws.close();
  });

  it('pushes core events to every connected page', async () => {
    const ws = await connect();
    const got = new Promise<{ event: string; payload: { court: string } }>((resolve) =>
      ws.on('message', (d) => {
        const m = JSON.parse(String(d));
        if (m.event === 'settings.changed') resolve(m);
      }),
    );
    await request(ws, { id: 6, call: 'settings.update', input: { patch: { court: 'Алматы' } } });
    expect((await got).payload.court).toBe('Алматы');
    ws.close();
  });
});
