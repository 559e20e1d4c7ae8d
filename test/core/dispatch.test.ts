import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/core/core';
import { openTestCore, staffOf } from '../support/core';
import { tempDir } from '../support/tools';

let core: Core | undefined;
afterEach(async () => {
  await core?.close();
  core = undefined;
});

async function open(dir = tempDir()): Promise<Core> {
  core = await openTestCore(dir);
  return core;
}

describe('core dispatch', () => {
  it('answers a valid call', async () => {
    const c = await open();
    const r = await c.call('app.ping', { n: 7 }, await staffOf(c));
    expect(r).toEqual({ ok: true, value: { n: 7 } });
  });

  it('rejects a malformed payload naming the field, and keeps serving', async () => {
    const c = await open();
    const r = await c.call('settings.update', { patch: { audio: { channels: 17 } } }, await staffOf(c));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('app.invalidInput');
    expect(r.error.fields?.[0]?.path).toBe('patch.audio.channels');
    expect(r.error.message).toContain('patch.audio.channels');
    // Kazakh by default
    expect(r.error.message).toMatch(/Деректер дұрыс емес/);
    expect((await c.call('app.ping', { n: 1 }, await staffOf(c))).ok).toBe(true);
  });

  it('rejects unknown calls and non-object payloads', async () => {
    const c = await open();
    const u = await c.call('fs.readFile', {}, await staffOf(c));
    expect(u.ok || u.error.code).toBe('app.unknownCall');
    const n = await c.call('app.ping', 'DROP TABLE', await staffOf(c));
    expect(n.ok || n.error.code).toBe('app.invalidInput');
  });

  it('persists a settings change and reports in the chosen language', async () => {
    const dir = tempDir();
    const c = await open(dir);
    const r = await c.call('settings.update', { patch: { language: 'ru', court: 'Суд района Есиль' } }, await staffOf(c));
    expect(r.ok).toBe(true);
    await c.close();
    const again = await open(dir);
    const s = await again.call('settings.get', {}, await staffOf(again));
    expect(s.ok && (s.value as { court: string }).court).toBe('Суд района Есиль');
    const bad = await again.call('settings.update', { patch: { segmentSeconds: 1 } }, await staffOf(again));
    expect(!bad.ok && bad.error.message).toMatch(/Неверные данные/);
    expect(fs.existsSync(path.join(dir, 'hattama.db'))).toBe(true);
  });
});
