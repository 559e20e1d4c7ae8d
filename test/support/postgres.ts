import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from './tools';

// A real PostgreSQL for tests: HATTAMA_TEST_PG_URL if set, else a throwaway cluster (initdb +
// pg_ctl in a temp dir, on a free loopback port). Needs only Debian's `postgresql` package.
// As root, the cluster runs as the `postgres` user (initdb refuses root).

export interface Pg {
  url: string;
  /** A fresh, empty database on that server; returns its URL. */
  freshDatabase(prefix?: string): Promise<string>;
  stop(): Promise<void>;
  external: boolean;
}

function pgBin(name: string): string | null {
  const base = '/usr/lib/postgresql';
  if (fs.existsSync(base)) {
    const versions = fs.readdirSync(base).sort((a, b) => Number(b) - Number(a));
    for (const v of versions) {
      const p = path.join(base, v, 'bin', name);
      if (fs.existsSync(p)) return p;
    }
  }
  const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** Why PostgreSQL cannot be used here ('' when it can). */
export function postgresUnavailable(): string {
  if (process.env.HATTAMA_TEST_PG_URL) return '';
  if (!pgBin('initdb') || !pgBin('pg_ctl')) return 'PostgreSQL server binaries not found (apt-get install -y postgresql, or set HATTAMA_TEST_PG_URL)';
  return '';
}

function withUrlDb(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

export async function startPostgres(): Promise<Pg> {
  let counter = 0;
  const make = (url: string, stop: () => Promise<void>, external: boolean): Pg => ({
    url,
    external,
    stop,
    async freshDatabase(prefix = 't') {
      const name = `${prefix}_${process.pid}_${Date.now().toString(36)}_${counter++}`;
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        await c.query(`CREATE DATABASE ${name}`);
      } finally {
        await c.end();
      }
      return withUrlDb(url, name);
    },
  });
  if (process.env.HATTAMA_TEST_PG_URL) return make(process.env.HATTAMA_TEST_PG_URL, async () => undefined, true);

  const initdb = pgBin('initdb');
  const pgCtl = pgBin('pg_ctl');
  if (!initdb || !pgCtl) throw new Error(postgresUnavailable());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hattama-pg-'));
  const data = path.join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]) => {
    if (asRoot) execFileSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { stdio: 'pipe' });
    else execFileSync(cmd, args, { stdio: 'pipe' });
  };
  fs.chmodSync(dir, 0o755);
  if (asRoot) execFileSync('chown', ['postgres:postgres', dir]);
  run(initdb, ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync']);
  const port = await freePort();
  run(pgCtl, ['-D', data, '-l', path.join(dir, 'log'), '-w', '-t', '60', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`, 'start']);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return make(
    url,
    async () => {
      try {
        run(pgCtl, ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // already gone
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
    false,
  );
}
