import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Agent, fetch as undiciFetch } from 'undici';

// Central as a real process (`hattama central`), for tests and benchmarks.

const ROOT = path.resolve(import.meta.dirname, '../..');
export const HATTAMA_BIN = path.join(ROOT, 'bin', 'hattama.js');

export interface CentralProcess {
  url: string;
  port: number;
  proc: ChildProcess;
  adminToken: string;
  output: () => string;
  /** SIGKILL, no goodbye: what a power cut or crash does. */
  kill(): Promise<void>;
  stop(): Promise<void>;
  admin<T = unknown>(method: string, p: string, body?: unknown): Promise<{ status: number; json: T }>;
}

export interface StartCentralOptions {
  data: string;
  port?: number;
  database?: string;
  env?: Record<string, string>;
  /** Serve HTTPS: certificate and key files; `ca` (PEM) is what admin() trusts. */
  tls?: { cert: string; key: string; ca: string };
  enrollPerMinute?: number;
}

export async function startCentral(opts: StartCentralOptions): Promise<CentralProcess> {
  const args = [HATTAMA_BIN, 'central', '--data', opts.data, '--port', String(opts.port ?? 0)];
  if (opts.database) args.push('--database', opts.database);
  if (opts.tls) args.push('--tls-cert', opts.tls.cert, '--tls-key', opts.tls.key);
  // Tests enroll many stations from one loopback address: the flood test sets its own limit.
  args.push('--enroll-per-minute', String(opts.enrollPerMinute ?? 1000));
  const dispatcher = opts.tls ? new Agent({ connect: { ca: opts.tls.ca } }) : undefined;
  const proc = spawn(process.execPath, args, { env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`central did not start:\n${out}`)), 30_000);
    const check = () => {
      const m = /listening on (https?:\/\/[^\s]+)/.exec(out);
      if (m) {
        clearTimeout(t);
        resolve(m[1]!);
      }
    };
    proc.stdout!.on('data', check);
    proc.on('exit', (code) => {
      clearTimeout(t);
      reject(new Error(`central exited ${code}:\n${out}`));
    });
  });
  const port = Number(new URL(url).port);
  const adminToken = fs.readFileSync(path.join(opts.data, 'admin-token'), 'utf8').trim();
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  return {
    url: `${url}/`,
    port,
    proc,
    adminToken,
    output: () => out,
    async kill() {
      proc.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      await exited;
      await dispatcher?.close();
    },
    async admin(method, p, body) {
      const r = await undiciFetch(new URL(p, url), {
        dispatcher,
        method,
        headers: { authorization: `Bearer ${adminToken}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        body: body !== undefined ? JSON.stringify(body) : undefined,
      });
      const text = await r.text();
      return { status: r.status, json: (text ? JSON.parse(text) : null) as never };
    },
  };
}
