import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../main/core/core';
import type { CallContext } from '../../main/runtime/handlers';
import { OpenSession } from '../../main/evidence/open-session';
import { SessionCatalog } from '../../main/evidence/session-catalog';
import { WavSegmentFile } from '../../main/evidence/wav-segment-file';
import { readPublicKey } from '../../main/keys/station-key';
import { createLogger } from '../../main/log/logger';
import { planCopy } from '../../main/review/copy-plan';
import { verifyReceipt, type CopyReceipt } from '../../main/review/copy-receipt';
import { readSessionFiles } from '../../main/evidence/session-reader';
import { testStationKey } from '../support/key-passphrase';
import { openTestCore, signInAs, STAFF_PIN } from '../support/core';
import { missingTools, tempDir } from '../support/tools';

// A participants' copy of a real two-session hearing, through `hattama copy`. Session A (20 s):
// a quiet 440 Hz tone on microphone 1, then 8–14 s a loud 1 kHz tone on microphone 2 (sealed),
// then 660 Hz on microphone 1; its camera in two VP8 segments. Session B (6 s): 440 Hz, and only
// the conference screen. The MP4 is H.264 + AAC, lasts recorded − sealed (± 1 s), has silence
// where the sealed range was and no 1 kHz anywhere; the receipt's signature and hashes hold and
// a changed byte is caught; a wrong PIN and an unknown hearing are refused in the user's language.

const skip = missingTools('ffmpeg', 'ffprobe', 'sox');
const BIN = path.resolve(import.meta.dirname, '../../bin/hattama.js');
const JUDGE = 'Сейітова Ләззат';
const RATE = 16000;
const CHANNELS = 2;
const A = '20261201T050000Z-cpy0a1';
const B = '20261201T053000Z-cpy0b2';

let core: Core | null;
let judge: CallContext;
let data: string;
let hearingId: number;
let pinFile: string;

function hattama(args: string[], lang = 'en') {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, HATTAMA_LANG: lang, HATTAMA_AS: '', HATTAMA_PIN_FILE: '' }, timeout: 240_000 });
}

/** Interleaved s16le for [fromS, toS): each channel's tone (Hz, amplitude 0–1) at time t. */
function tones(fromS: number, toS: number, at: (t: number) => Array<[number, number] | null>): Buffer {
  const n = Math.round((toS - fromS) * RATE);
  const b = Buffer.alloc(n * CHANNELS * 2);
  for (let i = 0; i < n; i++) {
    const t = fromS + i / RATE;
    at(t).forEach((tone, c) => b.writeInt16LE(tone ? Math.round(Math.sin(2 * Math.PI * tone[0] * t) * tone[1] * 32767) : 0, (i * CHANNELS + c) * 2));
  }
  return b;
}

