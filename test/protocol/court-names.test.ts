import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import type { Hearing } from '../../common/contract/protocol';
import type { Core } from '../../main/core/core';
import { missingTools } from '../support/tools';
import { staffOf } from '../support/core';
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

  it("takes the court's names in both languages from the schedule: the Russian protocol prints the Russian name; a court named only in Kazakh is that name", async () => {
    const c = await openCore();
    cores.push(c);
    const r = await ok<{ created: number[] }>(c, 'protocol.importSchedule', {
      schedule: {
        version: 1,
        hearings: [
          { externalId: 'S-1', caseNumber: '2-41/2026', court: 'Алатау аудандық соты', courtNames: { kk: 'Алматы қаласы Алатау аудандық соты', ru: 'Алатауский районный суд города Алматы' }, scheduledStart: '2026-03-02T10:00:00+05:00' },
          { externalId: 'S-2', caseNumber: '2-42/2026', courtNames: { kk: 'Жетісу аудандық соты' }, scheduledStart: '2026-03-02T11:00:00+05:00' },
        ],
      },
    });
    const [first, second] = r.created as [number, number];
    const pdf = async (hearingId: number, lang: 'kk' | 'ru') => text((await ok<{ path: string }>(c, 'protocol.export', { hearingId, format: 'pdf', lang })).path);
    expect(await pdf(first, 'ru')).toContain('Суд: Алатауский районный суд города Алматы');
    expect(await pdf(first, 'kk')).toContain('Сот: Алматы қаласы Алатау аудандық соты');
    expect((await ok<{ hearing: Hearing }>(c, 'protocol.getHearing', { hearingId: second })).hearing.court).toBe('Жетісу аудандық соты');
    expect(await pdf(second, 'ru')).toContain('Суд: Жетісу аудандық соты');
    // Unknown fields in the names are errors, as everywhere in the schedule.
    const bad = await c.call('protocol.importSchedule', { schedule: { version: 1, hearings: [{ caseNumber: '2-43/2026', courtNames: { en: 'X' }, scheduledStart: '2026-03-02T12:00:00+05:00' }] } }, await staffOf(c));
    expect(!bad.ok && bad.error.code).toBe('protocol.scheduleInvalid');
  });
});
