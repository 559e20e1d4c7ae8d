import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { recordPassedRoomTest } from '../../test/support/room-test';
import { startWorkerPulse } from './worker-pulse';

export const IN_CI = process.env.CI === 'true' || process.env.CI === '1';
const repo = path.resolve(import.meta.dirname, '../..');

export interface Station {
  url: string;
  dataDir: string;
  process: ChildProcess;
  /** Restart the core on the same data directory (a new URL and token). */
  restart(): Promise<Station>;
}

/**
 * Starts `hattama serve` on a fresh data directory and a free port; resolves with the printed URL.
 * Its room passed a room test just now (hearings open without a reason) unless `passedRoomTest` is false.
 */
export async function startStation(dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hattama-e2e-')), extraArgs: string[] = [], o: { passedRoomTest?: boolean } = {}): Promise<Station> {
  if (o.passedRoomTest ?? true) recordPassedRoomTest(dataDir);
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
      return startStation(dataDir, extraArgs, { passedRoomTest: false });
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
export const test = base.extend<{ station: Station; consoleErrors: string[] }, { workerPulse: void }>({
  // The worker's own PulseAudio room, before anything of the worker records or plays (worker-pulse.ts).
  workerPulse: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      if (process.env.HATTAMA_E2E_NO_AUDIO) return use();
      const stop = await startWorkerPulse();
      await use();
      stop();
    },
    { scope: 'worker', auto: true },
  ],
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

export interface TestPerson {
  name: string;
  pin: string;
  roles: string[];
}

/** The person every spec signs in as unless it says otherwise: all four roles. */
export const TEST_PERSON: TestPerson = { name: 'Әбенова Сәуле Маратқызы', pin: '2468', roles: ['administrator', 'secretary', 'judge', 'technician'] };

export function pinFile(pin: string): string {
  const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hattama-pin-')), 'pin');
  fs.writeFileSync(f, `${pin}\n`, { mode: 0o600 });
  return f;
}

/** Runs the station's CLI (`bin/hattama.js ARGS`) and returns its standard output. */
export function cli(args: string[]): string {
  return execFileSync(process.execPath, [path.join(repo, 'bin/hattama.js'), ...args], { cwd: repo, encoding: 'utf8', env: { ...process.env, HATTAMA_AS: '', HATTAMA_PIN_FILE: '' } });
}

const added = new Map<string, Set<string>>();

/**
 * Adds a person to the station through `hattama user add` (once per data directory): the first
 * one without signing in, every later one as TEST_PERSON, the station's administrator.
 */
export function addPerson(station: Pick<Station, 'dataDir'>, person: TestPerson = TEST_PERSON): void {
  if (added.get(station.dataDir)?.has(person.name)) return;
  if (person !== TEST_PERSON) addPerson(station, TEST_PERSON);
  const known = added.get(station.dataDir) ?? new Set<string>();
  const as = known.size > 0 ? ['--as', TEST_PERSON.name, '--as-pin-file', pinFile(TEST_PERSON.pin)] : [];
  cli([...as, 'user', 'add', '--data', station.dataDir, '--name', person.name, '--role', person.roles.join(','), '--pin-file', pinFile(person.pin)]);
  known.add(person.name);
  added.set(station.dataDir, known);
}

/** Signs in through the real sign-in screen: types the name, the PIN, Enter. */
export async function signIn(page: Page, name: string, pin: string): Promise<void> {
  const screen = page.getByTestId('signin');
  await expect(screen).toBeVisible();
  await screen.locator('#signin-person').fill(name);
  await screen.locator('#signin-pin').fill(pin);
  await screen.locator('#signin-pin').press('Enter');
  await expect(screen).toHaveCount(0);
}

/** Opens the station's page and signs in (as TEST_PERSON unless another person is given), on the home screen. */
export async function openStation(page: Page, station: Station, person: TestPerson = TEST_PERSON): Promise<void> {
  addPerson(station, person);
  await page.goto(station.url);
  await expect(page.getByTestId('connection')).toHaveAttribute('class', /conn-connected/);
  await signIn(page, person.name, person.pin);
  await expect(page.getByTestId('signed-in-name')).toHaveText(person.name);
}

/** The secretary's console of a hearing, as the secretary opens it: the workspace (Alt+1), the list's search (Ctrl+K), the case number, Enter. */
export async function openConsole(page: Page, caseNumber: string): Promise<void> {
  await page.keyboard.press('Alt+1');
  await page.keyboard.press('Control+k');
  await page.keyboard.type(caseNumber);
  await page.keyboard.press('Enter');
}