async function writeSession(sessionId: string, startIso: string, seconds: number, video: 'camera' | 'screen', at: (t: number) => Array<[number, number] | null>): Promise<void> {
  const c = core!;
  const { log } = createLogger(c.dataDir, { sync: true });
  const s = c.settings.get();
  fs.mkdirSync(path.join(c.dataDir, 'recordings'), { recursive: true });
  const track = video === 'camera' ? { id: 'cam1', source: 'camera' as const, role: 'main' } : { id: 'screen', source: 'screen' as const, role: 'conference' };
  const origin = { stationId: s.stationId, court: s.court, courtroom: s.courtroom, caseRef: '2-77/2026', hearingId: String(hearingId) };
  const session = new OpenSession({
    dataDir: c.dataDir,
    sessionId,
    session: { ...origin, createdAt: startIso },
    tracks: [
      { id: 'audio', kind: 'audio', format: 'wav', sampleRate: RATE, channels: CHANNELS, roles: [{ channel: 1, role: 'judge' }, { channel: 2, role: 'witness' }], device: 'test' },
      { ...track, kind: 'video' as const, format: 'webm', mimeType: 'video/webm', width: 320, height: 180 },
    ],
    catalog: new SessionCatalog(c.db),
    key: () => testStationKey(c.dataDir),
    log,
    onError: (e) => {
      throw e;
    },
  });
  session.mark({ type: 'start', at: startIso, position: 0 });
  const SEG = 5;
  for (let i = 1; i <= Math.ceil(seconds / SEG); i++) {
    const name = `audio-${String(i).padStart(6, '0')}.wav`;
    const from = (i - 1) * SEG;
    const startedAt = new Date(Date.parse(startIso) + from * 1000).toISOString();
    const seg = new WavSegmentFile(session.dir, name, { channels: CHANNELS, sampleRate: RATE }, { meta: { sessionId, ...origin, file: name, index: i, startedAt, sampleRate: RATE, channels: CHANNELS } });
    seg.write(tones(from, Math.min(seconds, from + SEG), at));
    const frames = seg.frames;
    seg.finish();
    await session.chainSegment(name, (h) => ({ track: 'audio', index: i, file: name, ...h, frames, startFrame: from * RATE, startedAt }));
  }
  // The picture in 10-second segments, as the recorder closes them.
  for (let i = 1, from = 0; from < seconds; i++, from += 10) {
    const dur = Math.min(10, seconds - from);
    const name = `${track.id}-${String(i).padStart(6, '0')}.webm`;
    execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', `testsrc=size=320x180:rate=10:duration=${dur}`, '-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-g', '10', '-b:v', '150k', path.join(session.dir, name)]);
    await session.chainSegment(name, (h) => ({ track: track.id, index: i, file: name, ...h, startedAt: startIso, position: from, durationMs: dur * 1000, sourceSha256: h.sha256, sourceBytes: h.bytes, remuxed: false, chunks: 1, missingChunks: 0, complete: true }));
  }
  await session.seal('complete', { type: 'stop', at: new Date(Date.parse(startIso) + seconds * 1000).toISOString(), position: seconds });
}

/** sox's RMS amplitude of a stretch of a WAV, optionally band-passed around one frequency. */
function rms(wav: string, fromS: number, lenS: number | null, band?: [number, number]): number {
  const r = spawnSync('sox', [wav, '-n', 'trim', String(fromS), ...(lenS === null ? [] : [String(lenS)]), ...(band ? ['sinc', `${band[0]}-${band[1]}`] : []), 'stat'], { encoding: 'utf8' });
  const m = /RMS\s+amplitude:\s+([\d.]+)/.exec(r.stderr);
  if (!m) throw new Error(r.stderr);
  return Number(m[1]);
}

