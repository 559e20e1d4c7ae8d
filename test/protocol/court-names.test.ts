import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import type { Hearing } from '../../common/contract/protocol';
import type { Core } from '../../main/core/core';
import { missingTools } from '../support/tools';
import { ok, openCore } from './helpers';

// The court's name in each protocol language: the Russian protocol prints the Russian name, the
// Kazakh one the Kazakh name (settings.courtNames); another court's hearing keeps its own name.

const skip = missingTools('pdftotext');
const cores: Core[] = [];
afterEach(async () => {
  for (const c of cores.splice(0)) await c.close();
});
const text = (pdf: string) => spawnSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, ' ');

describe.skipIf(skip)("the court's name in the protocol's language", () => {
  it('prints the kk name in Kazakh and the ru name in Russian; a hearing of another court as it was given; the interpreter in the composition', async () => {
    const c = await openCore();
    cores.push(c);
    c.settings.update({ court: 'Медеу аудандық соты', courtNames: { kk: 'Алматы қаласы Медеу аудандық соты', ru: 'Медеуский районный суд города Алматы' } });
    const own = await ok<Hearing>(c, 'protocol.createHearing', { caseNumber: '2-31/2026' });
    const other = await ok<Hearing>(c, 'protocol.createHearing', { caseNumber: '2-32/2026', court: 'Бостандық аудандық соты' });
    const pdf = async (hearingId: number, lang: 'kk' | 'ru') => text((await ok<{ path: string }>(c, 'protocol.export', { hearingId, format: 'pdf', lang })).path);
    expect(await pdf(own.id, 'ru')).toContain('Суд: Медеуский районный суд города Алматы');
    expect(await pdf(own.id, 'kk')).toContain('Сот: Алматы қаласы Медеу аудандық соты');
    expect(await pdf(other.id, 'ru')).toContain('Суд: Бостандық аудандық соты');
    // An interpreter on the roster is named in the composition of the court's hearing.
    await ok(c, 'protocol.addParticipant', { hearingId: own.id, name: 'Ли Анна', role: 'interpreter', attendance: 'present' });
    expect(await pdf(own.id, 'ru')).toContain('Переводчик: Ли Анна');
    expect(await pdf(own.id, 'kk')).toContain('Аудармашы: Ли Анна');
  });
});
