import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRow } from '../../common/contract/audit';
import type { ReviewSession } from '../../common/contract/review';
import type { Core } from '../../main/core/core';
import type { CallContext } from '../../main/runtime/handlers';
import type { RunningServer } from '../../main/serve/serve-server';
import { serveForTest } from '../support/serve';
import { openTestCore, signInAs, staffOf } from '../support/core';
import { ensurePulse, PULSE_TOOLS, releasePulse, sleep } from '../support/pulse';
import { missingTools, tempDir } from '../support/tools';
import { makeTestCa, makeTestSigner, SIGN_ANYWAY } from '../protocol/helpers';

// The access audit of one hearing: who logged each entry, who played the recording and which
// files they fetched, who was refused, each with the role they acted in and the door they came
// through. Append-only: the database refuses to change a row.

const skip = missingTools(...PULSE_TOOLS, 'openssl');
let core: Core;
let dir: string;
let server: RunningServer;
let secretary: CallContext;
let judge: CallContext;
let technician: CallContext;

async function call<T>(ctx: CallContext, name: string, input: unknown): Promise<T> {
  const r = await core.call(name, input, ctx);
  if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

describe.skipIf(skip)('the access audit', () => {
  beforeAll(async () => {
    await ensurePulse();
    dir = tempDir('hattama-audit-');
    core = await openTestCore(dir);
    await staffOf(core);
    secretary = await signInAs(core, 'Нұрланова Әйгерім', ['secretary'], '5678');
    judge = await signInAs(core, 'Әбенов Серік', ['judge'], '2468');
    technician = await signInAs(core, 'Серіков Марат', ['technician'], '9753');
    server = await serveForTest(core);
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await core?.close();
    releasePulse();
  });

  it('names who logged, who played and fetched, and who was refused, with roles and doors', async () => {
    const h = await call<{ id: number }>(secretary, 'protocol.createHearing', { caseNumber: '2-44/2026' });
    await call(secretary, 'protocol.startHearing', { hearingId: h.id });
    await sleep(1200);
    await call(secretary, 'protocol.logEntry', { hearingId: h.id, kind: 'note', text: 'Куә сөйледі' });
    const refused = await core.call('protocol.logEntry', { hearingId: h.id, kind: 'note', text: 'техник' }, technician);
    expect(!refused.ok && refused.error.code).toBe('auth.forbidden');
    await call(secretary, 'protocol.logEntry', { hearingId: h.id, kind: 'closed' });

    const [session] = await call<ReviewSession[]>(judge, 'review.sessions', { hearingId: h.id });
    await call(judge, 'review.play', { hearingId: h.id, sessionId: session!.sessionId, positionMs: 0, channel: null });
    const url = new URL(session!.segments[0]!.url, server.url).href;
    for (let i = 0; i < 3; i++) expect((await fetch(url, { headers: { Range: `bytes=${i * 100}-${i * 100 + 99}` } })).status).toBe(206);

    // Both sign, each with their own key.
    const ca = makeTestCa(tempDir('hattama-ca-'));
    const sKey = makeTestSigner(ca, { file: 'secretary', name: 'Нұрланова Әйгерім' });
    const jKey = makeTestSigner(ca, { file: 'judge', name: 'Әбенов Серік' });
    await call(secretary, 'protocol.sign', { ...SIGN_ANYWAY, hearingId: h.id, p12Path: sKey.p12, password: sKey.password });
    await call(judge, 'protocol.sign', { ...SIGN_ANYWAY, hearingId: h.id, p12Path: jKey.p12, password: jKey.password });

    const rows = await call<AuditRow[]>(judge, 'audit.list', { hearingId: h.id });
    const line = (r: AuditRow) => `${r.call}|${r.personName}|${r.role}|${r.door}|${r.outcome}`;
    expect(rows.map(line)).toEqual([
      'protocol.createHearing|Нұрланова Әйгерім|secretary|test|ok',
      'protocol.startHearing|Нұрланова Әйгерім|secretary|test|ok',
      'protocol.logEntry|Нұрланова Әйгерім|secretary|test|ok',
      'protocol.logEntry|Серіков Марат|technician|test|auth.forbidden',
      'protocol.logEntry|Нұрланова Әйгерім|secretary|test|ok',
      'review.sessions|Әбенов Серік|judge|test|ok',
      'review.play|Әбенов Серік|judge|test|ok',
      // Three ranges of one file: one read of evidence.
      'media.read|Әбенов Серік|judge|test|ok',
      'protocol.sign|Нұрланова Әйгерім|secretary|test|ok',
      'protocol.sign|Әбенов Серік|judge|test|ok',
    ]);
    expect(rows[2]!.target).toMatchObject({ hearingId: h.id, kind: 'note' });
    expect(rows[7]!.target).toEqual({ sessionId: session!.sessionId, file: session!.segments[0]!.file });
    expect(JSON.stringify(rows)).not.toContain('Куә сөйледі'); // the audit names what was done, not the protocol's words

    // Only a judge or an administrator reads it; the rows go to central through the outbox.
    expect((await core.call('audit.list', {}, secretary)).ok).toBe(false);
    const outbox = core.db.prepare<[], { n: number }>("SELECT count(*) AS n FROM outbox WHERE kind = 'audit.entry'").get()!.n;
    expect(outbox).toBeGreaterThanOrEqual(rows.length);
    expect(() => core.db.prepare("UPDATE audit_log SET person_name = 'Басқа'").run()).toThrow(/append-only/);
    expect(() => core.db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
  }, 60_000);

  it('hattama audit prints it for a hearing, as JSON too', async () => {
    await server.close();
    await core.close();
    const pin = path.join(tempDir(), 'judge.pin');
    fs.writeFileSync(pin, '2468\n');
    const bin = path.resolve(import.meta.dirname, '../../bin/hattama.js');
    const r = spawnSync(process.execPath, [bin, 'audit', '--data', dir, '--hearing', '1', '--json', '--as', 'Әбенов Серік', '--pin-file', pin], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as AuditRow[];
    expect(rows.filter((x) => x.call === 'protocol.logEntry' && x.outcome === 'ok').map((x) => x.personName)).toEqual(['Нұрланова Әйгерім', 'Нұрланова Әйгерім']);
    expect(rows.some((x) => x.call === 'review.play' && x.personName === 'Әбенов Серік' && x.role === 'judge')).toBe(true);
    expect(rows.filter((x) => x.call === 'protocol.sign').map((x) => `${x.personName}:${x.role}`)).toEqual(['Нұрланова Әйгерім:secretary', 'Әбенов Серік:judge']);
    const text = spawnSync(process.execPath, [bin, 'audit', '--data', dir, '--hearing', '1', '--as', 'Әбенов Серік', '--pin-file', pin], { encoding: 'utf8' });
    expect(text.stdout).toMatch(/Әбенов Серік\tjudge\ttest\treview\.play\t1\t/);
    core = await openTestCore(dir); // for afterAll
    server = await serveForTest(core);
  }, 60_000);
});