describe.skipIf(skip)("participants' copies", () => {
  beforeAll(async () => {
    core = await openTestCore();
    data = core.dataDir;
    judge = await signInAs(core, JUDGE, ['judge']);
    const staff = await signInAs(core, 'Сынақ Қызметкері', ['secretary']);
    const h = await core.call('protocol.createHearing', { caseNumber: '2-77/2026' }, staff);
    if (!h.ok) throw new Error(h.error.message);
    hearingId = (h.value as { id: number }).id;
    await writeSession(A, '2026-12-01T05:00:00.000Z', 20, 'camera', (t) => (t >= 8 && t < 14 ? [null, [1000, 0.8]] : [[t < 8 ? 440 : 660, 0.3], null]));
    await writeSession(B, '2026-12-01T05:30:00.000Z', 6, 'screen', () => [[440, 0.3], null]);
    const s = await core.call('review.seal', { sessionId: A, fromMs: 8000, toMs: 14000, reason: 'closedSession' }, judge);
    if (!s.ok) throw new Error(s.error.message);
    const tech = await signInAs(core, 'Техник Тест', ['technician']);
    const refused = await core.call('review.copy', { hearingId }, tech);
    expect(refused.ok ? 'made' : refused.error.code).toBe('auth.forbidden');
    await core.close();
    core = null;
    pinFile = path.join(tempDir(), 'judge.pin');
    fs.writeFileSync(pinFile, `${STAFF_PIN}\n`, { mode: 0o600 });
  }, 120_000);
  afterAll(async () => {
    await core?.close();
  });

  it('hattama copy: one MP4 without the sealed range, the protocol, a signed receipt; a changed byte is caught', () => {
    const out = path.join(tempDir(), 'party', 'copy-2-77.mp4');
    const made = hattama(['copy', '--data', data, '--hearing', String(hearingId), '--out', out, '--as', JUDGE, '--pin-file', pinFile]);
    expect(made.stderr).toBe('');
    expect(made.status).toBe(0);
    const base = out.slice(0, -4);
    expect(made.stdout).toContain(`Copy of the hearing: ${out}`);
    expect(made.stdout).toContain('Sealed range taken out: 00:00:08–00:00:14');
    expect(fs.readdirSync(path.dirname(out)).sort()).toEqual(['copy-2-77.mp4', 'copy-2-77.pdf', 'copy-2-77.receipt.json', 'copy-2-77.receipt.sig']);

    const probe = JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type,codec_name,pix_fmt,width,height:format=duration', '-of', 'json', out], { encoding: 'utf8' })) as { streams: Array<{ codec_type: string; codec_name: string; pix_fmt?: string; width?: number }>; format: { duration: string } };
    expect(probe.streams.find((s) => s.codec_type === 'video')).toMatchObject({ codec_name: 'h264', pix_fmt: 'yuv420p', width: 320 });
    expect(probe.streams.find((s) => s.codec_type === 'audio')).toMatchObject({ codec_name: 'aac' });
    const recordedS = 26;
    const sealedS = 6;
    expect(Math.abs(Number(probe.format.duration) - (recordedS - sealedS))).toBeLessThanOrEqual(1);
    // index first: a player streams it
    const head = fs.readFileSync(out).subarray(0, 64 * 1024).toString('latin1');
    expect(head.indexOf('moov')).toBeGreaterThan(-1);
    expect(head.indexOf('moov')).toBeLessThan(Math.max(head.indexOf('mdat'), 0) || Infinity);

    const receipt = JSON.parse(fs.readFileSync(`${base}.receipt.json`, 'utf8')) as CopyReceipt;
    expect(receipt).toMatchObject({ format: 'hattama-copy/1', caseNumber: '2-77/2026', hearingId, recordedMs: 26000, sealedMs: 6000, removed: [{ sessionId: A, fromMs: 8000, toMs: 14000 }] });
    expect(receipt.sessions.map((s) => s.sessionId)).toEqual([A, B]);
    for (const s of receipt.sessions) expect(s.manifestSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(receipt)).not.toContain('closedSession');
    expect(receipt.madeBy.name).toBe(JUDGE);
    expect(fs.readFileSync(`${base}.pdf`).subarray(0, 5).toString()).toBe('%PDF-');

    // The sound: the first part there, silence on the notice card, the sealed 1 kHz nowhere.
    const wav = path.join(tempDir(), 'copy.wav');
    execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-i', out, '-vn', '-ac', '1', '-ar', '16000', wav]);
    expect(rms(wav, 1, 6, [400, 480])).toBeGreaterThan(0.1);
    expect(rms(wav, 8.1, 0.6)).toBeLessThan(0.005);
    expect(rms(wav, 0, null, [950, 1050])).toBeLessThan(0.01);
    expect(rms(wav, 9.5, 5, [620, 700])).toBeGreaterThan(0.1);

    const station = readPublicKey(data);
    const ok = verifyReceipt(`${base}.receipt.json`, station);
    expect(ok).toMatchObject({ signatureValid: true, keyTrusted: true, intact: true });
    expect(ok.files.map((f) => [path.basename(f.path), f.state])).toEqual([
      ['copy-2-77.mp4', 'ok'],
      ['copy-2-77.pdf', 'ok'],
    ]);
    const verified = hattama(['verify', `${base}.receipt.json`, '--data', data]);
    expect(verified.status, verified.stdout + verified.stderr).toBe(0);
    expect(verified.stdout).toContain('Copy intact: 2 files, receipt signature valid');

    // The copy the core keeps in DATA/copies/<id>/ verifies against that folder's own station key.
    const [kept] = fs.readdirSync(path.join(data, 'copies'));
    expect(fs.readdirSync(path.join(data, 'copies', kept!)).sort()).toEqual(['copy.mp4', 'protocol.pdf', 'receipt.json', 'receipt.sig']);
    const own = hattama(['verify', path.join(data, 'copies', kept!)]);
    expect(own.status, own.stdout + own.stderr).toBe(0);

    const b = fs.readFileSync(out);
    b[b.length - 100] = b[b.length - 100]! ^ 0x01;
    fs.writeFileSync(out, b);
    const changed = verifyReceipt(`${base}.receipt.json`, station);
    expect(changed.intact).toBe(false);
    expect(changed.files[0]!.state).toBe('changed');
    const caught = hattama(['verify', `${base}.receipt.json`, '--data', data]);
    expect(caught.status).toBe(1);
    expect(caught.stdout).toContain('CHANGED: copy-2-77.mp4');
    // A receipt edited after signing fails its signature.
    const r = fs.readFileSync(`${base}.receipt.json`, 'utf8');
    fs.writeFileSync(`${base}.receipt.json`, r.replace('"sealedMs": 6000', '"sealedMs": 0'));
    expect(verifyReceipt(`${base}.receipt.json`, station).signatureValid).toBe(false);
  }, 240_000);

  it('plans long pieces in parts that meet end to end and never touch a sealed range', () => {
    const sessions = [A, B].map((id) => readSessionFiles(data, id)!);
    const plan = planCopy(sessions, { maxPartS: 4 });
    const parts = plan.parts.map((p) => (p.kind === 'media' ? [p.session.sessionId, p.fromMs, p.toMs] : ['card', p.fromMs, p.toMs]));
    expect(parts).toEqual([
      [A, 0, 4000], [A, 4000, 8000], ['card', 8000, 14000], [A, 14000, 18000], [A, 18000, 20000],
      [B, 0, 4000], [B, 4000, 6000],
    ]);
    const first = plan.parts[1]!;
    // each part's burnt-in clock starts at its own wall-clock time
    expect(first.kind === 'media' && new Date(first.wallMs).toISOString()).toBe('2026-12-01T05:00:04.000Z');
    const layers = (p: (typeof plan.parts)[number] | undefined) => (p?.kind === 'media' ? p.video.map((l) => [l.track.id, l.segments.map((g) => g.index)]) : null);
    expect(layers(plan.parts[4])).toEqual([['cam1', [2]]]);
    expect(layers(plan.parts.find((p) => p.kind === 'media' && p.session.sessionId === B))).toEqual([['screen', [1]]]);
  });

  it('refuses a wrong PIN and an unknown hearing, in the user’s language', () => {
    const out = path.join(tempDir(), 'x.mp4');
    const bad = path.join(tempDir(), 'bad.pin');
    fs.writeFileSync(bad, '0000\n', { mode: 0o600 });
    const wrong = hattama(['copy', '--data', data, '--hearing', String(hearingId), '--out', out, '--as', JUDGE, '--pin-file', bad], 'ru');
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toMatch(/PIN/);
    expect(wrong.stderr).toMatch(/[а-яё]/i);
    const unknown = hattama(['copy', '--data', data, '--hearing', '999', '--out', out, '--as', JUDGE, '--pin-file', pinFile], 'ru');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('Заседание № 999 не найдено.');
    const kk = hattama(['copy', '--data', data, '--hearing', '999', '--out', out, '--as', JUDGE, '--pin-file', pinFile], 'kk');
    expect(kk.stderr).toContain('№999 отырыс табылмады.');
    expect(fs.existsSync(out)).toBe(false);
  }, 120_000);
});
