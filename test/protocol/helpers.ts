import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createCore, type Core } from '../../main/core/core';
import { createLogger } from '../../main/log/logger';
import { openConfSettings } from '../../main/settings/settings-store';
import { tempDir } from '../support/tools';

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
export const BIN = path.join(ROOT, 'bin/hattama.js');

/**
 * A real core on a fresh data directory. Its microphone is a device that does not exist: these
 * tests are about the protocol, and a hearing opens (by the core's rule) even when its recording
 * cannot start. The recording side of a hearing is tested in test/hearing and test/cli.
 */
export async function openCore(dir = tempDir('hattama-protocol-')): Promise<Core> {
  const settings = await openConfSettings(dir);
  settings.update({ audio: { ...settings.get().audio, device: 'hw:99,0' } });
  const { log, file } = createLogger(dir, { sync: true });
  return createCore({ dataDir: dir, settings, log, logFile: file });
}

/** A data directory for CLI tests, with the same missing microphone as openCore's. */
export function cliDataDir(): string {
  const dir = tempDir('hattama-cli-');
  fs.writeFileSync(path.join(dir, 'settings.json'), JSON.stringify({ audio: { device: 'hw:99,0' } }));
  return dir;
}

/** Calls the core like the UI does; throws on an error result so tests read straight. */
export async function ok<T = unknown>(core: Core, name: string, input: unknown): Promise<T> {
  const r = await core.call(name, input, { transport: 'test' });
  if (!r.ok) throw new Error(`${name} failed: ${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

export async function fails(core: Core, name: string, input: unknown): Promise<{ code: string; message: string; fields?: Array<{ path: string; message: string }> }> {
  const r = await core.call(name, input, { transport: 'test' });
  if (r.ok) throw new Error(`${name} unexpectedly succeeded`);
  return r.error;
}

/** Runs the CLI; returns status, stdout, stderr. */
export function cli(args: string[], env: Record<string, string> = {}): { status: number; stdout: string; stderr: string } {
  try {
    const stdout = execFileSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
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
