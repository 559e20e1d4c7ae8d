import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import type { Hearing } from '../../common/contract/protocol';
import type { Core } from '../../main/core/core';
import { missingTools } from '../support/tools';
import { ok, openCore } from './helpers';

// The header states open or closed session and the language of proceedings as a court writes
// them, in Kazakh and in Russian; a language not stated is left out, never guessed.

let core: Core | undefined;
afterEach(async () => {
  await core?.close();
  core = undefined;
});

const pdf = (file: string) => execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
const docx = (file: string) => execFileSync('unzip', ['-p', file, 'word/document.xml'], { encoding: 'utf8' }).replace(/<[^>]+>/g, '');

describe('the header: session mode and language of proceedings', () => {
  it('prints them in kk and ru, in the PDF and the DOCX, and leaves out a language not stated', async () => {
    if (missingTools('pdftotext', 'unzip')) return;
    const c = (core = await openCore());
    const h = await ok<Hearing>(c, 'protocol.createHearing', { caseNumber: '2-701/2026', judge: 'Әбенов С. Қ.' });
    expect(h).toMatchObject({ sessionMode: 'open', proceedingsLanguage: null });
    const unstated = pdf((await ok<{ path: string }>(c, 'protocol.export', { hearingId: h.id, format: 'pdf', lang: 'kk' })).path);
    expect(unstated).toContain('Сот отырысы: ашық');
    expect(unstated).not.toContain('Іс жүргізу тілі');

    const u = await ok<Hearing>(c, 'protocol.updateHearing', { hearingId: h.id, patch: { sessionMode: 'closed', proceedingsLanguage: 'kk', secretary: 'Нұрланова Ә.', category: 'civil' } });
    expect(u).toMatchObject({ sessionMode: 'closed', proceedingsLanguage: 'kk', secretary: 'Нұрланова Ә.', category: 'civil' });
    const kk = pdf((await ok<{ path: string }>(c, 'protocol.export', { hearingId: h.id, format: 'pdf', lang: 'kk' })).path);
    expect(kk).toContain('Сот отырысы: жабық');
    expect(kk).toContain('Іс жүргізу тілі: қазақ тілі');
    const ru = pdf((await ok<{ path: string }>(c, 'protocol.export', { hearingId: h.id, format: 'pdf', lang: 'ru' })).path);
    expect(ru).toContain('Судебное заседание: закрытое');
    expect(ru).toContain('Язык судопроизводства: казахский');

    await ok(c, 'protocol.updateHearing', { hearingId: h.id, patch: { sessionMode: 'open', proceedingsLanguage: 'ru' } });
    const word = docx((await ok<{ path: string }>(c, 'protocol.export', { hearingId: h.id, format: 'docx', lang: 'ru' })).path);
    expect(word).toContain('Судебное заседание: открытое');
    expect(word).toContain('Язык судопроизводства: русский');
    // Back to not stated: the line goes.
    await ok(c, 'protocol.updateHearing', { hearingId: h.id, patch: { proceedingsLanguage: null } });
    expect(pdf((await ok<{ path: string }>(c, 'protocol.export', { hearingId: h.id, format: 'pdf', lang: 'ru' })).path)).not.toContain('Язык судопроизводства');
  });
});
