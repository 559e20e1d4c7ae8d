import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';
import { HattamaError } from '../../common/errors';
import { recentRoomTests } from '../roomcheck/room-test-store';
import type { DoctorReport } from './run-doctor';
import { DB_FILE } from './station-checks';
import { toolVersion } from './system-checks';

// The diagnostic bundle a technician sends to support: the logs, the settings with secrets
// removed, the capture devices, versions, the last room tests' results and the doctor's output.
// Never the database, a key, the central token or a recording; and as a second fence, every
// secret the station holds (the token, the PIN hashes, any private key) is cut out of every file
// before it goes in.

const LOG_TAIL_BYTES = 5 * 1024 * 1024;
const SECRET_FIELD = /token|secret|password|passphrase|pin/i;
const PRIVATE_PEM = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g;
export const REMOVED = '[removed]';

function redactFields(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(redactFields);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, SECRET_FIELD.test(k) ? REMOVED : redactFields(x)]));
  return v;
}

/** Every secret value the station holds, to be cut out of whatever goes into the bundle. */
export function stationSecrets(dataDir: string): string[] {
  const out: string[] = [];
  try {
    const c = JSON.parse(fs.readFileSync(path.join(dataDir, 'keys', 'central.json'), 'utf8')) as { token?: unknown };
    if (typeof c.token === 'string' && c.token) out.push(c.token);
  } catch {
    // not enrolled
  }
  const dbFile = path.join(dataDir, DB_FILE);
  if (fs.existsSync(dbFile)) {
    const db = new Database(dbFile, { readonly: true, fileMustExist: true });
    try {
      out.push(...db.prepare<[], { h: string }>("SELECT pin_hash AS h FROM people WHERE pin_hash <> ''").all().map((r) => r.h));
    } catch {
      // no people table yet
    } finally {
      db.close();
    }
  }
  const keys = path.join(dataDir, 'keys');
  if (fs.existsSync(keys)) {
    for (const f of fs.readdirSync(keys)) {
      if (f.includes('.pub.')) continue;
      try {
        const text = fs.readFileSync(path.join(keys, f), 'utf8');
        for (const m of text.match(PRIVATE_PEM) ?? []) out.push(...m.split('\n').filter((l) => l.length >= 16 && !l.startsWith('-----')), m);
        if (f.endsWith('.sealed')) out.push(text.trim());
      } catch {
        // unreadable: nothing of it can leak either
      }
    }
  }
  return [...new Set(out.filter((s) => s.length >= 8))].sort((a, b) => b.length - a.length);
}

export function scrub(text: string, secrets: readonly string[]): string {
  let t = text.replace(PRIVATE_PEM, REMOVED);
  for (const s of secrets) t = t.split(s).join(REMOVED);
  return t;
}

function run(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 5000 });
  return r.error ? `(${cmd}: ${r.error.message})` : `${r.stdout}${r.stderr}`;
}

function tail(file: string): Buffer {
  const size = fs.statSync(file).size;
  const fd = fs.openSync(file, 'r');
  try {
    const n = Math.min(size, LOG_TAIL_BYTES);
    const b = Buffer.alloc(n);
    fs.readSync(fd, b, 0, n, size - n);
    return b;
  } finally {
    fs.closeSync(fd);
  }
}

/** The bundle's entries: name → text. */
export function bundleEntries(dataDir: string, report: DoctorReport, reportText: string): Map<string, string> {
  const e = new Map<string, string>();
  e.set('doctor.json', `${JSON.stringify(report, null, 2)}\n`);
  e.set('doctor.txt', reportText);
  let settings: unknown;
  try {
    settings = JSON.parse(fs.readFileSync(path.join(dataDir, 'settings.json'), 'utf8'));
  } catch (err) {
    settings = { unreadable: (err as Error).message };
  }
  e.set('settings.json', `${JSON.stringify(redactFields(settings), null, 2)}\n`);
  const logs = path.join(dataDir, 'logs');
  if (fs.existsSync(logs)) for (const f of fs.readdirSync(logs).sort()) if (fs.statSync(path.join(logs, f)).isFile()) e.set(`logs/${f}`, tail(path.join(logs, f)).toString('utf8'));
  const devices = process.platform === 'linux'
    ? ['arecord -l', run('arecord', ['-l']), 'arecord -L', run('arecord', ['-L']), 'pactl list short sources', run('pactl', ['list', 'short', 'sources'])]
    : ['sox --help-device', run('sox', ['--help'])];
  e.set('devices.txt', `${devices.join('\n')}\n`);
  const tools = Object.fromEntries(['arecord', 'sox', 'ffmpeg', 'ffprobe'].map((t) => [t, toolVersion(t)]));
  e.set('versions.json', `${JSON.stringify({ hattama: report.version, node: process.version, platform: process.platform, arch: process.arch, tools }, null, 2)}\n`);
  for (const t of recentRoomTests(dataDir, 5)) e.set(`roomtests/${t.id}.json`, `${JSON.stringify(t, null, 2)}\n`);
  return e;
}

/** Writes the zip (refusing to replace a file). Returns the names it holds. */
export async function writeBundle(file: string, dataDir: string, report: DoctorReport, reportText: string): Promise<string[]> {
  if (fs.existsSync(file)) throw new HattamaError('roomcheck.bundleExists', { file });
  const secrets = stationSecrets(dataDir);
  const zip = new ZipFile();
  const names: string[] = [];
  for (const [name, text] of bundleEntries(dataDir, report, reportText)) {
    zip.addBuffer(Buffer.from(scrub(text, secrets), 'utf8'), name);
    names.push(name);
  }
  zip.end();
  await pipeline(zip.outputStream, fs.createWriteStream(file, { flags: 'wx', mode: 0o600 }));
  return names;
}
