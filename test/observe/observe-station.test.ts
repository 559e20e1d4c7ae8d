import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRow } from '../../common/contract/audit';
import type { ObserveState } from '../../common/contract/observe';
import type { Hearing } from '../../common/contract/protocol';
import type { RecordingState } from '../../common/contract/recording';
import type { Core } from '../../main/core/core';
import type { Manifest } from '../../main/evidence/manifest';
import { verifySession } from '../../main/evidence/verify';
import { addUser, signIn } from '../central/sc-client';
import { startCentral, type CentralProcess } from '../support/central-process';
import { openTestCore, staffOf } from '../support/core';
import { ensurePulse, playRoom, PULSE_TOOLS, releasePulse, roomRaw, sleep, stopPlayers, toneWav } from '../support/pulse';
import { waitFor } from '../support/station';
import { missingTools, tempDir } from '../support/tools';
import { decodeOgg, dominantHz, rmsDb, samplesOf } from './tone';

// Live observation, the station's side, for real: a hearing recorded from the PulseAudio room, a
// supervisor observing it through a real central over HTTP. The station learns of it by its long
// poll, says so on the console (observe.state) and in its audit with the supervisor's name, and
// streams the microphones' mix: a tone played into the room comes out of central's stream. A
// camera frame goes through. The court's rule is the core's: the hearing turned to closed session
// ends the observation within a second, with the reason, on both sides. And central going away
// mid-stream leaves the recording whole: it verifies, without a gap.

const skip = missingTools(...PULSE_TOOLS, 'ffmpeg');
const COURT = 'Астана қалалық соты';
const ROOM = '12';
let central: CentralProcess;
let core: Core;
let cookie = '';
let stationId = '';

async function call<T>(name: string, input: unknown): Promise<T> {
  const r = await core.call(name, input, await staffOf(core));
  if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}
const web = (p: string, init: RequestInit = {}) => fetch(new URL(p, central.url), { redirect: 'manual', ...init, headers: { cookie, origin: central.url.replace(/\/$/, ''), accept: 'text/html', ...(init.headers ?? {}) } });

/** Waits until central knows the station's hearing is open (its events were pushed). */
async function askToObserve(): Promise<string> {
  let obs = '';
  await waitFor('central accepts the observation', async () => {
    await call('sync.now', {});
    const r = await web(`/rooms/${stationId}/observe`, { method: 'POST' });
    if (r.status !== 303) return false;
    obs = r.headers.get('location')!.split('/').pop()!;
    return true;
  }, 30_000);
  return obs;
}

/** The stream's bytes as the supervisor's page fetches them, for `ms`. */
async function listen(obs: string, ms: number): Promise<{ bytes: Buffer; states: string[] }> {
  const parts: Buffer[] = [];
  const states: string[] = [];
  let after = -1;
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const r = await web(`/observe/${obs}/audio?after=${after}`);
    states.push(r.headers.get('x-state') ?? '');
    after = Number(r.headers.get('x-seq') ?? after);
    if (r.status === 200) parts.push(Buffer.from(await r.arrayBuffer()));
  }
  return { bytes: Buffer.concat(parts), states };
}

/** The station's audit of observations, newest first. */
const observeAudit = async () => (await call<AuditRow[]>('audit.list', { limit: 10_000 })).filter((r) => ['observe.start', 'observe.stop', 'observe.refused'].includes(r.call)).reverse();

