import { afterAll, beforeAll } from 'vitest';
import { postgresUnavailable, startPostgres, type Pg } from './postgres';
import { IN_CI } from './tools';

/**
 * Central's two stores for a test file to run against: SQLite, and a throwaway PostgreSQL
 * (started before the file's tests, stopped after). Under CI=true a missing PostgreSQL fails.
 */
export function centralBackends(name: string): Array<{ name: string; database: () => Promise<string | undefined>; skip?: boolean }> {
  const pgMissing = postgresUnavailable();
  if (pgMissing && IN_CI) throw new Error(`${pgMissing} — required when CI=true`);
  if (pgMissing) console.warn(`SKIPPED (PostgreSQL run): ${pgMissing}`);
  let pg: Pg | undefined;
  beforeAll(async () => {
    if (!pgMissing) pg = await startPostgres();
  });
  afterAll(async () => {
    await pg?.stop();
  });
  return [
    { name: 'sqlite', database: async () => undefined },
    { name: 'postgres', database: async () => pg!.freshDatabase(name), skip: !!pgMissing },
  ];
}
