import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HearingDetail } from '../../common/contract/protocol';
import type { RecordingState } from '../../common/contract/recording';
import type { Core } from '../../main/core/core';
import { openTestCore, seedStaffCli, staffOf } from '../support/core';
import { ensurePulse, PULSE_TOOLS, releasePulse, sleep } from '../support/pulse';
import { stubUi } from '../support/serve';
import { missingTools, tempDir } from '../support/tools';

// A station killed during a hearing's recording: when the core comes back, the hearing's protocol
// says that its recording was interrupted and for what time, once; the hearing stays open and
// its recording resumes on request. Nobody can write such an entry by hand.

const bin = path.resolve(import.meta.dirname, '../../bin/hattama.js');
const skip = missingTools(...PULSE_TOOLS);
let acting: Record<string, string> = {};
const cli = (...args: string[]) => spawnSync(process.execPath, [bin, '--lang', 'en', ...args], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...acting } });

function startServe(data: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [bin, 'serve', '--data', data, '--port', '0', '--ui', stubUi()], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (/^http:\/\/\S+$/m.test(out)) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code}`)));
  });
}

describe.skipIf(skip)('a recording interrupted by a crash', () => {
  let core: Core | undefined;
  beforeAll(ensurePulse);
  afterAll(async () => {
    await core?.close();
    releasePulse();
  });

  it('is an entry in the open hearing\'s protocol with its times, once; the recording resumes on request', async () => {
    const data = tempDir('hattama-interrupt-');
    acting = seedStaffCli(data);
    expect(cli('schedule', 'import', '--data', data, path.resolve(import.meta.dirname, '../../resources/schedule-example.json')).status).toBe(0);
    const serve = await startServe(data);
    const opened = cli('protocol', 'log', '--data', data, '--hearing', '1', '--kind', 'opened');
    expect(opened.status, opened.stderr).toBe(0);
    // Some audio on disk, then the station dies.
    const root = path.join(data, 'recordings');
    for (let until = Date.now() + 30_000; ; await sleep(100)) {
      if (Date.now() > until) throw new Error('no audio on disk');
      const [id] = fs.existsSync(root) ? fs.readdirSync(root) : [];
      const part = id && fs.readdirSync(path.join(root, id)).find((f) => f.endsWith('.wav.part'));
      if (id && part && fs.statSync(path.join(root, id, part)).size > 200_000) break;
    }
    const exited = new Promise((r) => serve.once('exit', r));
    const killedAt = Date.now();
    serve.kill('SIGKILL');
    await exited;
    const [crashed] = fs.readdirSync(root);

    core = await openTestCore(data);
    const ctx = await staffOf(core);
    const detail = async () => {
      const r = await core!.call('protocol.getHearing', { hearingId: 1 }, ctx);
      if (!r.ok) throw new Error(r.error.message);
      return r.value as HearingDetail;
    };
    const d = await detail();
    expect(d.hearing.status).toBe('in_progress');
    const cut = d.entries.filter((e) => e.kind === 'recording_interrupted');
    expect(cut).toHaveLength(1);
    expect(cut[0]!.recordingSessionId).toBe(crashed);
    // From the last sound on disk (just before the kill) to the restart.
    expect(Math.abs(Date.parse(cut[0]!.startedAt) - killedAt)).toBeLessThan(3000);
    expect(cut[0]!.text).toMatch(/^\d\d:\d\d:\d\d – \d\d:\d\d:\d\d$/);
    expect(cut[0]!.recordingPositionMs).toBeGreaterThan(0);

    // No door writes one by hand.
    const forged = await core.call('protocol.logEntry', { hearingId: 1, kind: 'recording_interrupted' }, ctx);
    expect(forged).toMatchObject({ ok: false, error: { code: 'hearing.systemKind' } });
    expect(forged.ok ? '' : forged.error.message).toContain('жүйенің өзі');

    // The recording resumes on request: a new session of the same hearing.
    const resumed = await core.call('recording.start', { hearingId: 1 }, ctx);
    expect(resumed.ok).toBe(true);
    expect((resumed as { value: RecordingState }).value).toMatchObject({ state: 'recording', hearingId: '1' });
    expect((resumed as { value: RecordingState }).value.sessionId).not.toBe(crashed);
    await core.close();

    // A second start logs nothing new.
    core = await openTestCore(data);
    const again = await core.call('protocol.getHearing', { hearingId: 1 }, await staffOf(core));
    expect((again as { value: HearingDetail }).value.entries.filter((e) => e.kind === 'recording_interrupted')).toHaveLength(1);
  }, 120_000);
});
