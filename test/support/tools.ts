import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** In CI a missing system tool is a failure; on a developer machine the test skips and says why. */
export const IN_CI = process.env.CI === 'true' || process.env.CI === '1';

export function hasTool(name: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Returns the reason to skip (or '' when all tools are there). Under CI it throws instead, so
 * a machine without the tool cannot pass by skipping.
 */
export function missingTools(...names: string[]): string {
  const missing = names.filter((n) => !hasTool(n));
  if (missing.length === 0) return '';
  const reason = `missing system tool(s): ${missing.join(', ')} (apt-get install them; see README)`;
  if (IN_CI) throw new Error(`${reason} — required when CI=true`);
  console.warn(`SKIPPED: ${reason}`);
  return reason;
}

/** A loopback port free right now (for servers that must be told their port). */
export async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

export function tempDir(prefix = 'hattama-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** The HattamaError code `f` throws, or null when it throws none. */
export function thrownCode(f: () => unknown): string | null {
  try {
    f();
  } catch (e) {
    return (e as { code?: string }).code ?? String(e);
  }
  return null;
}
