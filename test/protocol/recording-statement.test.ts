import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../main/core/core';
import type { CallContext } from '../../main/runtime/handlers';
import { openTestCore, staffOf } from '../support/core';
import { ensurePulse, PULSE_TOOLS, releasePulse, sleep } from '../support/pulse';
import { missingTools, tempDir } from '../support/tools';

// The protocol states the recording it belongs to (CPC/CrPC art. 347): the technical means, the
// session with its signed manifest's SHA-256, a QR code with the case number and that hash; and
// a hearing held without a recording says so and never claims an audio-video record. The PDFs
// are PDF/A-2b and pass qpdf's structural check.

const skip = missingTools(...PULSE_TOOLS, 'qpdf', 'zbarimg', 'pdftotext', 'pdftoppm');
let core: Core;
let dir: string;
let staff: CallContext;

async function call<T>(name: string, input: unknown): Promise<T> {
  const r = await core.call(name, input, staff);
  if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}
const text = (pdf: string) => spawnSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, ' ');
/** Every QR code on every page, as zbarimg reads them from a 150 dpi rendering. */
function qrCodes(pdf: string): string[] {
  const out = tempDir('hattama-qr-');
  expect(spawnSync('pdftoppm', ['-r', '150', '-png', pdf, path.join(out, 'p')]).status).toBe(0);
  const pages = fs.readdirSync(out).map((f) => path.join(out, f));
  const r = spawnSync('zbarimg', ['--quiet', '--raw', '-Sdisable', '-Sqrcode.enable', ...pages], { encoding: 'utf8' });
  return r.stdout.trim() ? r.stdout.trim().split(/\n(?=HATTAMA-PROTOCOL)/) : [];
}
function qpdfCheck(pdf: string): { status: number | null; out: string } {
  const r = spawnSync('qpdf', ['--check', pdf], { encoding: 'utf8' });
  return { status: r.status, out: r.stdout + r.stderr };
}

describe.skipIf(skip)('the protocol states its recording', () => {
  beforeAll(async () => {
    await ensurePulse();
    dir = tempDir('hattama-statement-');
    core = await openTestCore(dir);
    staff = await staffOf(core);
  }, 60_000);
  afterAll(async () => {
    await core?.close();
    releasePulse();
  });

  it('a recorded hearing: devices, session, manifest SHA-256 and a QR code that decodes to them, in kk and ru; PDF/A that qpdf passes', async () => {
    const h = await call<{ id: number }>('protocol.createHearing', { caseNumber: '2-88/2026' });
    await call('protocol.startHearing', { hearingId: h.id });
    await sleep(1500);
    await call('protocol.logEntry', { hearingId: h.id, kind: 'note', text: 'Куә жауап берді' });
    await call('protocol.logEntry', { hearingId: h.id, kind: 'closed' });

    const [sessionId] = fs.readdirSync(path.join(dir, 'recordings')).filter((f) => !f.startsWith('.'));
    const manifest = fs.readFileSync(path.join(dir, 'recordings', sessionId!, 'manifest.json'));
    const sha = createHash('sha256').update(manifest).digest('hex');

    for (const [lang, says] of [
      ['kk', ['Сот отырысының аудио-бейнежазбасы', 'Микрофондар', '1-арна — Судья', 'Жазба сеансы 1', 'аудиожазба құралдарымен тіркелді']],
      ['ru', ['Аудио-, видеозапись судебного заседания', 'Микрофоны', 'канал 1 — Судья', 'Сеанс записи 1', 'средствами аудиозаписи']],
    ] as const) {
      const { path: pdf } = await call<{ path: string }>('protocol.export', { hearingId: h.id, format: 'pdf', lang });
      const check = qpdfCheck(pdf);
      expect(check.status, check.out).toBe(0);
      expect(check.out).toContain('No syntax or stream encoding errors found');
      expect(fs.readFileSync(pdf).includes(Buffer.from('pdfaid:part>2<'))).toBe(true);
      const t = text(pdf);
      for (const s of says) expect(t, lang).toContain(s);
      expect(t).toContain(sessionId!);
      // pdftotext may break the 64 hex digits over a line: compare without spaces.
      expect(t.replace(/ /g, '')).toContain(sha);
      expect(qrCodes(pdf)).toEqual([['HATTAMA-PROTOCOL/1', 'case=2-88/2026', `manifest-sha256=${sha}`].join('\n')]);
    }
    // The DOCX carries the same part and the same QR image.
    const { path: docx } = await call<{ path: string }>('protocol.export', { hearingId: h.id, format: 'docx', lang: 'ru' });
    const unzip = spawnSync('unzip', ['-p', docx, 'word/document.xml'], { encoding: 'utf8' });
    expect(unzip.stdout).toContain(sha);
    expect(spawnSync('unzip', ['-l', docx], { encoding: 'utf8' }).stdout).toMatch(/word\/media\/.+\.png/);
  });

  it('a hearing held without a recording says so, and claims no audio-video record', async () => {
    core.settings.update({ audio: { device: 'hw:99,0' } }); // the recorder cannot open: the hearing goes on unrecorded
    const h = await call<{ id: number }>('protocol.createHearing', { caseNumber: '2-89/2026' });
    await call('protocol.startHearing', { hearingId: h.id });
    await call('protocol.logEntry', { hearingId: h.id, kind: 'note', text: 'Тараптар түсініктеме берді' });
    await call('protocol.logEntry', { hearingId: h.id, kind: 'closed' });
    const { path: kk } = await call<{ path: string }>('protocol.export', { hearingId: h.id, format: 'pdf', lang: 'kk' });
    const { path: ru } = await call<{ path: string }>('protocol.export', { hearingId: h.id, format: 'pdf', lang: 'ru' });
    expect(qpdfCheck(kk).status).toBe(0);
    const tk = text(kk);
    const tr = text(ru);
    expect(tk).toContain('Сот отырысының аудио-бейнежазбасы жүргізілген жоқ.');
    expect(tr).toContain('Аудио-, видеозапись судебного заседания не велась.');
    expect(tk).not.toContain('аудио-бейнежазба құралдарымен тіркелді');
    expect(tr).not.toContain('зафиксирован средствами');
    expect(tr).not.toContain('Позиция записи указана от начала');
    expect(tr).not.toContain('SHA-256 подписанного манифеста');
    expect(qrCodes(ru)).toEqual([]);
  });
});
