import type { Db } from '../db/database';

// The worker's small memory in the station's database: feed cursor, last success.

export function readKv(db: Db, key: string): string | null {
  return db.prepare<[string], { value: string }>('SELECT value FROM sync_kv WHERE key = ?').get(key)?.value ?? null;
}

export function writeKv(db: Db, key: string, value: string): void {
  db.prepare('INSERT INTO sync_kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
}