describe.skipIf(skip)('live observation from the station', () => {
  let hearing: Hearing;

  beforeAll(async () => {
    await ensurePulse();
    const data = tempDir('hattama-obs-central-');
    central = await startCentral({ data });
    addUser(data, undefined, 'sup', 'supervisor', 'supervisor-password', 'Серікова Айгүл');
    cookie = (await signIn(central, 'sup', 'supervisor-password')).cookie;
    core = await openTestCore(tempDir('hattama-obs-station-'));
    const { json: code } = await central.admin<{ code: string }>('POST', '/admin/codes', { court: COURT, courtroom: ROOM });
    stationId = (await call<{ stationId: string }>('sync.enroll', { centralUrl: central.url, code: code.code })).stationId;
    hearing = await call<Hearing>('protocol.createHearing', { caseNumber: '2-77/2026' });
    await call('protocol.logEntry', { hearingId: hearing.id, kind: 'opened' });
  }, 120_000);
  afterAll(async () => {
    stopPlayers();
    await core?.close();
    await central?.stop();
    releasePulse();
  });

  it("a supervisor observes: the console and the audit name them, and the room's sound and a camera frame reach central", async () => {
    const obs = await askToObserve();
    await waitFor('the station streams', async () => (await call<ObserveState>('observe.state', {})).streaming, 40_000);
    const st = await call<ObserveState>('observe.state', {});
    expect(st.observers.map((o) => o.name)).toEqual(['Серікова Айгүл']);
    const started = await observeAudit();
    expect(started.map((r) => [r.call, r.door, r.personName, r.outcome])).toEqual([['observe.start', 'central', 'Серікова Айгүл', 'ok']]);
    expect(started[0]!.hearingId).toBe(hearing.id);

    // Silence first, then a 1 kHz tone into the room: it comes out of central's stream.
    const quiet = await listen(obs, 2_000);
    const tone = playRoom(roomRaw(toneWav(1000, 1, 0.3), [2], 6));
    await sleep(500);
    const heard = await listen(obs, 3_000);
    tone.stop();
    expect(heard.states.every((s) => s === 'streaming')).toBe(true);
    const dir = tempDir('hattama-obs-decode-');
    // Each listen starts with the head (after=-1), so each decodes on its own.
    const q = samplesOf(await decodeOgg(quiet.bytes, dir));
    const pcm = samplesOf(await decodeOgg(heard.bytes, dir));
    expect(pcm.length).toBeGreaterThan(48_000);
    expect(rmsDb(q)).toBeLessThan(-50);
    expect(rmsDb(pcm)).toBeGreaterThan(-25);
    expect(Math.abs(dominantHz(pcm) - 1000)).toBeLessThanOrEqual(50);

    // A camera frame from the renderer goes to central as it is.
    const jpeg = path.join(dir, 'frame.jpg');
    execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc=size=320x240', '-frames:v', '1', '-y', jpeg]);
    const bytes = fs.readFileSync(jpeg);
    expect(await call('observe.frame', { jpeg: bytes.toString('base64') })).toEqual({ sent: true });
    await waitFor('central has the frame', async () => (await web(`/observe/${obs}/frame`)).status === 200, 10_000);
    expect(Buffer.from(await (await web(`/observe/${obs}/frame`)).arrayBuffer()).equals(bytes)).toBe(true);
    const notJpeg = await core.call('observe.frame', { jpeg: Buffer.from('<svg/>').toString('base64') }, await staffOf(core));
    expect(notJpeg.ok ? '' : notJpeg.error.message).toBe('Камера кадры JPEG суреті емес.');

    // The supervisor stops: the station stops streaming and says so.
    expect((await web(`/observe/${obs}/stop`, { method: 'POST' })).status).toBe(303);
    await waitFor('the station stops', async () => !(await call<ObserveState>('observe.state', {})).streaming, 15_000);
    expect((await observeAudit()).map((r) => r.call)).toEqual(['observe.stop', 'observe.start']);
  });

  it('the hearing turned to closed session: the station ends the observation within seconds, with the reason, and refuses the next', async () => {
    const obs = await askToObserve();
    await waitFor('the station streams', async () => (await call<ObserveState>('observe.state', {})).streaming, 40_000);
    await call('protocol.updateHearing', { hearingId: hearing.id, patch: { sessionMode: 'closed' } });
    await waitFor('the station stops', async () => !(await call<ObserveState>('observe.state', {})).streaming, 10_000);
    const stop = (await observeAudit())[0]!;
    expect([stop.call, stop.target.reason, stop.target.endedBy]).toEqual(['observe.stop', 'closedSession', 'station']);
    await waitFor("central's page says why", async () => (await (await web(`/observe/${obs}`)).text()).includes('Отырыс жабық режимге көшті'), 10_000);
    // Central knows the hearing is closed now: it refuses before asking the station.
    await call('sync.now', {});
    await waitFor('central refuses', async () => (await web(`/rooms/${stationId}/observe`, { method: 'POST' })).status === 409, 20_000);
    await call('protocol.updateHearing', { hearingId: hearing.id, patch: { sessionMode: 'open' } });
  });

  it('central going away mid-stream leaves the recording whole: it verifies, with no gap', async () => {
    await askToObserve();
    await waitFor('the station streams', async () => (await call<ObserveState>('observe.state', {})).streaming, 40_000);
    const tone = playRoom(roomRaw(toneWav(700, 1, 0.3), [1], 8));
    await sleep(1_500);
    await central.stop();
    await sleep(3_000);
    tone.stop();
    const rec = await call<RecordingState>('recording.state', { hearingId: hearing.id });
    expect(rec.state).toBe('recording');
    await call('protocol.logEntry', { hearingId: hearing.id, kind: 'closed' });
    expect((await call<ObserveState>('observe.state', {})).streaming).toBe(false);
    const folder = path.join(core.dataDir, rec.folder!);
    const manifest = JSON.parse(fs.readFileSync(path.join(folder, 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest.timeline.filter((m) => m.type === 'gap')).toEqual([]);
    const v = verifySession(folder);
    expect(v.intact, JSON.stringify(v.findings)).toBe(true);
  });
});
