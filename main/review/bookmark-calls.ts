import type { Bookmark } from '../../common/contract/review-aids';
import { HattamaError } from '../../common/errors';
import type { Db } from '../db/database';
import { addCallAuditFacts } from '../audit/call-audit';
import { actor, type CallContext, type Handlers } from '../runtime/handlers';

// The judge's own bookmarks in a hearing's recordings. Private: every read and write is by the
// signed-in person's id, so another judge's bookmark is "not found" rather than "forbidden"
// (nothing tells whether it exists). Removal keeps the row (removed_at).

export type BookmarkCalls = 'review.bookmarks' | 'review.bookmark' | 'review.bookmarkEdit' | 'review.bookmarkRemove';

type Row = { id: number; hearing_id: number; session_id: string; position_ms: number; note: string; created_at: string; updated_at: string };

export interface BookmarkDeps {
  db: Db;
  now: () => Date;
  /** Throws when the caller may not review the hearing, or the session is not one of its recordings. */
  requireSession(hearingId: number, sessionId: string, ctx: CallContext): void;
  requireHearing(hearingId: number, ctx: CallContext): void;
}

const view = (r: Row): Bookmark => ({ id: r.id, hearingId: r.hearing_id, sessionId: r.session_id, positionMs: r.position_ms, note: r.note, createdAt: r.created_at, updatedAt: r.updated_at });

function personOf(ctx: CallContext): number {
  const p = actor(ctx);
  if (!p) throw new HattamaError('auth.required');
  return p.id;
}

export function bookmarkCalls(d: BookmarkDeps): Pick<Handlers, BookmarkCalls> {
  const list = d.db.prepare<[number, number], Row>('SELECT * FROM review_bookmarks WHERE person_id = ? AND hearing_id = ? AND removed_at IS NULL ORDER BY session_id, position_ms, id');
  const one = d.db.prepare<[number, number], Row>('SELECT * FROM review_bookmarks WHERE id = ? AND person_id = ? AND removed_at IS NULL');
  const insert = d.db.prepare('INSERT INTO review_bookmarks (person_id, hearing_id, session_id, position_ms, note, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const setNote = d.db.prepare('UPDATE review_bookmarks SET note = ?, updated_at = ? WHERE id = ?');
  const remove = d.db.prepare('UPDATE review_bookmarks SET removed_at = ? WHERE id = ?');

  const mine = (id: number, person: number): Row => {
    addCallAuditFacts({ bookmarkId: id });
    const r = one.get(id, person);
    if (!r) throw new HattamaError('review.noSuchBookmark', { id });
    return r;
  };

  return {
    'review.bookmarks': ({ hearingId }, ctx) => {
      d.requireHearing(hearingId, ctx);
      return list.all(personOf(ctx), hearingId).map(view);
    },
    'review.bookmark': ({ hearingId, sessionId, positionMs, note }, ctx) => {
      const person = personOf(ctx);
      d.requireSession(hearingId, sessionId, ctx);
      const at = d.now().toISOString();
      const id = Number(insert.run(person, hearingId, sessionId, positionMs, note, at, at).lastInsertRowid);
      return view(mine(id, person));
    },
    'review.bookmarkEdit': ({ id, note }, ctx) => {
      const person = personOf(ctx);
      mine(id, person);
      setNote.run(note, d.now().toISOString(), id);
      return view(mine(id, person));
    },
    'review.bookmarkRemove': ({ id }, ctx) => {
      const r = mine(id, personOf(ctx));
      remove.run(d.now().toISOString(), id);
      return { removed: true, hearingId: r.hearing_id };
    },
  };
}
