import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Entry, Hearing, Participant } from '../../common/contract/protocol';
import type { Core } from '../../main/core/core';
import { createProtocolStore } from '../../main/protocol/module';
import { missingTools } from '../support/tools';
import { ok, openCore } from './helpers';

let core: Core | undefined;
afterEach(async () => {
  await core?.close();
  core = undefined;
});

/** A hearing with every kind of content, including an edited and a deleted entry. */
async function fullHearing(c: Core) {
  const h = await ok<Hearing>(c, 'protocol.createHearing', {
    caseNumber: '7594-25-00-2/1234',
    category: 'civil',
    court: 'Астана қаласының Есіл аудандық соты',
    courtroom: '№ 5',
    judge: 'Әбенов Серік',
    secretary: 'Нұрланова Әйгерім',
  });
  const w = await ok<Participant>(c, 'protocol.addParticipant', { hearingId: h.id, name: 'Үсенов Ұлан', role: 'witness', attendance: 'present' });
  await ok(c, 'protocol.addParticipant', { hearingId: h.id, name: 'Иванова Мария', role: 'respondent', attendance: 'absent' });
  // Positions as the hearing service pins them from a recording: written through the store, which is what the export reads.
  const store = createProtocolStore(c);
  store.logEntry({ hearingId: h.id, kind: 'opened', startedAt: '2025-03-14T10:00:05+05:00', recording: { positionMs: 5_000 } });
  store.logEntry({ hearingId: h.id, kind: 'testimony_begins', speakerId: w.id, startedAt: '2025-03-14T10:12:30+05:00', recording: { positionMs: 745_000 } });
  const edited = store.logEntry({ hearingId: h.id, kind: 'note', text: 'Куә ескі мәтін', startedAt: '2025-03-14T10:15:00+05:00', recording: { positionMs: 895_000 } });
  await ok(c, 'protocol.editEntry', { entryId: edited.id, text: 'Куә шартқа қол қойылғанын растады: ә ғ қ ң ө ұ ү һ і', reason: 'нақтылау' });
  const removed = await ok<Entry>(c, 'protocol.logEntry', { hearingId: h.id, kind: 'note', text: 'ЖОЙЫЛҒАН ЖАЗБА', startedAt: '2025-03-14T10:16:00+05:00' });
  await ok(c, 'protocol.deleteEntry', { entryId: removed.id, reason: 'қате' });
  store.logEntry({ hearingId: h.id, kind: 'deliberation', startedAt: '2025-03-14T11:02:00+05:00', recording: { positionMs: 3_715_000 } });
  await ok(c, 'protocol.logEntry', { hearingId: h.id, kind: 'closed', startedAt: '2025-03-14T11:30:00+05:00' });
  return h;
}

