import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Hearing, HearingDetail } from '../../common/contract/protocol';
import { isHattamaError } from '../../common/errors';
import type { Core } from '../../main/core/core';
import { importSchedule, parseSchedule } from '../../main/protocol/schedule-import';
import { createProtocolStore } from '../../main/protocol/module';
import { cli, cliDataDir, fails, ok, openCore, ROOT } from './helpers';

let core: Core | undefined;
afterEach(async () => {
  await core?.close();
  core = undefined;
});

const example = JSON.parse(fs.readFileSync(path.join(ROOT, 'resources/schedule-example.json'), 'utf8'));

describe('schedule import', () => {
  it('loads the example file with participants; re-import updates instead of duplicating', async () => {
    const c = (core = await openCore());
    const store = createProtocolStore(c);
    const r = importSchedule(store, example);
    expect(r.created).toHaveLength(2);
    const d = await ok<HearingDetail>(c, 'protocol.getHearing', { hearingId: r.created[0]! });
    expect(d.hearing).toMatchObject({ caseNumber: '7594-25-00-2/1234', source: 'schedule', externalId: 'TOR-2025-000123', scheduledStart: '2025-03-14T05:00:00.000Z' });
    expect(d.participants.map((p) => [p.name, p.role, p.attendance])).toContainEqual(['Үсенов Ұлан', 'witness', 'remote']);

    const again = structuredClone(example);
    again.hearings[0].courtroom = '№ 7';
    again.hearings[0].participants.push({ name: 'Жаңа Куә', role: 'witness' });
    const r2 = importSchedule(store, again);
    expect(r2.updated).toEqual([r.created[0]]);
    expect(r2.created).toHaveLength(1); // the second hearing has no externalId: always new
    const d2 = await ok<HearingDetail>(c, 'protocol.getHearing', { hearingId: r.created[0]! });
    expect(d2.hearing.courtroom).toBe('№ 7');
    expect(d2.participants).toHaveLength(5);
    const unchanged = importSchedule(store, { version: 1, hearings: [again.hearings[0]] });
    expect(unchanged.unchanged).toEqual([r.created[0]]);

    // through the contract as well
    const viaCall = await ok<{ created: number[] }>(c, 'protocol.importSchedule', { schedule: { version: 1, hearings: [{ caseNumber: 'X-1', scheduledStart: '2025-03-15T09:00:00Z' }] } });
    expect(viaCall.created).toHaveLength(1);
  });

  it('errors name the record index and the field, and nothing is imported', async () => {
    const c = (core = await openCore());
    const store = createProtocolStore(c);
    const bad = structuredClone(example);
    bad.hearings[1].participants[2].role = 'lawyer';
    delete bad.hearings[0].caseNumber;
    bad.hearings[0].scheduledStart = 'tomorrow';
    bad.hearings.push({ caseNumber: 'Z', scheduledStart: '2025-03-14T10:00:00Z', scheduledEnd: '2025-03-14T09:00:00Z', colour: 'red' });
    let error: unknown;
    try {
      importSchedule(store, bad, { lang: 'en' });
    } catch (e) {
      error = e;
    }
    expect(isHattamaError(error) && error.code).toBe('protocol.scheduleInvalid');
    const paths = isHattamaError(error) ? error.fields!.map((f) => f.path) : [];
    expect(paths).toEqual(expect.arrayContaining(['hearings[0].caseNumber', 'hearings[0].scheduledStart', 'hearings[1].participants[2].role', 'hearings[2]']));
    expect((await ok<Hearing[]>(c, 'protocol.hearings', { scope: 'all' })).length).toBe(0);
    expect(() => parseSchedule({ version: 2, hearings: [] })).toThrow();
    const viaCall = await fails(c, 'protocol.importSchedule', { schedule: bad });
    expect(viaCall.code).toBe('protocol.scheduleInvalid');
    expect(viaCall.message).toContain('hearings[1].participants[2].role');
  });

  it('CLI: prints what it did; a broken file exits 1 naming record and field', () => {
    const dir = cliDataDir();
    const ok1 = cli(['schedule', 'import', '--data', dir, path.join(ROOT, 'resources/schedule-example.json'), '--json']);
    expect(ok1.status, ok1.stderr).toBe(0);
    expect(JSON.parse(ok1.stdout).created).toEqual([1, 2]);
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify({ version: 1, hearings: [{ caseNumber: 'A', scheduledStart: '2025-03-14T10:00:00Z' }, { caseNumber: '', scheduledStart: '2025-03-14T10:00:00Z' }] }));
    const r = cli(['schedule', 'import', '--data', dir, bad], { HATTAMA_LANG: 'en' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('hearings[1].caseNumber');
    fs.writeFileSync(bad, '{ not json');
    const r2 = cli(['schedule', 'import', '--data', dir, bad], { HATTAMA_LANG: 'en' });
    expect(r2.status).toBe(1);
    expect(r2.stderr).toContain('Cannot read the schedule file');
    const list = cli(['protocol', 'list', '--data', dir, '--json']);
    expect(JSON.parse(list.stdout)).toHaveLength(2);
  });
});
