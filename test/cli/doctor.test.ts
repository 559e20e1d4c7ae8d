import { execFileSync, spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stationMigrations } from '../../main/core/station-schema';
import { expectedTriggers } from '../../main/db/protective-triggers';
import { seedStaffCli } from '../support/core';
import { HATTAMA_BIN, startCentral, type CentralProcess } from '../support/central-process';
import { ensurePulse, PULSE_TOOLS, releasePulse } from '../support/pulse';
import { missingTools, tempDir } from '../support/tools';
import { SEALED_KEY_FILE } from '../../main/keys/station-key';
import { testStationKey } from '../support/key-passphrase';

// `hattama doctor` on a real station: enrolled with a central over TLS (a court CA made with
// openssl), one real recording, one room test. Healthy, it exits 0; with a protective trigger
// dropped from the database it exits 1 naming it; its bundle holds the logs and the settings and
// none of the PIN hash, the private key or the central token.

const skip = missingTools(...PULSE_TOOLS, 'openssl', 'sqlite3', 'unzip', 'ffmpeg');

function hattama(args: string[], env: Record<string, string>) {
  return spawnSync(process.execPath, [HATTAMA_BIN, '--lang', 'en', ...args], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, ...env } });
}

function makePki(dir: string): { ca: string; cert: string; key: string } {
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const subj = (cn: string) => ['-subj', `/O=Test court/CN=${cn}`];
  openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', ...subj('Test court CA'));
  openssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', ...subj('central'));
  fs.writeFileSync(path.join(dir, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  openssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'ext.cnf');
  return { ca: path.join(dir, 'ca.pem'), cert: path.join(dir, 'server.pem'), key: path.join(dir, 'server.key') };
}

interface Report {
  ok: boolean;
  checks: Array<{ id: string; status: 'ok' | 'warn' | 'fail'; params: Record<string, string | number>; text: string }>;
}

describe.skipIf(skip)('hattama doctor', () => {
  const runtime = tempDir('hattama-pulse-');
  const before = process.env.PULSE_RUNTIME_PATH;
  let central: CentralProcess;
  let pki: ReturnType<typeof makePki>;

  beforeAll(async () => {
    process.env.PULSE_RUNTIME_PATH = runtime;
    await ensurePulse();
    pki = makePki(tempDir('hattama-pki-'));
    central = await startCentral({ data: tempDir('hattama-central-'), tls: { cert: pki.cert, key: pki.key, ca: fs.readFileSync(pki.ca, 'utf8') } });
  }, 90_000);
  afterAll(async () => {
    await central?.stop();
    releasePulse();
    spawnSync('pulseaudio', ['--kill'], { env: { ...process.env, PULSE_RUNTIME_PATH: runtime } });
    if (before === undefined) delete process.env.PULSE_RUNTIME_PATH;
    else process.env.PULSE_RUNTIME_PATH = before;
  });

  it('a healthy station passes; the bundle has logs and settings and no secret; a dropped trigger fails, named', async () => {
    const data = tempDir('hattama-doctor-');
    const env = seedStaffCli(data);
    const { json: code } = await central.admin<{ code: string }>('POST', '/admin/codes', {});
    const enrolled = hattama(['enroll', '--data', data, '--central', central.url, '--code', code.code, '--ca', pki.ca], env);
    expect(enrolled.status, enrolled.stderr).toBe(0);
    const rec = hattama(['record', '--data', data, '--seconds', '2'], env);
    expect(rec.status, rec.stderr).toBe(0);
    const synced = hattama(['sync', '--data', data, '--once'], env);
    expect(synced.status, synced.stderr).toBe(0);
    hattama(['check', '--data', data, '--seconds', '3'], env);

    const bundle = path.join(tempDir('hattama-bundle-'), 'b.zip');
    const healthy = hattama(['doctor', '--data', data, '--json', '--bundle', bundle], env);
    const report = JSON.parse(healthy.stdout) as Report;
    const fails = report.checks.filter((c) => c.status === 'fail').map((c) => c.text);
    expect(fails).toEqual([]);
    expect(healthy.status, healthy.stderr).toBe(0);
    const byId = Object.fromEntries(report.checks.map((c) => [c.id, c]));
    expect(Object.keys(byId)).toEqual(['tool.arecord', 'tool.ffmpeg', 'tool.ffprobe', 'audioDevice', 'disk', 'dbIntegrity', 'triggers', 'verify', 'clock', 'central', 'stationKey', 'uploads']);
    expect(byId['tool.ffmpeg']!.text).toMatch(/ffmpeg version \d/);
    expect(byId.audioDevice!.status).toBe('ok');
    expect(byId.verify!.text).toMatch(/1 sessions verified/);
    expect(byId.central!.text).toMatch(/certificate valid/);
    expect(byId.clock!.status).toBe('ok');
    expect(Math.abs(Number(byId.clock!.params.ms))).toBeLessThan(1000);
    // Before or after the key is sealed at rest: never a plain key beside the sealed one.
    expect(['ok', 'warn']).toContain(byId.stationKey!.status);

    const listing = execFileSync('unzip', ['-l', bundle], { encoding: 'utf8' });
    for (const name of ['settings.json', 'doctor.txt', 'doctor.json', 'devices.txt', 'versions.json']) expect(listing).toContain(name);
    expect(listing).toMatch(/logs\/\S+/);
    expect(listing).toMatch(/roomtests\/rt-\S+\.json/);
    expect(listing).not.toMatch(/\.wav|\.db|\.pem|\.sealed|central\.json/);

    const out = tempDir('hattama-unzipped-');
    execFileSync('unzip', ['-q', bundle, '-d', out]);
    const db = new Database(path.join(data, 'hattama.db'), { readonly: true });
    const pinHashes = db.prepare<[], { h: string }>("SELECT pin_hash AS h FROM people WHERE pin_hash <> ''").all().map((r) => r.h);
    db.close();
    expect(pinHashes.length).toBeGreaterThan(0);
    const token = (JSON.parse(fs.readFileSync(path.join(data, 'keys', 'central.json'), 'utf8')) as { token: string }).token;
    // The station's private key, as PEM once unsealed, and the sealed file's bytes: in no file of the bundle.
    const privatePem = testStationKey(data).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    const keyLines = privatePem.split('\n').filter((l) => l.length >= 16 && !l.startsWith('-----'));
    expect(keyLines.length).toBeGreaterThan(0);
    const sealed = fs.readFileSync(path.join(data, 'keys', SEALED_KEY_FILE)).subarray(16, 48);
    const bundled = (fs.readdirSync(out, { recursive: true }) as string[]).map((f) => path.join(out, f)).filter((f) => fs.statSync(f).isFile());
    for (const f of bundled) expect(fs.readFileSync(f).includes(sealed), f).toBe(false);
    const grep = (needle: string) => spawnSync('grep', ['-rlF', '--', needle, out], { encoding: 'utf8' }).stdout.trim();
    for (const secret of [...pinHashes, token, ...keyLines]) expect(grep(secret), secret.slice(0, 12)).toBe('');
    // The settings are there, without secrets.
    expect(JSON.parse(fs.readFileSync(path.join(out, 'settings.json'), 'utf8'))).toMatchObject({ centralUrl: central.url });

    const trigger = expectedTriggers(stationMigrations)[0]!;
    execFileSync('sqlite3', [path.join(data, 'hattama.db'), `DROP TRIGGER ${trigger}`]);
    const broken = hattama(['doctor', '--data', data], env);
    expect(broken.status).toBe(1);
    expect(broken.stdout).toMatch(new RegExp(`^FAIL +Database's protective triggers: missing: .*${trigger}`, 'm'));
    expect(broken.stdout).toMatch(/^OK +Database integrity: integrity_check: ok$/m);
    const ru = hattama(['--lang', 'ru', 'doctor', '--data', data], env);
    expect(ru.stdout).toMatch(/ОШИБКА +Защитные триггеры базы данных: отсутствуют:/);
  }, 240_000);
});