describe('protocol export', () => {
  it('PDF in Kazakh: case number, entries, time codes, Kazakh letters; current text only', async () => {
    if (missingTools('pdftotext')) return;
    const c = (core = await openCore());
    const h = await fullHearing(c);
    const r = await ok<{ path: string; bytes: number; sha256: string }>(c, 'protocol.export', { hearingId: h.id, format: 'pdf', lang: 'kk' });
    const out = r.path;
    expect(path.dirname(out)).toBe(path.join(c.dataDir, 'protocols', String(h.id)));
    const bytes = fs.readFileSync(out);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(r.bytes).toBe(bytes.length);
    // the font is embedded
    expect(bytes.toString('latin1')).toMatch(/\/FontFile2/);
    const text = execFileSync('pdftotext', ['-layout', out, '-'], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });
    expect(text).toContain('СОТ ОТЫРЫСЫНЫҢ ҚЫСҚАША ХАТТАМАСЫ');
    expect(text).toContain('7594-25-00-2/1234');
    expect(text).toContain('Үсенов Ұлан жауап береді');
    expect(text).toContain('ә ғ қ ң ө ұ ү һ і');
    expect(text).toContain('Куә шартқа қол қойылғанын растады');
    expect(text).not.toContain('ескі мәтін');
    expect(text).not.toContain('ЖОЙЫЛҒАН ЖАЗБА');
    expect(text).toContain('Сот кеңесу бөлмесіне кетті');
    for (const code of ['00:00:05', '00:12:25', '00:14:55', '01:01:55']) expect(text).toContain(code);
    expect(text).toMatch(/Келмеді/); // attendance, as a protocol says it
    expect(text).toMatch(/Қолтаңбалар/);
  });

  it('times of day are printed in the given time zone', async () => {
    if (missingTools('pdftotext')) return;
    const c = (core = await openCore());
    const h = await fullHearing(c);
    const { exportToFile } = await import('../../main/protocol/export/export');
    const { createProtocolStore } = await import('../../main/protocol/module');
    const { path: out } = await exportToFile(createProtocolStore(c), c.dataDir, { hearingId: h.id, format: 'pdf', lang: 'ru', timeZone: 'Asia/Almaty' });
    const text = execFileSync('pdftotext', ['-layout', out, '-'], { encoding: 'utf8' });
    expect(text).toContain('КРАТКИЙ ПРОТОКОЛ СУДЕБНОГО ЗАСЕДАНИЯ');
    expect(text).toMatch(/10:12:30\s+00:12:25\s+Показания даёт Үсенов Ұлан/);
    expect(text).toContain('Суд удалился в совещательную комнату');
  });

  it('a 20,000-character note flows over pages', async () => {
    if (missingTools('pdftotext')) return;
    const c = (core = await openCore());
    const h = await ok<Hearing>(c, 'protocol.createHearing', { caseNumber: 'LONG-1' });
    const long = Array.from({ length: 2000 }, (_, i) => `сөз${i}`).join(' ').slice(0, 19_990) + ' СОҢЫ';
    await ok(c, 'protocol.startHearing', { hearingId: h.id });
    await ok(c, 'protocol.logEntry', { hearingId: h.id, kind: 'note', text: long });
    await ok(c, 'protocol.logEntry', { hearingId: h.id, kind: 'closed' });
    const { path: out } = await ok<{ path: string }>(c, 'protocol.export', { hearingId: h.id, format: 'pdf', lang: 'kk' });
    const text = execFileSync('pdftotext', [out, '-'], { encoding: 'utf8' });
    expect(text).toContain('СОҢЫ');
    expect(text).toContain('Сот отырысы жабық деп жарияланды');
  });

  it('DOCX in Russian opens as a Word document with the entries', async () => {
    if (missingTools('unzip')) return;
    const c = (core = await openCore());
    const h = await fullHearing(c);
    const { path: out } = await ok<{ path: string }>(c, 'protocol.export', { hearingId: h.id, format: 'docx', lang: 'ru' });
    const xml = execFileSync('unzip', ['-p', out, 'word/document.xml'], { encoding: 'utf8' });
    const text = xml.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(text).toContain('КРАТКИЙ ПРОТОКОЛ СУДЕБНОГО ЗАСЕДАНИЯ');
    expect(text).toContain('7594-25-00-2/1234');
    expect(text).toContain('Показания даёт Үсенов Ұлан');
    expect(text).toContain('ә ғ қ ң ө ұ ү һ і');
    expect(text).toContain('00:12:25');
    expect(text).not.toContain('ЖОЙЫЛҒАН ЖАЗБА');
    expect(text).toContain('Не явился');
  });

  it('the CLI exports a store made by schedule import and protocol log', async () => {
    if (missingTools('pdftotext')) return;
    const { cli, cliDataDir, ROOT } = await import('./helpers');
    const dir = cliDataDir();
    expect(cli(['schedule', 'import', '--data', dir, path.join(ROOT, 'resources/schedule-example.json')]).status).toBe(0);
    expect(cli(['protocol', 'log', '--data', dir, '--hearing', '1', '--kind', 'opened']).status).toBe(0);
    const logged = cli(['protocol', 'log', '--data', dir, '--hearing', '1', '--kind', 'testimony_begins', '--speaker', 'Үсенов Ұлан', '--text', 'Куә жауап берді']);
    expect(logged.status, logged.stderr).toBe(0);
    expect(logged.stdout.trim()).toMatch(/^\d+$/);
    const out = path.join(dir, 'p.pdf');
    const r = cli(['protocol', 'export', '--data', dir, '--hearing', '1', '--format', 'pdf', '--lang', 'kk', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    // the core wrote its file under DATA/protocols/1/; the CLI, as the local user, copied it to --out
    expect(r.stdout.trim()).toBe(out);
    const kept = fs.readdirSync(path.join(dir, 'protocols', '1'));
    expect(kept).toHaveLength(1);
    expect(fs.readFileSync(path.join(dir, 'protocols', '1', kept[0]!)).equals(fs.readFileSync(out))).toBe(true);
    const text = execFileSync('pdftotext', ['-layout', out, '-'], { encoding: 'utf8' });
    expect(text).toContain('7594-25-00-2/1234');
    expect(text).toContain('Үсенов Ұлан жауап береді. Куә жауап берді');
    const docx = cli(['protocol', 'export', '--data', dir, '--hearing', '1', '--format', 'docx', '--lang', 'ru', '--out', path.join(dir, 'p.docx')]);
    expect(docx.status, docx.stderr).toBe(0);
    const bad = cli(['protocol', 'export', '--data', dir, '--hearing', '99', '--format', 'pdf', '--lang', 'kk', '--out', path.join(dir, 'x.pdf')]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('99');
  });
});
