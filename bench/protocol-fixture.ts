import { randomUUID } from 'node:crypto';
import type { Db } from '../main/db/database';

// Shared by the protocol benchmarks: a deterministic vocabulary and a fast bulk loader that
// writes entries and revisions the way the store does (one big transaction, prepared statements).

/** A small deterministic PRNG, so every run searches the same data. */
export function rng(seed = 42): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STEMS = ['қарыз', 'шарт', 'куә', 'талап', 'жауап', 'сот', 'өтініш', 'дәлел', 'сарапшы', 'үкім', 'шешім', 'ақша', 'төлем', 'мерзім', 'келісім',
  'договор', 'займ', 'расписк', 'свидетел', 'ходатайств', 'эксперт', 'показан', 'решени', 'истец', 'ответчик', 'пояснил', 'документ', 'суд', 'сумм', 'срок'];
const SUFFIXES = ['', 'ы', 'і', 'ды', 'ге', 'ның', 'тар', 'лар', 'а', 'ом', 'ы', 'ах', 'ия', 'ой'];

/** ~3,000 distinct words; drawn with a Zipf-like skew, like real speech. */
export function vocabulary(): string[] {
  const r = rng(7);
  const words = new Set<string>();
  for (const s of STEMS) for (const x of SUFFIXES) words.add(s + x);
  const letters = 'абвгдеёжзийклмнопрстуфхцчшщыэюяәғқңөұүһі';
  while (words.size < 3000) {
    let w = '';
    const n = 4 + Math.floor(r() * 7);
    for (let i = 0; i < n; i++) w += letters[Math.floor(r() * letters.length)];
    words.add(w);
  }
  return [...words];
}

export function sentence(r: () => number, vocab: string[], min = 6, max = 30): string {
  const n = min + Math.floor(r() * (max - min));
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(vocab[Math.floor(vocab.length * r() ** 3)]!); // skewed to the start
  return out.join(' ');
}

/** Bulk-loads `count` entries into `hearings` hearings (with 5 participants each). Returns hearing ids. */
export function bulkLoad(db: Db, count: number, hearings: number): number[] {
  const r = rng(1);
  const vocab = vocabulary();
  const names = ['Қасымов Ғалым', 'Иванова Мария', 'Үсенов Ұлан', 'Сейітова Һәжар', 'Петров Иван', 'Жұмабаев Нұрлан', 'Ли Анна', 'Әбенов Серік'];
  const at = '2025-01-01T00:00:00.000Z';
  const insH = db.prepare(
    `INSERT INTO hearings (uid, case_number, category, court, courtroom, judge, secretary, scheduled_start, actual_start, status, source, created_at, updated_at)
     VALUES (?, ?, 'civil', 'Сот', '№ 1', 'Әбенов Серік', 'Нұрланова Әйгерім', ?, ?, 'closed', 'schedule', ?, ?)`,
  );
  const insP = db.prepare("INSERT INTO participants (hearing_id, name, role, position, created_at, updated_at) VALUES (?, ?, 'witness', ?, ?, ?)");
  const insE = db.prepare(
    `INSERT INTO entries (uid, hearing_id, kind, started_at, created_at, recording_ms, author) VALUES (?, ?, ?, ?, ?, ?, 'bench')`,
  );
  const insR = db.prepare(
    `INSERT INTO entry_revisions (entry_id, rev, text, speaker, author, created_at) VALUES (?, 1, ?, ?, 'bench', ?)`,
  );
  // The trigger that queues revisions for the index is taken off for the load (the index is built in one go) and put back as the schema has it.
  const queueTrigger = db.prepare<[], { sql: string }>("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'entry_revisions_index'").get()!.sql;
  db.exec('DROP TRIGGER entry_revisions_index');
  // Loading a throwaway database: no fsync per batch, a big page cache. Restored at the end.
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  const ids: number[] = [];
  const perHearing = Math.ceil(count / hearings);
  const day0 = Date.parse('2024-01-01T09:00:00Z');
  let written = 0;
  const kinds = ['note', 'note', 'note', 'testimony_begins', 'motion_filed', 'exhibit_offered'];
  const batch = db.transaction((from: number, to: number) => {
    for (let h = from; h < to && written < count; h++) {
      const start = day0 + h * 86_400_000 / 3;
      const hid = Number(insH.run(randomUUID(), `${1 + (h % 9)}-${1000 + h}/2025`, new Date(start).toISOString(), new Date(start).toISOString(), at, at).lastInsertRowid);
      ids.push(hid);
      for (let p = 0; p < 5; p++) insP.run(hid, names[(h + p) % names.length], p + 1, at, at);
      for (let i = 0; i < perHearing && written < count; i++, written++) {
        const t = new Date(start + i * 7_000).toISOString();
        const eid = Number(insE.run(randomUUID(), hid, kinds[i % kinds.length], t, t, i * 7_000).lastInsertRowid);
        insR.run(eid, sentence(r, vocab), i % 3 === 0 ? names[(h + i) % names.length] : null, t);
      }
    }
  });
  for (let h = 0; h < hearings; h += 50) batch(h, Math.min(hearings, h + 50));
  db.exec("INSERT INTO entry_fts (rowid, text, speaker) SELECT entry_id, text, coalesce(speaker, '') FROM entry_revisions");
  // The search's dictionary of the index's words, as the schema's migration fills it.
  db.exec(`CREATE VIRTUAL TABLE temp.bench_vocab USING fts5vocab (main, entry_fts, row);
    INSERT OR IGNORE INTO entry_terms (term) SELECT term FROM temp.bench_vocab;
    DROP TABLE temp.bench_vocab;`);
  db.exec(queueTrigger);
  db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  db.pragma('synchronous = FULL');
  return ids;
}
