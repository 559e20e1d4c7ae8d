import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClipResult } from '../../common/contract/review';
import type { Core } from '../../main/core/core';
import type { CallContext } from '../../main/runtime/handlers';
import { CLIP_MANIFEST_FILE, type ClipAudioFile, type ClipManifest } from '../../main/evidence/clip-manifest';
import { verifySession } from '../../main/evidence/verify';
import { readWavInfo } from '../../main/evidence/wav';
import { openTestCore, signInAs } from '../support/core';
import { pcm, writeConferenceSession } from './conference-fixture';
import { frameBytes } from './seal-fixture';

// Clips of a session with the conference track (1 channel beside 2 microphones, 1-second
// segments, every frame of each track distinct): the clip holds the conference's files cut on
// the microphones' frames around a sealed range, byte for byte the source's, listed in the
// signed clip manifest; verify --source proves them and names a changed one. A second session
// lost its conference segment 2: the clip's conference file keeps its place with silence
// there, and still verifies sample by sample (a nonzero byte in that silence does not).

const BIN = path.resolve(import.meta.dirname, '../../bin/hattama.js');
const RATE = 8000;
const S = '20261201T070000Z-cnfc01';
const L = '20261201T073000Z-cnfc02';

let core: Core | null;
let judge: CallContext;
let dirS: string;
let dirL: string;

/** The conference's frame n: distinct for every n, and from the microphones'. */
const confBytes = (from: number, count: number) => pcm(1, from, count, (n) => ((n * 7) % 60000) / 30000 - 0.999);

function dataOf(wav: string): Buffer {
  return fs.readFileSync(wav).subarray(readWavInfo(wav).dataOffset);
}

function flip(file: string, at: number): void {
  const b = fs.readFileSync(file);
  b[at] = b[at]! ^ 0x01;
  fs.chmodSync(file, 0o600);
  fs.writeFileSync(file, b);
}

async function clip(sessionId: string, fromMs: number, toMs: number): Promise<{ clip: ClipResult; m: ClipManifest }> {
  const r = await core!.call('review.clip', { sessionId, fromMs, toMs }, judge);
  if (!r.ok) throw new Error(`${r.error.code} ${r.error.message}`);
  const c = r.value as ClipResult;
  return { clip: c, m: JSON.parse(fs.readFileSync(path.join(c.dir, CLIP_MANIFEST_FILE), 'utf8')) as ClipManifest };
}

const audioFile = (m: ClipManifest, file: string) => m.files.find((f): f is ClipAudioFile => f.file === file && f.kind === 'audio')!;

describe("the conference track in clips", () => {
  beforeAll(async () => {
    core = await openTestCore();
    judge = await signInAs(core, 'Сейітова Ләззат', ['judge']);
    const staff = await signInAs(core, 'Сынақ Қызметкері', ['secretary']);
    const h = await core.call('protocol.createHearing', { caseNumber: '2-31/2026' }, staff);
    if (!h.ok) throw new Error(h.error.message);
    const common = { hearingId: (h.value as { id: number }).id, seconds: 3, segmentSeconds: 1, rate: RATE, micChannels: 2, conferenceChannels: 1, mic: frameBytes, conference: confBytes };
    dirS = await writeConferenceSession(core, { ...common, sessionId: S });
    dirL = await writeConferenceSession(core, { ...common, sessionId: L, lost: [2] });
    const s = await core.call('review.seal', { sessionId: S, fromMs: 1000, toMs: 1500, reason: 'closedSession' }, judge);
    if (!s.ok) throw new Error(s.error.message);
  }, 60_000);
  afterAll(async () => {
    await core?.close();
  });

  it('cuts the conference on the microphones’ frames around the seal, sample-exact; verify --source proves it and names a changed file', async () => {
    const { clip: c, m } = await clip(S, 500, 2500);
    expect(c.files.sort()).toEqual(['audio-01.wav', 'audio-02.wav', 'conference-01.wav', 'conference-02.wav']);
    for (const [n, from, to] of [['01', 4000, 8000], ['02', 12000, 20000]] as const) {
      const mic = audioFile(m, `audio-${n}.wav`);
      const conf = audioFile(m, `conference-${n}.wav`);
      expect(conf).toMatchObject({ track: 'conference', cut: 'sample', channels: 1, sampleRate: RATE, sessionFromFrame: from, sessionToFrame: to, frames: to - from });
      expect([mic.sessionFromFrame, mic.sessionToFrame]).toEqual([from, to]);
      expect(dataOf(path.join(c.dir, conf.file)).equals(confBytes(from, to - from))).toBe(true);
    }
    expect(audioFile(m, 'conference-02.wav').sources.map((s) => [s.file, s.fromFrame, s.frames, s.clipFrame])).toEqual([
      ['conference-000002.wav', 4000, 4000, 0],
      ['conference-000003.wav', 0, 4000, 4000],
    ]);

    const proved = verifySession(c.dir, { source: dirS });
    expect(proved.intact).toBe(true);
    expect(proved.findings).toContainEqual(expect.objectContaining({ code: 'clipSamplesEqual', params: { frames: 24000, files: 4 } }));

    const f = path.join(c.dir, 'conference-02.wav');
    flip(f, fs.statSync(f).size - 3);
    expect(verifySession(c.dir).findings).toContainEqual(expect.objectContaining({ code: 'clipChanged', file: 'conference-02.wav' }));
    const cli = spawnSync(process.execPath, [BIN, 'verify', c.dir, '--source', dirS], { encoding: 'utf8', env: { ...process.env, HATTAMA_LANG: 'en' } });
    expect(cli.status).toBe(1);
    expect(cli.stdout).toContain('SAMPLES DIFFER: conference-02.wav');
  }, 60_000);

  it('keeps a lost conference segment’s place as silence, and proves the silence', async () => {
    const { clip: c, m } = await clip(L, 500, 2500);
    const conf = audioFile(m, 'conference-01.wav');
    expect(conf).toMatchObject({ sessionFromFrame: 4000, sessionToFrame: 20000, frames: 16000 });
    expect(conf.sources.map((s) => [s.file, s.fromFrame, s.frames, s.clipFrame])).toEqual([
      ['conference-000001.wav', 4000, 4000, 0],
      ['conference-000003.wav', 0, 4000, 12000],
    ]);
    const data = dataOf(path.join(c.dir, conf.file));
    expect(data.equals(Buffer.concat([confBytes(4000, 4000), Buffer.alloc(8000 * 2), confBytes(16000, 4000)]))).toBe(true);
    const proved = verifySession(c.dir, { source: dirL });
    expect(proved.intact).toBe(true);
    expect(proved.findings).toContainEqual(expect.objectContaining({ code: 'clipSamplesEqual', params: { frames: 32000, files: 2 } }));

    // Something in the silence: the clip's manifest says nothing was held there, so it differs.
    const f = path.join(c.dir, conf.file);
    flip(f, readWavInfo(f).dataOffset + 6000 * 2);
    expect(verifySession(c.dir, { source: dirL }).findings).toContainEqual(expect.objectContaining({ code: 'clipSamplesDiffer', file: 'conference-01.wav' }));
  }, 60_000);
});
