import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClipResult } from '../../common/contract/review';
import type { Core } from '../../main/core/core';
import type { CallContext } from '../../main/runtime/handlers';
import { CLIP_MANIFEST_FILE, type ClipManifest } from '../../main/evidence/clip-manifest';
import { verifySession } from '../../main/evidence/verify';
import { readWavInfo } from '../../main/evidence/wav';
import { openTestCore, signInAs, STAFF_PIN } from '../support/core';
import { missingTools, tempDir } from '../support/tools';
import { frameBytes, writeHearingSession } from './seal-fixture';

// Clips of a real session (Broadcast Wave audio, a VP8 camera segment from ffmpeg) with a sealed
// range inside: cut around it, audio sample-exact, video from keyframes; the clip verifies alone
// and, with --source, sample by sample; a changed byte fails; a clip that would take the sealed
// range without excluding it is refused. Through the core's call and through `hattama clip`.

const skip = missingTools('ffmpeg', 'ffprobe');
const BIN = path.resolve(import.meta.dirname, '../../bin/hattama.js');
const SESSION = '20261201T110000Z-c11p00';
const JUDGE = 'Сейітова Ләззат';

let core: Core | null;
let judge: CallContext;
let secretary: CallContext;
let data: string;
let sessionDir: string;
let pinFile: string;

function hattama(...args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, HATTAMA_LANG: 'en', HATTAMA_AS: '', HATTAMA_PIN_FILE: '' } });
}

