import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Entry, Hearing, HearingDetail, Signature } from '../../common/contract/protocol';
import type { Core } from '../../main/core/core';
import { pending } from '../../main/sync/outbox';
import { missingTools, tempDir } from '../support/tools';
import { cli, cliDataDir, fails, makeTestP12, ok, openCore, ROOT } from './helpers';

let core: Core | undefined;
afterEach(async () => {
  await core?.close();
  core = undefined;
});

function opensslVerify(pdf: string, p7s: string, extra: string[] = ['-noverify']): { status: number; out: string } {
  const r = spawnSync('openssl', ['cms', '-verify', '-binary', '-content', pdf, '-inform', 'DER', '-in', p7s, ...extra, '-out', '/dev/null'], { encoding: 'utf8' });
  return { status: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

describe('protocol signature', () => {
  it('signs the exact exported PDF with a detached CAdES-BES .p7s that openssl verifies; one changed byte fails', async () => {
    if (missingTools('openssl')) return;
    const keys = makeTestP12(tempDir('hattama-keys-'));
    const c = (core = await openCore());
    const h = await ok<Hearing>(c, 'protocol.createHearing', { caseNumber: '2-77/2025', judge: 'Әбенов Серік Қайратұлы', secretary: 'Нұрланова Әйгерім' });
    await ok(c, 'protocol.startHearing', { hearingId: h.id });
    const e = await ok<Entry>(c, 'protocol.logEntry', { hearingId: h.id, kind: 'note', text: 'Қол қойылатын мәтін' });
    await ok(c, 'protocol.logEntry', { hearingId: h.id, kind: 'closed' });

    const outDir = tempDir('hattama-signed-');
    const password = fs.readFileSync(keys.passwordFile, 'utf8').trim();
    const s = await ok<Signature>(c, 'protocol.sign', { hearingId: h.id, p12Path: keys.p12, password, lang: 'kk', outDir });
    expect(s.pdfPath).toBe(path.join(outDir, 'protocol.pdf'));
    expect(s.p7sPath).toBe(path.join(outDir, 'protocol.p7s'));
    expect(s.signer).toBe('Әбенов Серік Қайратұлы');

    expect(opensslVerify(s.pdfPath, s.p7sPath).status).toBe(0);
    // against the test CA, the whole chain verifies too
    expect(opensslVerify(s.pdfPath, s.p7sPath, ['-CAfile', keys.caPem]).status).toBe(0);

    // CAdES-BES: the signing-certificate-v2 attribute is signed
    const printed = execFileSync('openssl', ['cms', '-cmsout', '-print', '-inform', 'DER', '-in', s.p7sPath], { encoding: 'utf8' });
    expect(printed).toMatch(/signingCertificateV2|1\.2\.840\.113549\.1\.9\.16\.2\.47/);
    expect(printed).toMatch(/messageDigest/);
    expect(printed).toMatch(/signingTime/);
    expect(printed).toMatch(/eContent: <ABSENT>/); // detached: the PDF is not inside

    const tampered = path.join(outDir, 'tampered.pdf');
    const bytes = fs.readFileSync(s.pdfPath);
    const at = Math.floor(bytes.length / 2);
    bytes[at] = bytes[at]! ^ 0x01;
    fs.writeFileSync(tampered, bytes);
    const bad = opensslVerify(tampered, s.p7sPath);
    expect(bad.status).not.toBe(0);
    expect(bad.out).toMatch(/digest failure|verification failure/i);

    // signer and time on the hearing; locked; announced to central
    const d = await ok<HearingDetail>(c, 'protocol.getHearing', { hearingId: h.id });
    expect(d.hearing.locked).toBe(true);
    expect(d.hearing.signedBy).toBe('Әбенов Серік Қайратұлы');
    expect(d.hearing.signedAt).toBe(s.signedAt);
    expect(d.signatures).toHaveLength(1);
    expect(pending(c.db, 1000).some((r) => r.kind === 'protocol.signed')).toBe(true);
    expect((await fails(c, 'protocol.editEntry', { entryId: e.id, text: 'өзгерту' })).code).toBe('protocol.locked');

    // an addendum, then a second signature over the protocol with its addendum; nothing overwritten
    await ok(c, 'protocol.logEntry', { hearingId: h.id, kind: 'note', text: 'Хаттамаға ескерту', addendum: true });
    const s2 = await ok<Signature>(c, 'protocol.sign', { hearingId: h.id, p12Path: keys.p12, password, lang: 'ru', outDir });
    expect(s2.pdfPath).toBe(path.join(outDir, 'protocol-2.pdf'));
    expect(opensslVerify(s2.pdfPath, s2.p7sPath).status).toBe(0);
    expect(opensslVerify(s.pdfPath, s.p7sPath).status).toBe(0);
    if (!missingTools('pdftotext')) {
      const text = execFileSync('pdftotext', [s2.pdfPath, '-'], { encoding: 'utf8' });
      expect(text).toContain('Дополнения, внесённые после подписания протокола');
      expect(text).toContain('Хаттамаға ескерту');
    }
  });

  it('refuses a wrong password and a missing key file with clear errors, changing nothing', async () => {
    if (missingTools('openssl')) return;
    const keys = makeTestP12(tempDir('hattama-keys-'));
    const c = (core = await openCore());
    const h = await ok<Hearing>(c, 'protocol.createHearing', { caseNumber: '2-78/2025' });
    const wrong = await fails(c, 'protocol.sign', { hearingId: h.id, p12Path: keys.p12, password: 'wrong' });
    expect(wrong.code).toBe('protocol.keyPassword');
    expect((await fails(c, 'protocol.sign', { hearingId: h.id, p12Path: '/nonexistent.p12', password: 'x' })).code).toBe('protocol.keyUnreadable');
    expect((await ok<HearingDetail>(c, 'protocol.getHearing', { hearingId: h.id })).hearing.locked).toBe(false);
  });

  it('CLI: hattama protocol sign with --p12 and --password-file', () => {
    if (missingTools('openssl')) return;
    const keys = makeTestP12(tempDir('hattama-keys-'));
    const dir = cliDataDir();
    expect(cli(['schedule', 'import', '--data', dir, path.join(ROOT, 'resources/schedule-example.json')]).status).toBe(0);
    expect(cli(['protocol', 'log', '--data', dir, '--hearing', '2', '--kind', 'opened']).status).toBe(0);
    const out = path.join(dir, 'signed');
    const r = cli(['protocol', 'sign', '--data', dir, '--hearing', '2', '--p12', keys.p12, '--password-file', keys.passwordFile, '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual([path.join(out, 'protocol.pdf'), path.join(out, 'protocol.p7s')]);
    expect(opensslVerify(path.join(out, 'protocol.pdf'), path.join(out, 'protocol.p7s')).status).toBe(0);
    const locked = cli(['protocol', 'log', '--data', dir, '--hearing', '2', '--kind', 'note', '--text', 'кеш'], { HATTAMA_LANG: 'en' });
    expect(locked.status).toBe(1);
    expect(locked.stderr).toContain('signed: changes can only be added as an addendum');
    expect(cli(['protocol', 'log', '--data', dir, '--hearing', '2', '--kind', 'note', '--text', 'кеш', '--addendum']).status).toBe(0);
    const badPw = path.join(dir, 'bad-pw');
    fs.writeFileSync(badPw, 'nope\n');
    const wrong = cli(['protocol', 'sign', '--data', dir, '--hearing', '1', '--p12', keys.p12, '--password-file', badPw], { HATTAMA_LANG: 'ru' });
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain('Неверный пароль ключа');
  });
});
