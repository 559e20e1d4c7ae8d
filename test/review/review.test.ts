import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReviewAuditRow, ReviewSession } from '../../common/contract/review';
import type { Core } from '../../main/core/core';
import { hashFileSync } from '../../main/fs/hash-file';
import { verifySession } from '../../main/evidence/verify';
import { MediaAccess, mediaResponse, parseRange } from '../../main/review/media';
import type { RunningServer } from '../../main/serve/serve-server';
import { serveForTest } from '../support/serve';
import { openTestCore, STAFF_NAME, staffOf } from '../support/core';
import { ensurePulse, playRoom, PULSE_TOOLS, releasePulse, roomRaw, sleep, stopPlayers, toneWav } from '../support/pulse';
import { openService } from '../support/recording';
import { missingTools, tempDir } from '../support/tools';

// The judge's review against a session really recorded from the PulseAudio room: the listing,
// the media resolver's refusals, HTTP Range over `hattama serve`, and the playback audit. Every
// fetch leaves the session folder as it was: verify passes and every file hashes the same.

const skip = missingTools(...PULSE_TOOLS);

let dir: string;
let core: Core;
let server: RunningServer;
let sessionId: string;
let folder: string;
let hashesBefore: Record<string, string>;

async function call<T>(name: string, input: unknown): Promise<T> {
  const r = await core.call(name, input, await staffOf(core));
  if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

function folderHashes(d: string): Record<string, string> {
  return Object.fromEntries(fs.readdirSync(d).sort().map((f) => [f, hashFileSync(path.join(d, f)).sha256]));
}

describe.skipIf(skip)('review: sessions, media, audit', () => {
  beforeAll(async () => {
    await ensurePulse();
    dir = tempDir('hattama-review-');
    // A 1 kHz tone on the judge's microphone, 1-second segments: several files to lay out.
    const tone = playRoom(roomRaw(toneWav(1000, 8), [1]));
    await sleep(300);
    const h = await openService({}, dir);
    await h.service.start({ hearingId: '1', caseRef: '2-77/2025' }, { channels: 8, segmentSeconds: 1 });
    await sleep(3300);
    const summary = await h.service.stopWithSummary();
    tone.stop();
    stopPlayers();
    await h.close();
    sessionId = summary.sessionId;
    folder = path.join(dir, summary.folder.startsWith('/') ? path.relative(dir, summary.folder) : summary.folder);
    hashesBefore = folderHashes(folder);

    core = await openTestCore(dir);
    const hearing = await call<{ id: number }>('protocol.createHearing', { caseNumber: '2-77/2025' });
    expect(hearing.id).toBe(1);
    await call('protocol.logEntry', { hearingId: 1, kind: 'note', text: 'Куә сөйледі' });
    await call('protocol.createHearing', { caseNumber: '2-78/2025' });
    server = await serveForTest(core);
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await core?.close();
    releasePulse();
  });

  it('lists the hearing\'s session: audio segments back to back on the timeline, channels with their roles, one URL each', async () => {
    const sessions = await call<ReviewSession[]>('review.sessions', { hearingId: 1 });
    expect(sessions).toHaveLength(1);
    const s = sessions[0]!;
    expect(s).toMatchObject({ sessionId, status: 'complete', signed: true, sampleRate: 48000, chainIntact: true });
    expect(s.channels).toHaveLength(8);
    expect(s.channels[0]).toEqual({ channel: 1, role: 'judge' });
    expect(s.channels[1]).toEqual({ channel: 2, role: 'prosecutor' });
    const audio = s.segments.filter((x) => x.kind === 'audio');
    expect(audio.length).toBeGreaterThanOrEqual(3);
    let at = 0;
    for (const seg of audio) {
      expect(seg.startMs).toBeCloseTo(at, 6);
      expect(seg.file).toMatch(/^audio-\d{6}\.wav$/);
      expect(seg.url).toMatch(new RegExp(`^/media/${sessionId}/${seg.file}\\?t=[A-Za-z0-9_-]+$`));
      at += seg.durationMs;
    }
    expect(s.durationMs).toBeCloseTo(at, 6);
    expect(s.durationMs).toBeGreaterThan(2500);
    expect(s.timeline.map((m) => m.type)).toEqual(['start', 'stop']);
    // A hearing without a recording has none; an unknown hearing is an error with a code.
    expect(await call('review.sessions', { hearingId: 2 })).toEqual([]);
    const r = await core.call('review.sessions', { hearingId: 99 }, await staffOf(core));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('review.hearingNotFound');
  });

  it('resolves only the chain\'s files of the session the token was issued for', async () => {
    const [s] = await call<ReviewSession[]>('review.sessions', { hearingId: 1 });
    const seg = s!.segments[0]!;
    const token = new URL(seg.url, 'http://x').searchParams.get('t')!;
    const media = core.media;
    const ok = media.resolve(`/media/${sessionId}/${seg.file}`, token);
    expect(ok).toMatchObject({ ok: true, file: path.join(folder, seg.file), bytes: seg.bytes, contentType: 'audio/wav' });

    const refused = (p: string, t: string | null = token) => {
      const r = media.resolve(p, t);
      return r.ok ? 'served' : `${r.status} ${r.reason}`;
    };
    // Tokens: none, wrong, or another session's.
    expect(refused(`/media/${sessionId}/${seg.file}`, null)).toBe('401 token');
    expect(refused(`/media/${sessionId}/${seg.file}`, 'x'.repeat(token.length))).toBe('401 token');
    const other = media.grant('20990101T000000Z-ffffff');
    expect(refused(`/media/${sessionId}/${seg.file}`, other)).toBe('401 token');
    expect(refused(`/media/20990101T000000Z-ffffff/${seg.file}`, other)).toBe('404 session');
    // Files that are not segments of the chain, and every way out of the folder.
    expect(refused(`/media/${sessionId}/chain.jsonl`)).toBe('404 file');
    expect(refused(`/media/${sessionId}/manifest.json`)).toBe('404 file');
    expect(refused(`/media/${sessionId}/audio-999999.wav`)).toBe('404 file');
    expect(refused(`/media/${sessionId}/..%2F..%2Fhattama.db`)).toBe('404 file');
    expect(refused(`/media/${sessionId}/%2e%2e`)).toBe('404 file');
    expect(refused(`/media/${sessionId}/../../hattama.db`)).toBe('404 path');
    expect(refused(`/media/${sessionId}/sub/${seg.file}`)).toBe('404 path');
    expect(refused(`/media/${sessionId}/%E0%A4%A`)).toBe('404 path');
    const dotdot = media.grant('..');
    expect(refused(`/media/../keys`, dotdot)).toBe('404 session');
    expect(refused(`/media/%2e%2e/hattama.db`, dotdot)).toBe('404 session');
    expect(refused(`/other/${sessionId}/${seg.file}`)).toBe('404 path');
    // An expired token is refused.
    let now = 1_000;
    const clock = new MediaAccess(dir, () => now, 60_000);
    const t = clock.grant(sessionId);
    expect(clock.resolve(`/media/${sessionId}/${seg.file}`, t).ok).toBe(true);
    now += 60_001;
    expect(clock.resolve(`/media/${sessionId}/${seg.file}`, t)).toMatchObject({ ok: false, status: 401 });
  });

  it('answers byte ranges (206) with the right bytes, the whole file (200), and 416 past the end', async () => {
    const [s] = await call<ReviewSession[]>('review.sessions', { hearingId: 1 });
    const seg = s!.segments[1]!;
    const bytes = fs.readFileSync(path.join(folder, seg.file));
    const r1 = mediaResponse(core.media, { url: seg.url, range: 'bytes=44-143' });
    expect(r1.status).toBe(206);
    expect(r1.headers.get('content-range')).toBe(`bytes 44-143/${bytes.length}`);
    expect(Buffer.from(await r1.arrayBuffer()).equals(bytes.subarray(44, 144))).toBe(true);
    const r2 = mediaResponse(core.media, { url: seg.url });
    expect(r2.status).toBe(200);
    expect(r2.headers.get('accept-ranges')).toBe('bytes');
    expect(Buffer.from(await r2.arrayBuffer()).equals(bytes)).toBe(true);
    expect(mediaResponse(core.media, { url: seg.url, range: `bytes=${bytes.length}-` }).status).toBe(416);
    expect(mediaResponse(core.media, { url: seg.url, method: 'POST' }).status).toBe(405);
    expect(parseRange('bytes=-10', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange('bytes=10-', 100)).toEqual({ start: 10, end: 99 });
    expect(parseRange('bytes=10-1000', 100)).toEqual({ start: 10, end: 99 });
    expect(parseRange('bytes=0-1,5-6', 100)).toBe('all');
    expect(parseRange('items=0-1', 100)).toBe('all');
    expect(parseRange('bytes=-0', 100)).toBe('unsatisfiable');
  });

  it('serves the same over `hattama serve`: Range -> 206, no token -> 401, traversal -> 404', async () => {
    const [s] = await call<ReviewSession[]>('review.sessions', { hearingId: 1 });
    const seg = s!.segments[0]!;
    const bytes = fs.readFileSync(path.join(folder, seg.file));
    const ranged = await fetch(server.url + seg.url, { headers: { Range: 'bytes=0-43' } });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get('content-type')).toBe('audio/wav');
    expect(ranged.headers.get('content-range')).toBe(`bytes 0-43/${bytes.length}`);
    const head = Buffer.from(await ranged.arrayBuffer());
    expect(head.subarray(0, 4).toString()).toBe('RIFF');
    expect(head.equals(bytes.subarray(0, 44))).toBe(true);
    const whole = await fetch(server.url + seg.url);
    expect(whole.status).toBe(200);
    expect(Buffer.from(await whole.arrayBuffer()).equals(bytes)).toBe(true);
    expect((await fetch(`${server.url}/media/${sessionId}/${seg.file}`)).status).toBe(401);
    expect((await fetch(`${server.url}/media/${sessionId}/${seg.file}?t=${server.token}`)).status).toBe(401);
    const t = new URL(seg.url, 'http://x').searchParams.get('t');
    expect((await fetch(`${server.url}/media/${sessionId}/..%2Fchain.jsonl?t=${t}`)).status).toBe(404);
    expect((await fetch(`${server.url}/media/${sessionId}/manifest.json?t=${t}`)).status).toBe(404);
    expect((await fetch(`${server.url}/media/${sessionId}/%2e%2e%2f%2e%2e%2fhattama.db?t=${t}`)).status).toBe(404);
  });

  it('writes every playback start to the append-only audit; review.audit lists it', async () => {
    const row = await call<ReviewAuditRow>('review.play', { hearingId: 1, sessionId, positionMs: 500, channel: 1 });
    expect(row).toMatchObject({ action: 'play', hearingId: 1, sessionId, positionMs: 500, channel: 1, role: 'judge', transport: 'test', actor: STAFF_NAME });
    // Who played is the signed-in person: a client cannot name another.
    const named = await core.call('review.play', { hearingId: 1, sessionId, positionMs: 2500, channel: null, actor: 'Судья Ахметова' }, await staffOf(core));
    expect(!named.ok && named.error.code).toBe('app.invalidInput');
    await call('review.play', { hearingId: 1, sessionId, positionMs: 2500, channel: null });
    const rows = await call<ReviewAuditRow[]>('review.audit', { hearingId: 1 });
    const plays = rows.filter((r) => r.action === 'play');
    expect(plays.map((r) => [r.positionMs, r.channel, r.actor])).toEqual([
      [500, 1, STAFF_NAME],
      [2500, null, STAFF_NAME],
    ]);
    expect(rows.some((r) => r.action === 'open')).toBe(true);
    // Refusals carry codes: a channel the session does not have, a session of another hearing.
    const bad = await core.call('review.play', { hearingId: 1, sessionId, positionMs: 0, channel: 9 }, await staffOf(core));
    expect(!bad.ok && bad.error.code).toBe('review.noSuchChannel');
    const foreign = await core.call('review.play', { hearingId: 2, sessionId, positionMs: 0, channel: null }, await staffOf(core));
    expect(!foreign.ok && foreign.error.code).toBe('review.sessionNotInHearing');
    const traversal = await core.call('review.play', { hearingId: 1, sessionId: '../keys', positionMs: 0, channel: null }, await staffOf(core));
    expect(!traversal.ok && traversal.error.code).toBe('app.invalidInput');
    expect((await call<ReviewAuditRow[]>('review.audit', { hearingId: 2 })).map((r) => r.action)).toEqual(['open']);
    // The log cannot be rewritten.
    expect(() => core.db.prepare('UPDATE review_audit SET position_ms = 0').run()).toThrow(/append-only/);
    expect(() => core.db.prepare('DELETE FROM review_audit').run()).toThrow(/append-only/);
  });

  it('leaves the session folder untouched: verify passes and every file hashes as before', () => {
    expect(folderHashes(folder)).toEqual(hashesBefore);
    const v = verifySession(folder);
    expect(v.intact, JSON.stringify(v)).toBe(true);
  });
});
