import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createCore, type Core } from '../../main/core/core';
import { createLogger } from '../../main/log/logger';
import { openConfSettings } from '../../main/settings/settings-store';
import { seedStaffCli, staffOf } from '../support/core';
import { recordPassedRoomTest } from '../support/room-test';
import { tempDir } from '../support/tools';

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
export const BIN = path.join(ROOT, 'bin/hattama.js');

/**
 * A real core on a fresh data directory. Its microphone is a device that does not exist: these
 * tests are about the protocol, and a hearing opens (by the core's rule) even when its recording
 * cannot start. The recording side of a hearing is tested in test/hearing and test/cli.
 */
export async function openCore(dir = tempDir('hattama-protocol-')): Promise<Core> {
  recordPassedRoomTest(dir);
  const settings = await openConfSettings(dir);
  settings.update({ audio: { ...settings.get().audio, device: 'hw:99,0' } });
  const { log, file } = createLogger(dir, { sync: true });
  return createCore({ dataDir: dir, settings, log, logFile: file });
}

/** Who `cli()` acts as on a data directory made by cliDataDir. */
const actingOn = new Map<string, Record<string, string>>();

/** A data directory for CLI tests, with the same missing microphone as openCore's, and the test officer as its first person. */
export function cliDataDir(): string {
  const dir = tempDir('hattama-cli-');
  fs.writeFileSync(path.join(dir, 'settings.json'), JSON.stringify({ audio: { device: 'hw:99,0' } }));
  actingOn.set(dir, seedStaffCli(dir));
  return dir;
}

/** Calls the core like the UI does; throws on an error result so tests read straight. */
export async function ok<T = unknown>(core: Core, name: string, input: unknown): Promise<T> {
  const r = await core.call(name, input, await staffOf(core));
  if (!r.ok) throw new Error(`${name} failed: ${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

export async function fails(core: Core, name: string, input: unknown): Promise<{ code: string; message: string; fields?: Array<{ path: string; message: string }> }> {
  const r = await core.call(name, input, await staffOf(core));
  if (r.ok) throw new Error(`${name} unexpectedly succeeded`);
  return r.error;
}

/** Runs the CLI (as the test officer, on a cliDataDir); returns status, stdout, stderr. */
export function cli(args: string[], env: Record<string, string> = {}): { status: number; stdout: string; stderr: string } {
  const data = args[args.indexOf('--data') + 1];
  const acting = (args.includes('--data') && data && actingOn.get(data)) || {};
  try {
    const stdout = execFileSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, ...acting, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    return { status: 0, stdout, stderr: '' };
  } catch (e) {
    const err = e as { status: number; stdout: string; stderr: string };
    return { status: err.status, stdout: err.stdout, stderr: err.stderr };
  }
}

/** A test CA and a signer's PKCS#12 made with openssl (Kazakh letters in the subject). */
export function makeTestP12(dir: string, password = 'құпия-pass'): { p12: string; passwordFile: string; caPem: string } {
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '30', '-subj', '/CN=Hattama Test CA');
  run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'signer.key', '-out', 'signer.csr', '-utf8', '-subj', '/CN=Әбенов Серік Қайратұлы/O=Сот');
  run('x509', '-req', '-in', 'signer.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'signer.pem', '-days', '10');
  run('pkcs12', '-export', '-inkey', 'signer.key', '-in', 'signer.pem', '-certfile', 'ca.pem', '-out', 'signer.p12', '-passout', `pass:${password}`);
  fs.writeFileSync(path.join(dir, 'password.txt'), `${password}\n`);
  return { p12: path.join(dir, 'signer.p12'), passwordFile: path.join(dir, 'password.txt'), caPem: path.join(dir, 'ca.pem') };
}

/** A test CA that can issue certificates with any validity (openssl ca -startdate/-enddate, OpenSSL 3.0). */
export interface TestCa {
  dir: string;
  caPem: string;
  caKey: string;
}

export function makeTestCa(dir: string): TestCa {
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  fs.mkdirSync(path.join(dir, 'newcerts'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'index.txt'), '');
  fs.writeFileSync(path.join(dir, 'serial'), '1000\n');
  fs.writeFileSync(
    path.join(dir, 'ca.cnf'),
    [
      '[ ca ]',
      'default_ca = test',
      '[ test ]',
      'dir = .',
      'database = index.txt',
      'new_certs_dir = newcerts',
      'serial = serial',
      'default_md = sha256',
      'policy = any',
      'unique_subject = no',
      'email_in_dn = no',
      '[ any ]',
      'commonName = supplied',
      'serialNumber = optional',
      'organizationName = optional',
      'countryName = optional',
      '',
    ].join('\n'),
  );
  run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '3650', '-subj', '/CN=Hattama Test NCA');
  return { dir, caPem: path.join(dir, 'ca.pem'), caKey: path.join(dir, 'ca.key') };
}

export interface TestSigner {
  p12: string;
  password: string;
  passwordFile: string;
  certPem: string;
  keyPem: string;
  caPem: string;
}

const stamp = (d: Date) => `${d.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;

/**
 * A person's key and certificate from the test CA, in a PKCS#12 file: subject CN=<name>, and like
 * Kazakh certificates SERIALNUMBER=IIN<iin>, C=KZ. Validity from `notBefore` to `notAfter`
 * (default: yesterday to in 30 days), so expired and not yet valid certificates can be made.
 */
export function makeTestSigner(
  ca: TestCa,
  o: { file: string; name: string; iin?: string; notBefore?: Date; notAfter?: Date; password?: string },
): TestSigner {
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: ca.dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const day = 86_400_000;
  const notBefore = o.notBefore ?? new Date(Date.now() - day);
  const notAfter = o.notAfter ?? new Date(Date.now() + 30 * day);
  const password = o.password ?? 'құпия-pass';
  const subj = `/CN=${o.name}${o.iin ? `/serialNumber=IIN${o.iin}` : ''}/C=KZ`;
  run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${o.file}.key`, '-out', `${o.file}.csr`, '-utf8', '-subj', subj);
  run('ca', '-batch', '-config', 'ca.cnf', '-utf8', '-preserveDN', '-notext', '-cert', 'ca.pem', '-keyfile', 'ca.key', '-in', `${o.file}.csr`, '-out', `${o.file}.pem`, '-startdate', stamp(notBefore), '-enddate', stamp(notAfter));
  run('pkcs12', '-export', '-inkey', `${o.file}.key`, '-in', `${o.file}.pem`, '-certfile', 'ca.pem', '-out', `${o.file}.p12`, '-passout', `pass:${password}`);
  fs.writeFileSync(path.join(ca.dir, `${o.file}.password`), `${password}\n`);
  const at = (ext: string) => path.join(ca.dir, `${o.file}${ext}`);
  return { p12: at('.p12'), password, passwordFile: at('.password'), certPem: at('.pem'), keyPem: at('.key'), caPem: ca.caPem };
}

/** openssl cms -verify of a detached .p7s over a file: only the signature (-noverify), or also the chain. */
export function opensslVerify(pdf: string, p7s: string, extra: string[] = ['-noverify']): { status: number; out: string } {
  const r = spawnSync('openssl', ['cms', '-verify', '-binary', '-content', pdf, '-inform', 'DER', '-in', p7s, ...extra, '-out', '/dev/null'], { encoding: 'utf8' });
  return { status: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

/** For tests of signing itself: the check before signing (test/protocol/sign-check.test.ts) is answered with a reason. */
export const SIGN_ANYWAY = { incompleteReason: 'Сынақ хаттамасы: тек қолтаңба тексеріледі' } as const;
