import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelRmsDb, concatPcm, ensurePulse, playSpeech, PULSE_TOOLS, readWav, releasePulse, sleep } from '../support/pulse';
import { runCli } from '../support/recording';
import { missingTools, tempDir } from '../support/tools';

const skip = missingTools(...PULSE_TOOLS);

describe.skipIf(skip)('recording: one microphone per channel', () => {
  beforeAll(ensurePulse);
  afterAll(releasePulse);

  it('speech on channels 2 and 5 of 8 is recorded on exactly those channels', async () => {
    const data = tempDir();
    const player = playSpeech([2, 5], 8);
    await sleep(300);
    const r = await runCli(['record', '--data', data, '--seconds', '4', '--channels', '8', '--case', '2-123/2025', '--json']);
    player.stop();
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout) as {
      sessionId: string;
      folder: string;
      duration: number;
      segments: Array<{ file: string }>;
      channels: Array<{ channel: number; role: string; rmsDbfs: number }>;
    };
    expect(summary.folder).toBe(path.join(data, 'recordings', summary.sessionId));
    expect(summary.duration).toBeGreaterThan(3.5);
    expect(summary.channels.map((c) => c.role).slice(0, 2)).toEqual(['judge', 'prosecutor']);

    // The summary's levels, and the files themselves, say the same.
    const pcm = concatPcm(summary.segments.map((s) => readWav(path.join(summary.folder, s.file))));
    expect(pcm.channels).toBe(8);
    for (let ch = 1; ch <= 8; ch++) {
      const fromFile = channelRmsDb(pcm, ch);
      const fromSummary = summary.channels[ch - 1]!.rmsDbfs;
      if (ch === 2 || ch === 5) {
        expect(fromFile, `channel ${ch} carries speech`).toBeGreaterThan(-40);
        expect(fromSummary).toBeGreaterThan(-40);
      } else {
        expect(fromFile, `channel ${ch} is silent`).toBeLessThan(-80);
        expect(fromSummary).toBeLessThan(-80);
      }
    }

    const v = await runCli(['verify', summary.folder, '--data', data, '--lang', 'en']);
    expect(v.stdout).toMatch(/^Intact: 1 segments/m);
    expect(v.code).toBe(0);

    const manifest = JSON.parse(fs.readFileSync(path.join(summary.folder, 'manifest.json'), 'utf8')) as { session: { caseRef: string }; tracks: Array<{ roles: unknown[] }> };
    expect(manifest.session.caseRef).toBe('2-123/2025');
    expect(manifest.tracks[0]!.roles).toHaveLength(8);
    // The station key is sealed, and the sealed file is private to the station's user.
    expect(fs.statSync(path.join(data, 'keys', 'station-ed25519.key.sealed')).mode & 0o777).toBe(0o600);
    expect(fs.existsSync(path.join(data, 'keys', 'station-ed25519.key.pem'))).toBe(false);
  });
});