describe.skipIf(skip)('clips', () => {
  beforeAll(async () => {
    core = await openTestCore();
    data = core.dataDir;
    judge = await signInAs(core, JUDGE, ['judge']);
    secretary = await signInAs(core, 'Әбенова Гүлнар', ['secretary']);
    const staff = await signInAs(core, 'Сынақ Қызметкері', ['secretary']);
    const h = await core.call('protocol.createHearing', { caseNumber: '2-13/2026' }, staff);
    if (!h.ok) throw new Error(h.error.message);
    sessionDir = await writeHearingSession(core, SESSION, (h.value as { id: number }).id, 3, true);
    const s = await core.call('review.seal', { sessionId: SESSION, fromMs: 1000, toMs: 1500, reason: 'closedSession' }, judge);
    if (!s.ok) throw new Error(s.error.message);
    pinFile = path.join(tempDir(), 'judge.pin');
    fs.writeFileSync(pinFile, `${STAFF_PIN}\n`, { mode: 0o600 });
  }, 60_000);
  afterAll(async () => {
    await core?.close();
  });

  it('cuts around the sealed range: audio sample-exact, video from keyframes, signed; verify proves it', async () => {
    const r = await core!.call('review.clip', { sessionId: SESSION, fromMs: 500, toMs: 2500 }, judge);
    if (!r.ok) throw new Error(`${r.error.code} ${r.error.message}`);
    const clip = r.value as ClipResult;
    expect(clip.dir).toBe(path.join(data, 'clips', clip.clipId));
    expect(clip.excluded).toEqual([{ seq: 1, fromMs: 1000, toMs: 1500 }]);
    expect(clip.files).toEqual(expect.arrayContaining(['audio-01.wav', 'audio-02.wav', 'cam1-01.webm', 'cam1-02.webm']));
    const m = JSON.parse(fs.readFileSync(path.join(clip.dir, CLIP_MANIFEST_FILE), 'utf8')) as ClipManifest;
    expect(m.source.sessionId).toBe(SESSION);
    expect(m.source.manifestSha256).toMatch(/^[0-9a-f]{64}$/);
    const a1 = m.files.find((f) => f.file === 'audio-01.wav')!;
    const a2 = m.files.find((f) => f.file === 'audio-02.wav')!;
    expect(a1).toMatchObject({ cut: 'sample', sessionFromFrame: 4000, sessionToFrame: 8000, frames: 4000 });
    // the second piece starts where the seal ends and spans two source segments
    expect(a2).toMatchObject({ sessionFromFrame: 12000, sessionToFrame: 20000, frames: 8000 });
    expect(a2.kind === 'audio' && a2.sources.map((s) => [s.file, s.fromFrame, s.frames, s.clipFrame])).toEqual([
      ['audio-000002.wav', 4000, 4000, 0],
      ['audio-000003.wav', 0, 4000, 4000],
    ]);
    const wav = path.join(clip.dir, 'audio-02.wav');
    expect(fs.readFileSync(wav).subarray(readWavInfo(wav).dataOffset).equals(frameBytes(12000, 8000))).toBe(true);
    const v2 = m.files.find((f) => f.file === 'cam1-02.webm')!;
    expect(v2).toMatchObject({ kind: 'video', cut: 'keyframe' });
    // never a frame of the sealed range: the cut starts on a keyframe at or after its end
    expect(v2.kind === 'video' && v2.segmentOffsetMs).toBeGreaterThanOrEqual(1500);

    const alone = verifySession(clip.dir);
    expect(alone.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(alone.intact).toBe(true);
    const proved = verifySession(clip.dir, { source: sessionDir });
    expect(proved.intact).toBe(true);
    expect(proved.findings).toContainEqual(expect.objectContaining({ code: 'clipSamplesEqual', params: { frames: 12000, files: 2 } }));
    expect(proved.findings).toContainEqual(expect.objectContaining({ code: 'clipExcluded' }));
  });

  it('refuses a clip over a sealed range without exclusion, and anyone but a judge', async () => {
    const over = await core!.call('review.clip', { sessionId: SESSION, fromMs: 500, toMs: 2500, excludeSealed: false }, judge);
    expect(over.ok ? 'made' : over.error.code).toBe('review.clipOverSealed');
    const beside = await core!.call('review.clip', { sessionId: SESSION, fromMs: 1600, toMs: 2000, excludeSealed: false, tracks: ['audio'] }, judge);
    expect(beside.ok).toBe(true);
    const sec = await core!.call('review.clip', { sessionId: SESSION, fromMs: 0, toMs: 500 }, secretary);
    expect(sec.ok ? 'made' : sec.error.code).toBe('auth.forbidden');
  });

  it('hattama clip --out: verify passes and --source proves it; one changed byte fails', async () => {
    await core!.close();
    core = null;
    const out = path.join(tempDir(), 'clip-out');
    const as = ['--as', JUDGE, '--pin-file', pinFile];
    const made = hattama('clip', '--data', data, '--session', SESSION, '--from', '00:00:00.25', '--to', '00:00:02', '--tracks', 'audio', '--out', out, ...as);
    expect(made.stderr).toBe('');
    expect(made.status).toBe(0);
    expect(made.stdout).toContain('Sealed range excluded: 00:00:01–00:00:01.500');
    expect(fs.readdirSync(out).sort()).toEqual(['audio-01.wav', 'audio-02.wav', 'clip.json']);
    const withKey = hattama('verify', out, '--data', data);
    expect(withKey.status, withKey.stdout + withKey.stderr).toBe(0);
    const proved = hattama('verify', out, '--source', sessionDir);
    expect(proved.status, proved.stdout + proved.stderr).toBe(0);
    expect(proved.stdout).toContain('Every audio sample equals the source’s: 10000 frames in 2 files');
    // Without a key to hold it against, a signature proves nothing: said, and a failure.
    expect(hattama('verify', out).stdout).toMatch(/key/i);

    const f = path.join(out, 'audio-02.wav');
    const b = fs.readFileSync(f);
    b[b.length - 3] = b[b.length - 3]! ^ 0x01;
    fs.chmodSync(f, 0o600);
    fs.writeFileSync(f, b);
    const changed = hattama('verify', out, '--data', data);
    expect(changed.status).toBe(1);
    expect(changed.stdout).toContain('CHANGED: audio-02.wav');
    const changedSrc = hattama('verify', out, '--source', sessionDir);
    expect(changedSrc.status).toBe(1);
    expect(changedSrc.stdout).toContain('SAMPLES DIFFER: audio-02.wav');

    const refused = hattama('clip', '--data', data, '--session', SESSION, '--from', '00:00:00', '--to', '00:00:03', '--no-exclude-sealed', '--out', path.join(tempDir(), 'x'), ...as);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('overlaps a sealed range (00:00:01–00:00:01)');
  }, 60_000);

  it('hattama seal and seal list', () => {
    const as = ['--as', JUDGE, '--pin-file', pinFile];
    const sealed = hattama('seal', '--data', data, '--session', SESSION, '--from', '00:00:02', '--to', '00:00:02.500', '--reason', 'other', '--text', 'a witness’s address', ...as);
    expect(sealed.stderr).toBe('');
    expect(sealed.stdout).toContain('Sealed: 20261201T110000Z-c11p00 00:00:02–00:00:02.500 (other), seals/seal-000002.json');
    const listed = hattama('seal', 'list', '--data', data, '--session', SESSION, ...as);
    expect(listed.status, listed.stdout + listed.stderr).toBe(0);
    expect(listed.stdout.trim().split('\n')).toHaveLength(2);
    expect(listed.stdout).toContain('No. 2 seal 00:00:02–00:00:02.500 other (a witness’s address)');
    const v = hattama('verify', sessionDir);
    expect(v.status, v.stdout + v.stderr).toBe(0);
  });
});
