import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Entry, Hearing, HearingDetail, Signature } from '../../common/contract/protocol';
import { OutboxEventSchema } from '../../common/sync-api';
import type { Core } from '../../main/core/core';
import { pending } from '../../main/sync/outbox';
import { missingTools, tempDir } from '../support/tools';
import { cli, cliDataDir, fails, makeTestCa, makeTestSigner, ok, openCore, opensslVerify, ROOT, SIGN_ANYWAY } from './helpers';

let core: Core | undefined;
afterEach(async () => {
  await core?.close();
  core = undefined;
});

const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const pdfText = (file: string) => execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');

describe('protocol signature: the secretary and the judge over one PDF', () => {
  it('the first signature freezes the PDF, the second signs the same bytes and locks; each .p7s verifies; the copy shows both', async () => {
    if (missingTools('openssl', 'pdftotext')) return;
    const ca = makeTestCa(tempDir('hattama-ca-'));
    const secretary = makeTestSigner(ca, { file: 'secretary', name: 'Нұрланова Әйгерім', iin: '900101400123' });
    const judge = makeTestSigner(ca, { file: 'judge', name: 'Әбенов Серік Қайратұлы', iin: '750505300456' });
    const c = (core = await openCore());
    const h = await ok<Hearing>(c, 'protocol.createHearing', { caseNumber: '2-77/2025', judge: 'Әбенов С. Қ.', secretary: 'Нұрланова Ә.' });
    await ok(c, 'protocol.startHearing', { hearingId: h.id });
    const e = await ok<Entry>(c, 'protocol.logEntry', { hearingId: h.id, kind: 'note', text: 'Қол қойылатын мәтін' });
    await ok(c, 'protocol.logEntry', { hearingId: h.id, kind: 'closed' });

    const s1 = await ok<Signature>(c, 'protocol.sign', { ...SIGN_ANYWAY, hearingId: h.id, capacity: 'secretary', p12Path: secretary.p12, password: secretary.password, lang: 'ru', expectedIin: '900101400123' });
    // written under DATA/protocols/<id>/signed-…/ with generated names (a caller never picks the folder)
    const outDir = path.dirname(s1.pdfPath);
    expect(path.dirname(outDir)).toBe(path.join(c.dataDir, 'protocols', String(h.id)));
    expect(path.basename(outDir)).toMatch(/^signed-/);
    expect(s1).toMatchObject({ capacity: 'secretary', signer: 'Нұрланова Әйгерім', iin: '900101400123', round: 1, completesRound: false, copyPath: null });
    expect(s1.subject).toContain('serialNumber=IIN900101400123');
    expect(s1.pdfPath).toBe(path.join(outDir, 'protocol.pdf'));
    expect(s1.p7sPath).toBe(path.join(outDir, 'protocol.secretary.p7s'));
    expect(new Date(s1.notAfter!).getTime()).toBeGreaterThan(Date.now());
    const signedBytes = fs.readFileSync(s1.pdfPath);

    // One signature: not locked yet, awaiting the judge, but the content is frozen.
    let d = await ok<HearingDetail>(c, 'protocol.getHearing', { hearingId: h.id });
    expect(d.hearing).toMatchObject({ locked: false, signedAt: null, awaitingSignature: 'judge' });
    expect((await fails(c, 'protocol.editEntry', { entryId: e.id, text: 'өзгерту' })).code).toBe('protocol.locked');
    expect((await fails(c, 'protocol.logEntry', { hearingId: h.id, kind: 'note', text: 'кеш' })).code).toBe('protocol.locked');
    expect((await fails(c, 'protocol.updateHearing', { hearingId: h.id, patch: { judge: 'Басқа судья' } })).code).toBe('protocol.locked');
    // the database refuses it too, from the first signature on
    expect(() =>
      c.db.prepare("INSERT INTO entries (uid, hearing_id, kind, started_at, created_at, author) VALUES ('u', ?, 'note', 'x', 'x', 'x')").run(h.id),
    ).toThrow(/addenda/);
    await ok(c, 'protocol.logEntry', { hearingId: h.id, kind: 'note', text: 'Қолтаңбалар арасындағы толықтыру', addendum: true });
    // the secretary cannot sign twice, and the judge cannot use the secretary's certificate
    expect((await fails(c, 'protocol.sign', { ...SIGN_ANYWAY, hearingId: h.id, capacity: 'secretary', p12Path: secretary.p12, password: secretary.password })).code).toBe('protocol.alreadySignedAs');
    expect((await fails(c, 'protocol.sign', { ...SIGN_ANYWAY, hearingId: h.id, capacity: 'judge', p12Path: secretary.p12, password: secretary.password })).code).toBe('protocol.sameSigner');
    expect(fs.readdirSync(outDir).sort()).toEqual(['protocol.pdf', 'protocol.secretary.p7s']);

    const s2 = await ok<Signature>(c, 'protocol.sign', { ...SIGN_ANYWAY, hearingId: h.id, capacity: 'judge', p12Path: judge.p12, password: judge.password, lang: 'kk' });
    expect(s2).toMatchObject({ capacity: 'judge', signer: 'Әбенов Серік Қайратұлы', iin: '750505300456', round: 1, completesRound: true, lang: 'ru' });
    expect(s2.pdfPath).toBe(s1.pdfPath);
    expect(s2.pdfSha256).toBe(s1.pdfSha256);
    expect(s2.p7sPath).toBe(path.join(outDir, 'protocol.judge.p7s'));
    expect(s2.copyPath).toBe(path.join(outDir, 'protocol-signed.pdf'));
    expect(fs.readFileSync(s1.pdfPath).equals(signedBytes)).toBe(true);
    expect(sha256(s1.pdfPath)).toBe(s1.pdfSha256);

    // each signature verifies against the one PDF, alone and with the chain; one changed byte fails both
    for (const s of [s1, s2]) {
      expect(opensslVerify(s1.pdfPath, s.p7sPath).status).toBe(0);
      expect(opensslVerify(s1.pdfPath, s.p7sPath, ['-CAfile', ca.caPem]).status).toBe(0);
    }
    const tampered = path.join(tempDir('hattama-tampered-'), 'protocol.pdf');
    const bytes = Buffer.from(signedBytes);
    const mid = bytes.length >> 1;
    bytes[mid] = bytes[mid]! ^ 0x01;
    fs.writeFileSync(tampered, bytes);
    expect(opensslVerify(tampered, s1.p7sPath).status).not.toBe(0);
    expect(opensslVerify(tampered, s2.p7sPath).status).not.toBe(0);

    d = await ok<HearingDetail>(c, 'protocol.getHearing', { hearingId: h.id });
    expect(d.hearing).toMatchObject({ locked: true, signedAt: s2.signedAt, awaitingSignature: null, signedBy: 'Әбенов Серік Қайратұлы, Нұрланова Әйгерім' });
    expect(d.signatures.map((s) => s.capacity)).toEqual(['secretary', 'judge']);

    // the signed PDF says it is to be signed electronically; the copy shows both signers and the sheet
    const signedText = pdfText(s1.pdfPath);
    expect(signedText).toContain('Протокол подписывается электронными цифровыми подписями');
    expect(signedText).not.toContain('Әбенов Серік Қайратұлы');
    const copy = pdfText(s2.copyPath!);
    expect(copy).toContain('Подписано электронной цифровой подписью');
    expect(copy).toContain('Лист электронных цифровых подписей');
    for (const s of [s1, s2]) {
      expect(copy).toContain(s.signer);
      expect(copy).toContain(`IIN${s.iin}`);
      expect(copy).toContain(path.basename(s.p7sPath));
    }
    expect(copy).toContain(s1.pdfSha256);
    // the copy is the round's content: the addendum made between the signatures is not in it
    expect(copy).toContain('Қол қойылатын мәтін');
    expect(copy).not.toContain('Қолтаңбалар арасындағы толықтыру');

    // central learns of both; only the second completes the round
    const signed = pending(c.db, 1000).filter((r) => r.kind === 'protocol.signed');
    expect(signed).toHaveLength(2);
    const payloads = signed.map((r) => OutboxEventSchema.parse({ seq: r.seq, kind: r.kind, ref: r.ref, payload: JSON.parse(r.payload), createdAt: r.created_at }).payload as Record<string, unknown>);
    expect(payloads.map((p) => [p.capacity, p.round, p.completes_round, p.pdf_sha256])).toEqual([
      ['secretary', 1, 0, s1.pdfSha256],
      ['judge', 1, 1, s1.pdfSha256],
    ]);

    // an ordinary export of the signed protocol shows the signers and says it is signed electronically
    const exported = await ok<{ path: string }>(c, 'protocol.export', { hearingId: h.id, format: 'pdf', lang: 'kk' });
    const exportedText = pdfText(exported.path);
    expect(exportedText).toContain('Электрондық цифрлық қолтаңбамен қол қойылған');
    expect(exportedText).toContain('Нұрланова Әйгерім');

    // addenda after the lock: a second round over a new PDF, again in both capacities
    const r2 = await ok<Signature>(c, 'protocol.sign', { ...SIGN_ANYWAY, hearingId: h.id, p12Path: secretary.p12, password: secretary.password, lang: 'kk' });
    expect(r2).toMatchObject({ capacity: 'secretary', round: 2, completesRound: false });
    expect(path.dirname(path.dirname(r2.pdfPath))).toBe(path.join(c.dataDir, 'protocols', String(h.id)));
    expect(pdfText(r2.pdfPath)).toContain('Қолтаңбалар арасындағы толықтыру');
    const r2j = await ok<Signature>(c, 'protocol.sign', { ...SIGN_ANYWAY, hearingId: h.id, p12Path: judge.p12, password: judge.password });
    expect(r2j).toMatchObject({ capacity: 'judge', round: 2, completesRound: true, pdfPath: r2.pdfPath });
    expect(opensslVerify(r2.pdfPath, r2j.p7sPath).status).toBe(0);
    expect(opensslVerify(s1.pdfPath, s2.p7sPath).status).toBe(0);
  });

  it('refuses a wrong password, a missing key file and a p12 call without a key, changing nothing', async () => {
    if (missingTools('openssl')) return;
    const ca = makeTestCa(tempDir('hattama-ca-'));
    const key = makeTestSigner(ca, { file: 'secretary', name: 'Нұрланова Әйгерім' });
    const c = (core = await openCore());
    const h = await ok<Hearing>(c, 'protocol.createHearing', { caseNumber: '2-78/2025' });
    expect((await fails(c, 'protocol.sign', { ...SIGN_ANYWAY, hearingId: h.id, p12Path: key.p12, password: 'wrong' })).code).toBe('protocol.keyPassword');
    expect((await fails(c, 'protocol.sign', { ...SIGN_ANYWAY, hearingId: h.id, p12Path: '/nonexistent.p12', password: 'x' })).code).toBe('protocol.keyUnreadable');
    expect((await fails(c, 'protocol.sign', { ...SIGN_ANYWAY, hearingId: h.id })).code).toBe('protocol.p12Required');
    const d = await ok<HearingDetail>(c, 'protocol.getHearing', { hearingId: h.id });
    expect(d.hearing).toMatchObject({ locked: false, awaitingSignature: null });
    expect(d.signatures).toEqual([]);
  });

  it('CLI: hattama protocol sign, once for the secretary and once for the judge; locked after the second', () => {
    if (missingTools('openssl')) return;
    const ca = makeTestCa(tempDir('hattama-ca-'));
    const secretary = makeTestSigner(ca, { file: 'secretary', name: 'Нұрланова Әйгерім', iin: '900101400123' });
    const judge = makeTestSigner(ca, { file: 'judge', name: 'Әбенов Серік Қайратұлы', iin: '750505300456' });
    const dir = cliDataDir();
    expect(cli(['schedule', 'import', '--data', dir, path.join(ROOT, 'resources/schedule-example.json')]).status).toBe(0);
    expect(cli(['protocol', 'log', '--data', dir, '--hearing', '2', '--kind', 'opened']).status).toBe(0);
    const out = path.join(dir, 'signed');
    const first = cli(['protocol', 'sign', '--data', dir, '--hearing', '2', '--p12', secretary.p12, '--password-file', secretary.passwordFile, '--incomplete-reason', SIGN_ANYWAY.incompleteReason, '--out', out]);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout.trim().split('\n')).toEqual([path.join(out, 'protocol.pdf'), path.join(out, 'protocol.secretary.p7s')]);
    const frozen = cli(['protocol', 'log', '--data', dir, '--hearing', '2', '--kind', 'note', '--text', 'кеш'], { HATTAMA_LANG: 'en' });
    expect(frozen.status).toBe(1);
    expect(frozen.stderr).toContain('signed: changes can only be added as an addendum');
    const listed = JSON.parse(cli(['protocol', 'list', '--data', dir, '--json']).stdout) as Hearing[];
    expect(listed.find((x) => x.id === 2)).toMatchObject({ locked: false, awaitingSignature: 'judge' });

    const second = cli(['protocol', 'sign', '--data', dir, '--hearing', '2', '--p12', judge.p12, '--password-file', judge.passwordFile, '--incomplete-reason', SIGN_ANYWAY.incompleteReason, '--json']);
    expect(second.status, second.stderr).toBe(0);
    const s = JSON.parse(second.stdout) as Signature;
    // the core's files stay under DATA/protocols; the CLI copied the first signing's into --out
    expect(s).toMatchObject({ capacity: 'judge', completesRound: true });
    expect(path.dirname(path.dirname(s.pdfPath))).toBe(path.join(dir, 'protocols', '2'));
    expect(fs.readFileSync(path.join(out, 'protocol.pdf')).equals(fs.readFileSync(s.pdfPath))).toBe(true);
    for (const p7s of [path.join(out, 'protocol.secretary.p7s'), s.p7sPath]) expect(opensslVerify(path.join(out, 'protocol.pdf'), p7s).status).toBe(0);
    const after = JSON.parse(cli(['protocol', 'list', '--data', dir, '--json']).stdout) as Hearing[];
    expect(after.find((x) => x.id === 2)).toMatchObject({ locked: true, awaitingSignature: null });
    expect(cli(['protocol', 'log', '--data', dir, '--hearing', '2', '--kind', 'note', '--text', 'кеш', '--addendum']).status).toBe(0);

    const badPw = path.join(dir, 'bad-pw');
    fs.writeFileSync(badPw, 'nope\n');
    const wrong = cli(['protocol', 'sign', '--data', dir, '--hearing', '1', '--p12', secretary.p12, '--password-file', badPw], { HATTAMA_LANG: 'ru' });
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain('Неверный пароль ключа');
  });
});
