import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRow } from '../../common/contract/audit';
import type { Bookmark } from '../../common/contract/review-aids';
import type { Core } from '../../main/core/core';
import type { CallContext } from '../../main/runtime/handlers';
import { openTestCore, signInAs, staffOf } from '../support/core';
import { writeHearingSession } from './seal-fixture';

// The judge's bookmarks: private to their author (another judge sees none and cannot touch
// them: "not found", not "forbidden"), only on the hearing's own recordings, kept in the
// database when removed, and every act in the access audit without the note's words.

const SESSION = '20261201T120000Z-b00c3a';

let core: Core;
let judge: CallContext;
let otherJudge: CallContext;
let secretary: CallContext;
let hearingId: number;

async function call<T>(ctx: CallContext, name: string, input: unknown): Promise<T> {
  const r = await core.call(name, input, ctx);
  if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}
async function refusal(ctx: CallContext, name: string, input: unknown): Promise<string> {
  const r = await core.call(name, input, ctx);
  if (r.ok) throw new Error(`${name} was allowed`);
  return r.error.code;
}

describe("the judge's bookmarks", () => {
  beforeAll(async () => {
    core = await openTestCore();
    const staff = await staffOf(core);
    judge = await signInAs(core, 'Сейітова Ләззат', ['judge']);
    otherJudge = await signInAs(core, 'Жұмабеков Ерлан', ['judge']);
    secretary = await signInAs(core, 'Әбенова Гүлнар', ['secretary']);
    hearingId = (await call<{ id: number }>(staff, 'protocol.createHearing', { caseNumber: '2-22/2026' })).id;
    await writeHearingSession(core, SESSION, hearingId, 2);
  });
  afterAll(async () => {
    await core.close();
  });

  it('a judge sets, lists, edits and removes their own; the list is in timeline order', async () => {
    const late = await call<Bookmark>(judge, 'review.bookmark', { hearingId, sessionId: SESSION, positionMs: 1500, note: 'куәнің жауабы' });
    const early = await call<Bookmark>(judge, 'review.bookmark', { hearingId, sessionId: SESSION, positionMs: 200 });
    expect(early).toMatchObject({ hearingId, sessionId: SESSION, positionMs: 200, note: '' });
    expect((await call<Bookmark[]>(judge, 'review.bookmarks', { hearingId })).map((b) => b.positionMs)).toEqual([200, 1500]);
    const edited = await call<Bookmark>(judge, 'review.bookmarkEdit', { id: late.id, note: '  қайта тыңдау  ' });
    expect(edited.note).toBe('қайта тыңдау');
    expect(await call(judge, 'review.bookmarkRemove', { id: early.id })).toEqual({ removed: true, hearingId });
    expect((await call<Bookmark[]>(judge, 'review.bookmarks', { hearingId })).map((b) => b.id)).toEqual([late.id]);
    // Removed, not erased: the row stays with its time of removal, and the database refuses a delete.
    const row = core.db.prepare<[number], { removed_at: string | null; note: string }>('SELECT removed_at, note FROM review_bookmarks WHERE id = ?').get(early.id)!;
    expect(row.removed_at).not.toBeNull();
    expect(() => core.db.prepare('DELETE FROM review_bookmarks').run()).toThrow(/keeps every bookmark/);
    expect(await refusal(judge, 'review.bookmarkEdit', { id: early.id, note: 'қайта' })).toBe('review.noSuchBookmark');
  });

  it("another judge neither sees nor touches them; a secretary may not use bookmarks", async () => {
    const mine = await call<Bookmark[]>(judge, 'review.bookmarks', { hearingId });
    expect(mine).toHaveLength(1);
    expect(await call<Bookmark[]>(otherJudge, 'review.bookmarks', { hearingId })).toEqual([]);
    expect(await refusal(otherJudge, 'review.bookmarkEdit', { id: mine[0]!.id, note: 'менікі' })).toBe('review.noSuchBookmark');
    expect(await refusal(otherJudge, 'review.bookmarkRemove', { id: mine[0]!.id })).toBe('review.noSuchBookmark');
    expect(await refusal(secretary, 'review.bookmark', { hearingId, sessionId: SESSION, positionMs: 0 })).toBe('auth.forbidden');
    expect(await refusal(secretary, 'review.bookmarks', { hearingId })).toBe('auth.forbidden');
    expect((await call<Bookmark[]>(judge, 'review.bookmarks', { hearingId }))[0]!.note).toBe('қайта тыңдау');
  });

  it("only on the hearing's own recordings; bad input refused", async () => {
    expect(await refusal(judge, 'review.bookmark', { hearingId, sessionId: '20261201T120000Z-000000', positionMs: 0 })).toBe('review.sessionNotInHearing');
    expect(await refusal(judge, 'review.bookmark', { hearingId: 9999, sessionId: SESSION, positionMs: 0 })).toBe('review.hearingNotFound');
    expect(await refusal(judge, 'review.bookmark', { hearingId, sessionId: SESSION, positionMs: -1 })).toBe('app.invalidInput');
    expect(await refusal(judge, 'review.bookmark', { hearingId, sessionId: SESSION, positionMs: 0, note: 'x'.repeat(2001) })).toBe('app.invalidInput');
  });

  it('every act is in the access audit, the note is not', async () => {
    // A refused attempt on someone else's bookmark names no hearing: it is in the station's whole log.
    const rows = await call<AuditRow[]>(judge, 'audit.list', {});
    const acts = rows.filter((r) => r.call.startsWith('review.bookmark')).map((r) => `${r.call}|${r.personName}|${r.outcome}`);
    expect(acts).toEqual(expect.arrayContaining([
      'review.bookmark|Сейітова Ләззат|ok',
      'review.bookmarkEdit|Сейітова Ләззат|ok',
      'review.bookmarkRemove|Сейітова Ләззат|ok',
      'review.bookmarkEdit|Жұмабеков Ерлан|review.noSuchBookmark',
    ]));
    const edit = rows.find((r) => r.call === 'review.bookmarkEdit' && r.outcome === 'ok')!;
    expect(edit.target).toMatchObject({ bookmarkId: expect.any(Number) });
    expect(JSON.stringify(rows)).not.toContain('қайта тыңдау');
  });
});
