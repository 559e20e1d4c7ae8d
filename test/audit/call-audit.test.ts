import { afterEach, describe, expect, it } from 'vitest';
import type { SignedIn } from '../../common/contract/people';
import { AuditLog } from '../../main/audit/audit-log';
import { dispatch, type DispatchOptions } from '../../main/core/dispatch';
import { openStationDatabase } from '../../main/core/station-schema';
import type { Db } from '../../main/db/database';
import { ProtocolStore } from '../../main/protocol/store';
import { authorOf, newDoorSession, type CallContext, type Handlers } from '../../main/runtime/handlers';
import { tempDir } from '../support/tools';

// The access-audit row of a call that logs an entry is written in the entry's own transaction:
// one durable commit per acknowledged entry, and the row exists if and only if the entry does.

let db: Db | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
});

function setup(opts: { failAudit?: () => boolean; afterCommit?: () => void } = {}) {
  db = openStationDatabase(tempDir('hattama-call-audit-'));
  const store = new ProtocolStore(db);
  const audit = new AuditLog(db);
  const hearing = store.createHearing({ caseNumber: '2-1/2026', source: 'adhoc' });
  const secretary: SignedIn = { id: 1, fullName: 'Нұрланова Әйгерім', roles: ['secretary'] };
  const technician: SignedIn = { id: 2, fullName: 'Серіков Марат', roles: ['technician'] };
  const inTransaction: boolean[] = [];
  const options: DispatchOptions = {
    handlers: {
      'protocol.logEntry': (i: Parameters<ProtocolStore['logEntry']>[0], ctx: CallContext) => {
        const entry = store.logEntry({ ...i, author: authorOf(ctx) });
        opts.afterCommit?.();
        return Promise.resolve(entry);
      },
      'protocol.editEntry': (i: Parameters<ProtocolStore['editEntry']>[0], ctx: CallContext) => store.editEntry({ ...i, author: authorOf(ctx) }),
    } as unknown as Handlers,
    language: () => 'en',
    logError: () => undefined,
    access: { lockAfterMs: () => 3_600_000, currentPerson: (id) => [secretary, technician].find((p) => p.id === id) ?? null },
    audit: (r) => {
      inTransaction.push(db!.inTransaction);
      if (opts.failAudit?.()) throw new Error('disk full');
      audit.append(r);
    },
  };
  const as = (person: SignedIn): CallContext => ({ transport: 'test', session: { ...newDoorSession(), person } });
  const rows = () => audit.list({ hearingId: hearing.id }).map((r) => `${r.call}|${r.personName}|${r.outcome}`);
  const count = (table: string) => db!.prepare<[], { n: number }>(`SELECT count(*) AS n FROM ${table}`).get()!.n;
  return { options, hearing, secretary, technician, as, rows, count, inTransaction };
}

describe('the access audit of a change', () => {
  it('commits in the same transaction as the entry, once per call', async () => {
    const s = setup();
    const r = await dispatch(s.options, 'protocol.logEntry', { hearingId: s.hearing.id, kind: 'note', text: 'Куә сөйледі' }, s.as(s.secretary));
    expect(r.ok).toBe(true);
    const entryId = (r as { value: { id: number } }).value.id;
    expect(await dispatch(s.options, 'protocol.editEntry', { entryId, text: 'Куә түсінік берді' }, s.as(s.secretary))).toMatchObject({ ok: true });
    expect(s.inTransaction).toEqual([true, true]);
    expect(s.rows()).toEqual(['protocol.logEntry|Нұрланова Әйгерім|ok', 'protocol.editEntry|Нұрланова Әйгерім|ok']);
    // The edit names its hearing from the entry, as the dispatcher did from the result.
    expect(s.count("outbox WHERE kind = 'audit.entry'")).toBe(2);
  });

  it('a refused call is audited on its own, and changes nothing', async () => {
    const s = setup();
    const r = await dispatch(s.options, 'protocol.logEntry', { hearingId: s.hearing.id, kind: 'note', text: 'техник' }, s.as(s.technician));
    expect(!r.ok && r.error.code).toBe('auth.forbidden');
    expect(s.inTransaction).toEqual([false]);
    expect(s.rows()).toEqual(['protocol.logEntry|Серіков Марат|auth.forbidden']);
    expect(s.count('entries')).toBe(0);
  });

  it('an audit row that cannot be written takes the entry with it: no change without its row', async () => {
    let fail = true;
    const s = setup({ failAudit: () => fail });
    const r = await dispatch(s.options, 'protocol.logEntry', { hearingId: s.hearing.id, kind: 'note', text: 'Жазылмайды' }, s.as(s.secretary));
    expect(r.ok).toBe(false);
    expect(s.count('entries')).toBe(0);
    expect(s.count("outbox WHERE kind = 'protocol.entry'")).toBe(0);
    fail = false;
    expect((await dispatch(s.options, 'protocol.logEntry', { hearingId: s.hearing.id, kind: 'note', text: 'Жазылады' }, s.as(s.secretary))).ok).toBe(true);
    expect(s.count('entries')).toBe(1);
    expect(s.rows()).toEqual(['protocol.logEntry|Нұрланова Әйгерім|ok']);
  });

  it('a call that fails after its entry committed keeps the row of the change and records the failure', async () => {
    const s = setup({
      afterCommit: () => {
        throw new Error('recorder stopped badly');
      },
    });
    const r = await dispatch(s.options, 'protocol.logEntry', { hearingId: s.hearing.id, kind: 'note', text: 'Жазылды' }, s.as(s.secretary));
    expect(!r.ok && r.error.code).toBe('app.internal');
    expect(s.count('entries')).toBe(1);
    expect(s.rows()).toEqual(['protocol.logEntry|Нұрланова Әйгерім|ok', 'protocol.logEntry|Нұрланова Әйгерім|app.internal']);
  });
});
