import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Core } from '../../main/core/core';
import type { RunningServer } from '../../main/serve/serve-server';
import { serveForTest } from '../support/serve';
import { openTestCore, signInAs, STAFF_NAME, STAFF_PIN, staffOf } from '../support/core';

// The browser bridge over a real socket on loopback, against a real core.
let core: Core;
let server: RunningServer;
beforeAll(async () => {
  core = await openTestCore();
  await staffOf(core); // the station's test officer exists; each socket signs in for itself
  server = await serveForTest(core);
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
    expect((await request(ws, { id: 1, call: 'auth.signIn', input: { person: STAFF_NAME, pin: STAFF_PIN } })).result.ok).toBe(true);
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
    await request(ws, { id: 1, call: 'auth.signIn', input: { person: STAFF_NAME, pin: STAFF_PIN } });
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

  it('each tab is its own connection: with the token but nobody signed in, the protocol answers auth.required; signed in as a secretary it works', async () => {
    await signInAs(core, 'Нұрланова Әйгерім', ['secretary'], '8642');
    await signInAs(core, 'Серіков Техник', ['technician'], '9753');
    const tab = await connect();
    const other = await connect();
    const hearing = await request(tab, { id: 1, call: 'protocol.createHearing', input: { caseNumber: '2-5/2026' } });
    expect(hearing.result.error?.code).toBe('auth.required');
    expect(hearing.result.error?.message).toMatch(/кіріңіз/);
    expect((await request(tab, { id: 2, call: 'auth.signIn', input: { person: 'нұрланова әйгерім', pin: '8642' } })).result.ok).toBe(true);
    const created = await request(tab, { id: 3, call: 'protocol.createHearing', input: { caseNumber: '2-5/2026' } });
    expect(created.result.ok).toBe(true);
    const id = (created.result.value as { id: number }).id;
    const note = await request(tab, { id: 4, call: 'protocol.logEntry', input: { hearingId: id, kind: 'note', text: 'Тараптар келді' } });
    expect(note.result.value).toMatchObject({ author: 'Нұрланова Әйгерім' });
    // A client cannot say who it is: the field is refused, nothing is written.
    const forged = await request(tab, { id: 5, call: 'protocol.logEntry', input: { hearingId: id, kind: 'note', text: 'x', author: 'Судья' } });
    expect(forged.result.error?.code).toBe('app.invalidInput');
    // The other tab is still nobody; a technician there may not keep the protocol.
    expect((await request(other, { id: 6, call: 'protocol.logEntry', input: { hearingId: id, kind: 'note', text: 'y' } })).result.error?.code).toBe('auth.required');
    await request(other, { id: 7, call: 'auth.signIn', input: { person: 'Серіков Техник', pin: '9753' } });
    expect((await request(other, { id: 8, call: 'protocol.logEntry', input: { hearingId: id, kind: 'note', text: 'y' } })).result.error?.code).toBe('auth.forbidden');
    expect((await request(other, { id: 9, call: 'settings.update', input: { patch: { court: 'Астана' } } })).result.ok).toBe(true);
    tab.close();
    other.close();
  });
});
