import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';

export const IN_CI = process.env.CI === 'true' || process.env.CI === '1';
const repo = path.resolve(import.meta.dirname, '../..');

export interface Station {
  url: string;
  dataDir: string;
  process: ChildProcess;
  /** Restart the core on the same data directory (a new URL and token). */
  restart(): Promise<Station>;
}

/** Starts `hattama serve` on a fresh data directory and a free port; resolves with the printed URL. */
export async function startStation(dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hattama-e2e-')), extraArgs: string[] = []): Promise<Station> {
  const child = spawn(process.execPath, [path.join(repo, 'bin/hattama.js'), 'serve', '--data', dataDir, '--port', '0', ...extraArgs], {
    cwd: repo,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = out.match(/^(http:\/\/\S+)$/m);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`hattama serve exited ${code}: ${err}`)));
    setTimeout(() => reject(new Error(`hattama serve printed no URL in 30 s: ${out} ${err}`)), 30_000);
  });
  const station: Station = {
    url,
    dataDir,
    process: child,
    async restart() {
      await stopStation(station);
      return startStation(dataDir, extraArgs);
    },
  };
  return station;
}

export async function stopStation(s: Station): Promise<void> {
  if (s.process.exitCode !== null) return;
  const exited = new Promise((r) => s.process.once('exit', r));
  s.process.kill('SIGTERM');
  await exited;
}

/** A page with console errors collected; the test fails if any appear. */
export const test = base.extend<{ station: Station; consoleErrors: string[] }>({
  // eslint-disable-next-line no-empty-pattern
  station: async ({}, use) => {
    const s = await startStation();
    await use(s);
    await stopStation(s);
  },
  consoleErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    await use(errors);
  },
});

export { expect };

export async function openStation(page: Page, station: Station): Promise<void> {
  await page.goto(station.url);
  await expect(page.getByTestId('connection')).toHaveAttribute('class', /conn-connected/);
}
