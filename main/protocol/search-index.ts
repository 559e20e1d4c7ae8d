import type Database from 'better-sqlite3';
import type { Db } from '../db/database';

// The search index is written after the commit, not in it (docs/protocol.md, Commit). A new
// revision only queues its entry in entry_fts_pending, in the commit's own transaction (a trigger,
// schema step 9). Here the queued entries' current text goes into entry_fts and their words into
// the dictionary entry_terms: in the background shortly after a commit, before any search reads
// the index, and when the store opens (entries a crash left queued). The index is derived from
// entry_revisions alone, so nothing is lost if a power cut takes this write: the queue still holds
// what it had not done.

/** Entries written into the index per statement batch. */
const BATCH = 256;

interface Statements {
  any: Database.Statement<[], { one: number }>;
  queued: Database.Statement<[number], { entry_id: number; in_index: number; text: string; speaker: string }>;
  remove: Database.Statement<[number]>;
  insert: Database.Statement<[number, string, string]>;
  words: Database.Statement<[string, string]>;
  keepWords: Database.Statement;
  clearWords: Database.Statement;
  done: Database.Statement<[number]>;
}

const prepared = new WeakMap<Db, Statements>();

function statements(db: Db): Statements {
  let s = prepared.get(db);
  if (s) return s;
  // The batch's words, cut by the index's own tokenizer (a table of this connection only).
  db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.entry_fts_batch USING fts5 (text, speaker, content = '', detail = none, tokenize = 'unicode61 remove_diacritics 2');
    CREATE VIRTUAL TABLE IF NOT EXISTS temp.entry_fts_batch_vocab USING fts5vocab (temp, entry_fts_batch, row);`);
  s = {
    any: db.prepare('SELECT 1 AS one FROM entry_fts_pending LIMIT 1'),
    queued: db.prepare(`SELECT p.entry_id, p.in_index, r.text, coalesce(r.speaker, '') AS speaker FROM entry_fts_pending p
      JOIN entry_revisions r ON r.entry_id = p.entry_id AND r.rev = (SELECT max(rev) FROM entry_revisions WHERE entry_id = p.entry_id)
      ORDER BY p.entry_id LIMIT ?`),
    remove: db.prepare('DELETE FROM entry_fts WHERE rowid = ?'),
    insert: db.prepare('INSERT INTO entry_fts (rowid, text, speaker) VALUES (?, ?, ?)'),
    words: db.prepare('INSERT INTO temp.entry_fts_batch (text, speaker) VALUES (?, ?)'),
    keepWords: db.prepare('INSERT OR IGNORE INTO entry_terms (term) SELECT term FROM temp.entry_fts_batch_vocab'),
    clearWords: db.prepare("INSERT INTO temp.entry_fts_batch (entry_fts_batch) VALUES ('delete-all')"),
    done: db.prepare('DELETE FROM entry_fts_pending WHERE entry_id <= ?'),
  };
  prepared.set(db, s);
  return s;
}

/** True when every committed revision is in the index (one probe of an empty table, the usual case). */
export function indexIsCurrent(db: Db): boolean {
  return statements(db).any.get() === undefined;
}

/**
 * Writes every queued entry's current text into the index and its words into the dictionary, in
 * one write transaction. Returns how many entries it wrote.
 */
export function catchUpIndex(db: Db): number {
  if (indexIsCurrent(db)) return 0;
  const s = statements(db);
  const run = db.transaction(() => {
    let written = 0;
    for (;;) {
      const rows = s.queued.all(BATCH);
      if (rows.length === 0) return written;
      for (const r of rows) {
        // An entry already in the index (an edit of one indexed before) is replaced; a new one has nothing to remove.
        if (r.in_index) s.remove.run(r.entry_id);
        s.insert.run(r.entry_id, r.text, r.speaker);
        s.words.run(r.text, r.speaker);
      }
      s.keepWords.run();
      s.clearWords.run();
      // Rows queued are in entry_id order, and a revision queued meanwhile is in another transaction: none can slip between.
      s.done.run(rows[rows.length - 1]!.entry_id);
      written += rows.length;
    }
  });
  return db.inTransaction ? run() : run.immediate();
}

const scheduled = new WeakSet<Db>();

/** After a commit: the index is brought up to date soon, off the committing call (several commits close together share one write). */
export function indexSoon(db: Db, delayMs = 100): void {
  if (scheduled.has(db)) return;
  scheduled.add(db);
  setTimeout(() => {
    scheduled.delete(db);
    // The database may have been closed meanwhile (a test, the app quitting): the store indexes what is left when it opens it again.
    if (!db.open) return;
    try {
      catchUpIndex(db);
      // The WAL is copied back into the database here, between calls, rather than by the automatic
      // checkpoint inside whichever commit crosses its 1,000 pages (an entry writes about 15):
      // PASSIVE waits for no reader and no writer.
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // Busy or failing now: the queue keeps the entries, and the next commit, search or opening writes them.
    }
  }, delayMs).unref();
}
