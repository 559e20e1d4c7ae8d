import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Entry, HearingDetail } from '../../common/contract/protocol';
import { controlSocketPath } from '../../main/control/socket-path';
import { seedStaffCli } from '../support/core';
import { stubUi } from '../support/serve';
import { ensurePulse, PULSE_TOOLS, releasePulse, sleep } from '../support/pulse';
import { missingTools, tempDir } from '../support/tools';

// The acceptance of "one door": with `hattama serve` running on a data directory, the CLI is a
// client of that core (control socket), not a second core. Logging the hearing's events from
// the CLI moves the station's recorder by the hearing's rules, and the finished session verifies.

const bin = path.resolve(import.meta.dirname, '../../bin/hattama.js');
/** Who the CLI acts as: the test officer, added as the station's first person in beforeAll. */
let acting: Record<string, string> = {};
const cli = (...args: string[]) => spawnSync(process.execPath, [bin, '--lang', 'en', ...args], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...acting } });
const skip = missingTools(...PULSE_TOOLS);

interface Status {
  station: { runningCore: boolean };
  hearings: Array<{ id: number; status: string }>;
  recording: { state: string; hearingId: string | null; sessionId: string | null; folder: string | null; pauseReason: string | null; timeline: Array<{ type: string }> };
}

function startServe(data: string, ui: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [bin, 'serve', '--data', data, '--port', '0', '--ui', ui], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^(http:\/\/\S+)$/m.exec(out);
      if (m) resolve({ child, url: m[1]! });
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
  });
}

describe.skipIf(skip)('one door: the CLI drives the running station', () => {
  let data: string;
  let ui: string;
  let serve: ChildProcess;

  const status = (): Status => {
    const r = cli('status', '--data', data, '--json');
    expect(r.status, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as Status;
  };
  const log = (kind: string, ...more: string[]) => cli('protocol', 'log', '--data', data, '--hearing', '1', '--kind', kind, ...more);

  beforeAll(async () => {
    await ensurePulse();
    data = tempDir('hattama-door-');
    ui = stubUi();
    acting = seedStaffCli(data);
    const imported = cli('schedule', 'import', '--data', data, path.resolve(import.meta.dirname, '../../resources/schedule-example.json'));
    expect(imported.status, imported.stderr).toBe(0);
    serve = (await startServe(data, ui)).child;
  }, 60_000);

  afterAll(async () => {
    if (serve && serve.exitCode === null) {
      const exited = new Promise((r) => serve.once('exit', r));
      serve.kill('SIGTERM');
      await exited;
    }
    releasePulse();
  });

  it('a second core on the same directory is refused with a clear message, and the first goes on', async () => {
    const second = spawnSync(process.execPath, [bin, '--lang', 'en', 'serve', '--data', data, '--port', '0', '--ui', ui], { encoding: 'utf8', timeout: 30_000 });
    expect(second.status).toBe(1);
    expect(second.stderr).toMatch(/^hattama: The data directory .* is in use by another Hattama process \(PID \d+/m);
    expect(serve.exitCode).toBeNull();
    if (process.platform !== 'win32') expect(fs.statSync(controlSocketPath(data)).mode & 0o777).toBe(0o600);
  });

  it('opened starts the recording of the hearing, recess pauses it, resumed resumes it, closed stops it; verify passes and shows the pause', async () => {
    expect(status()).toMatchObject({ station: { runningCore: true }, hearings: [], recording: { state: 'idle' } });

    const opened = log('opened');
    expect(opened.status, opened.stderr).toBe(0);
    let s = status();
    expect(s.recording).toMatchObject({ state: 'recording', hearingId: '1' });
    expect(s.hearings).toEqual([expect.objectContaining({ id: 1, status: 'in_progress' })]);
    await sleep(1500);

    expect(log('recess').status).toBe(0);
    s = status();
    expect(s.recording).toMatchObject({ state: 'paused', pauseReason: 'recess' });
    await sleep(1000);

    expect(log('resumed').status).toBe(0);
    expect(status().recording.state).toBe('recording');
    await sleep(1000);
    expect(log('note', '--text', 'Куә сөйледі').status).toBe(0);

    const closed = log('closed');
    expect(closed.status, closed.stderr).toBe(0);
    s = status();
    expect(s.recording.state).toBe('stopped');
    expect(s.hearings).toEqual([]);
    expect(s.recording.timeline.map((m) => m.type)).toEqual(['start', 'pause', 'resume', 'stop']);

    const folder = path.join(data, s.recording.folder!);
    const verify = cli('verify', folder);
    expect(verify.status, verify.stdout + verify.stderr).toBe(0);
    const manifest = JSON.parse(fs.readFileSync(path.join(folder, 'manifest.json'), 'utf8')) as { timeline: Array<{ type: string; reason?: string }> };
    expect(manifest.timeline.map((m) => m.type)).toEqual(['start', 'pause', 'resume', 'stop']);
    expect(manifest.timeline[1]).toMatchObject({ reason: 'recess' });

    // The core pinned every entry to the recording from its own clock: the client sent no position.
    const list = cli('protocol', 'list', '--data', data, '--hearing', '1', '--json');
    const detail = JSON.parse(list.stdout) as HearingDetail;
    const pos = (kind: string) => detail.entries.find((e: Entry) => e.kind === kind)!;
    expect(pos('opened').recordingSessionId).toBe(s.recording.sessionId);
    expect(pos('opened').recordingPositionMs).toBeLessThan(500);
    expect(pos('recess').recordingPositionMs).toBeGreaterThan(1000);
    expect(Math.abs(pos('resumed').recordingPositionMs! - pos('recess').recordingPositionMs!)).toBeLessThan(300);
    expect(pos('note').recordingPositionMs).toBeGreaterThan(pos('resumed').recordingPositionMs! + 500);
    expect(pos('closed').recordingPositionMs).toBeGreaterThanOrEqual(pos('note').recordingPositionMs!);
  }, 60_000);

  it('a closed hearing refuses to be opened again and stays closed; a note is still taken', () => {
    const again = log('opened');
    expect(again.status).toBe(1);
    expect(again.stderr.trim()).toBe('hattama: The hearing in case 7594-25-00-2/1234 is closed: only a note can be added to it');
    expect(log('recess').status).toBe(1);
    expect(status().recording.state).toBe('stopped');
    const detail = JSON.parse(cli('protocol', 'list', '--data', data, '--hearing', '1', '--json').stdout) as HearingDetail;
    expect(detail.hearing.status).toBe('closed');
    expect(detail.entries.filter((e) => e.kind === 'opened')).toHaveLength(1);
    expect(log('note', '--text', 'Хаттамаға ескерту').status).toBe(0);
  });

  it('without a running core the CLI runs one in-process and lets the directory go afterwards', async () => {
    const exited = new Promise((r) => serve.once('exit', r));
    serve.kill('SIGTERM');
    await exited;
    const s = status();
    expect(s.station.runningCore).toBe(false);
    expect(fs.existsSync(path.join(data, 'core.lock'))).toBe(false);
    expect(fs.existsSync(controlSocketPath(data))).toBe(false);
  });
});
