import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StationCopyRequest } from '../../common/contract/copy-requests';
import type { CopyResult } from '../../common/contract/review';
import type { AdminCopyRequestView, CopyRequest, FeedResponse } from '../../common/sync-api';
import type { Core } from '../../main/core/core';
import type { CallContext } from '../../main/runtime/handlers';
import { readCredentials } from '../../main/sync/enrollment';
import { startCentral, type CentralProcess } from '../support/central-process';
import { enrollRaw, post } from '../support/central-raw';
import { openTestCore, signInAs, staffOf } from '../support/core';
import { waitFor } from '../support/station';
import { missingTools, tempDir } from '../support/tools';
import { writeHearingSession } from '../review/seal-fixture';

// A party's copy request, the whole way over real HTTP on loopback: the administrator files it on
// central, the station's feed brings it, the judge fulfils it (a real copy of a 4-second hearing
// through the evidence store), the worker uploads its four files by tus and central marks the
// request delivered; its files download with the hashes the station made. The attacks: a receipt
// edited, or a video swapped, on the station's disk before its upload is rejected with the reason;
// a file changed after its hash was declared is set aside by the station, and bytes that are not
// what an upload declared are refused by central; another courtroom's station can neither read nor fill the
// request; nobody without the admin token reads the files. And central honours the judge's seal:
// the segment it covers is marked and its bytes withheld, a copy made before it is withheld, and
// lifting the seal brings both back.

const skip = missingTools('ffmpeg', 'ffprobe');
const ROOM = 'Room 12';
const COURT = 'Astana city court';
const HEARING = 'CASE-C1';
const SESSION = '20261201T090000Z-cpyrq1';
const JUDGE = 'Сейітова Ләззат';

let central: CentralProcess;
let core: Core;
let judge: CallContext;
let token = '';

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

async function call<T>(name: string, input: unknown, ctx?: CallContext): Promise<T> {
  const r = await core.call(name, input, ctx ?? (await staffOf(core)));
  if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

/** Two sync passes begun after the test's last change (see test/sync/feeds.test.ts). */
async function syncOnce(): Promise<void> {
  for (let round = 0; round < 2; round++) {
    const before = Date.now();
    await call('sync.now', {});
    await waitFor('a successful sync', async () => {
      const s = await call<{ lastSuccessAt: string | null; queueLength: number }>('sync.state', {});
      return !!s.lastSuccessAt && Date.parse(s.lastSuccessAt) >= before && s.queueLength === 0;
    }, 60_000);
  }
}

async function fileRequest(note = ''): Promise<CopyRequest> {
  const r = await central.admin<CopyRequest>('POST', '/admin/copy-requests', { hearingId: HEARING, requester: { name: 'Омаров Бауыржан', role: 'defender' }, note });
  expect(r.status).toBe(200);
  return r.json;
}

const view = async (id: string) => (await central.admin<AdminCopyRequestView>('GET', `/admin/copy-requests/${id}`)).json;

async function raw(p: string, init: RequestInit & { token?: string } = {}) {
  const { token: tk, ...rest } = init;
  return fetch(new URL(p, central.url), { ...rest, headers: { ...(rest.headers as Record<string, string>), ...(tk ? { authorization: `Bearer ${tk}` } : {}) } });
}

/** One tus upload by hand: create with the declared metadata, then send `bytes` in one PATCH. */
async function tusUpload(tk: string, meta: Record<string, string>, length: number, bytes: Buffer): Promise<{ create: number; patch: number | null; body: string }> {
  const metadata = Object.entries(meta)
    .map(([k, v]) => `${k} ${Buffer.from(v).toString('base64')}`)
    .join(',');
  const c = await raw('/v1/copy-uploads', { method: 'POST', token: tk, headers: { 'tus-resumable': '1.0.0', 'upload-length': String(length), 'upload-metadata': metadata } });
  if (c.status !== 201) return { create: c.status, patch: null, body: await c.text() };
  const loc = new URL(c.headers.get('location')!, central.url).href;
  const p = await fetch(loc, { method: 'PATCH', headers: { authorization: `Bearer ${tk}`, 'tus-resumable': '1.0.0', 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' }, body: new Uint8Array(bytes) });
  return { create: c.status, patch: p.status, body: await p.text() };
}

describe.skipIf(skip)("copy requests: central, the station's feed, the copy's upload, seals at central", () => {
  let hearingId = 0;
  let other = { token: '' };

  beforeAll(async () => {
    central = await startCentral({ data: tempDir('hattama-central-') });
    core = await openTestCore(tempDir('hattama-station-'));
    const { json: code } = await central.admin<{ code: string }>('POST', '/admin/codes', { court: COURT, courtroom: ROOM });
    await call('sync.enroll', { centralUrl: central.url, code: code.code });
    token = readCredentials(core.dataDir)!.token;
    await central.admin('PUT', '/admin/schedule', { hearingId: HEARING, court: COURT, courtroom: ROOM, caseNumber: '2-31/2026', judge: JUDGE, startsAt: '2026-12-01T09:00:00.000Z' });
    await central.admin('PUT', '/admin/schedule', { hearingId: 'CASE-ROOM3', court: COURT, courtroom: 'Room 3', caseNumber: '2-32/2026', startsAt: '2026-12-01T09:00:00.000Z' });
    await syncOnce();
    const hearings = await call<Array<{ id: number; externalId: string | null }>>('protocol.hearings', { scope: 'all' });
    hearingId = hearings.find((h) => h.externalId === HEARING)!.id;
    await writeHearingSession(core, SESSION, hearingId, 4, true);
    judge = await signInAs(core, JUDGE, ['judge']);
    const { json: c2 } = await central.admin<{ code: string }>('POST', '/admin/codes', { court: COURT, courtroom: 'Room 3' });
    other = (await enrollRaw(central, 'st-room3-cpy', c2.code, { court: COURT, courtroom: 'Room 3' })).json;
    await syncOnce();
  }, 180_000);
  afterAll(async () => {
    await core?.close();
    await central?.stop();
  });

  it('the admin API files a request (422 on bad input, 404 on an unknown hearing, 401 without the admin token)', async () => {
    const bad = await central.admin<{ error: string }>('POST', '/admin/copy-requests', { hearingId: HEARING, requester: { name: 'X', role: 'judge' } });
    expect([bad.status, bad.json.error]).toEqual([422, 'invalid_request']);
    const noName = await central.admin<{ error: string }>('POST', '/admin/copy-requests', { hearingId: HEARING, requester: { name: ' ', role: 'defender' } });
    expect(noName.status).toBe(422);
    const extra = await central.admin<{ error: string }>('POST', '/admin/copy-requests', { hearingId: HEARING, requester: { name: 'X', role: 'defender' }, path: '../x' });
    expect(extra.status).toBe(422);
    const unknown = await central.admin<{ error: string }>('POST', '/admin/copy-requests', { hearingId: 'NO-SUCH', requester: { name: 'X', role: 'defender' } });
    expect([unknown.status, unknown.json.error]).toEqual([404, 'not_found']);
    const asStation = await post(central, '/admin/copy-requests', token, { hearingId: HEARING, requester: { name: 'X', role: 'defender' } });
    expect(asStation.status).toBe(401);
    expect((await central.admin('GET', '/admin/copy-requests/no-such')).status).toBe(404);
  });

  it('a receipt edited on the station before its upload: central rejects the request with the reason, and the station sees it', async () => {
    const r = await fileRequest('first');
    expect(r).toMatchObject({ state: 'requested', hearingId: HEARING, requester: { role: 'defender' } });
    await syncOnce();
    const pending = await call<StationCopyRequest[]>('review.copyRequests', {}, judge);
    expect(pending.map((x) => x.requestId)).toContain(r.requestId);
    expect((await call<StationCopyRequest[]>('review.copyRequests', { hearingId }, judge)).map((x) => x.requestId)).toEqual([r.requestId]);

    // Offline while the file is edited: the worker stops with the central URL cleared.
    const url = core.settings.get().centralUrl;
    core.settings.update({ centralUrl: '' });
    await waitFor('the worker stopped', async () => !(await call<{ running: boolean }>('sync.state', {})).running, 30_000);
    const done = await call<{ request: StationCopyRequest; copy: CopyResult }>('review.fulfilCopyRequest', { requestId: r.requestId }, judge);
    expect(done.request.delivery?.files.map((f) => f.name)).toEqual(['copy.mp4', 'protocol.pdf', 'receipt.json', 'receipt.sig']);
    const receipt = JSON.parse(fs.readFileSync(done.copy.receipt.path, 'utf8')) as { sealedMs: number };
    fs.writeFileSync(done.copy.receipt.path, `${JSON.stringify({ ...receipt, sealedMs: receipt.sealedMs + 1 }, null, 2)}\n`);
    core.settings.update({ centralUrl: url });
    await syncOnce();

    const v = await view(r.requestId);
    expect(v.state).toBe('rejected');
    expect(v.reason).toContain('receipt.sig does not hold');
    expect(v.receipt).toMatchObject({ signatureValid: false, filesMatch: true, hearingMatch: true });
    expect(v.files.map((f) => f.name)).toEqual(['copy.mp4', 'protocol.pdf', 'receipt.json', 'receipt.sig']);
    await syncOnce();
    const seen = (await call<StationCopyRequest[]>('review.copyRequests', { hearingId }, judge)).find((x) => x.requestId === r.requestId)!;
    expect([seen.state, seen.reason]).toEqual(['rejected', v.reason]);
    const again = await core.call('review.fulfilCopyRequest', { requestId: r.requestId }, judge);
    expect(again.ok || again.error.code).toBe('copies.requestClosed');
  });

  it("a video swapped before its upload: central holds the bytes the station declared, but they are not the receipt's, so the request is rejected", async () => {
    const r = await fileRequest('swapped video');
    await syncOnce();
    const url = core.settings.get().centralUrl;
    core.settings.update({ centralUrl: '' });
    await waitFor('the worker stopped', async () => !(await call<{ running: boolean }>('sync.state', {})).running, 30_000);
    const done = await call<{ request: StationCopyRequest; copy: CopyResult }>('review.fulfilCopyRequest', { requestId: r.requestId }, judge);
    const video = fs.readFileSync(done.copy.video.path);
    video[video.length - 100] = video[video.length - 100]! ^ 0xff;
    fs.writeFileSync(done.copy.video.path, video);
    core.settings.update({ centralUrl: url });
    await syncOnce();
    const v = await view(r.requestId);
    expect(v.state).toBe('rejected');
    expect(v.receipt).toMatchObject({ signatureValid: true, filesMatch: false, hearingMatch: true });
    expect(v.reason).toContain(`copy.mp4 has SHA-256 ${sha(video)}, the receipt says ${done.copy.video.sha256}`);
  });

  it('a file changed after its upload began (its hash declared) is set aside by the station and never reaches central', async () => {
    const r = await fileRequest('interrupted');
    await syncOnce();
    const url = core.settings.get().centralUrl;
    core.settings.update({ centralUrl: '' });
    await waitFor('the worker stopped', async () => !(await call<{ running: boolean }>('sync.state', {})).running, 30_000);
    const done = await call<{ request: StationCopyRequest; copy: CopyResult }>('review.fulfilCopyRequest', { requestId: r.requestId }, judge);
    // As an upload cut off after it began leaves it: the PDF's hash declared, then the file changed.
    core.db.prepare("UPDATE sync_copy_files SET sha256 = ?, bytes = ? WHERE request_id = ? AND name = 'protocol.pdf'").run(done.copy.protocol.sha256, done.copy.protocol.bytes, r.requestId);
    fs.appendFileSync(done.copy.protocol.path, '%% appended\n');
    core.settings.update({ centralUrl: url });
    await syncOnce();
    const seen = (await call<StationCopyRequest[]>('review.copyRequests', { hearingId }, judge)).find((x) => x.requestId === r.requestId)!;
    const pdf = seen.delivery!.files.find((f) => f.name === 'protocol.pdf')!;
    expect(pdf.confirmed).toBe(false);
    expect(pdf.problem).toMatch(/^corrupt: copies\/.+\/protocol\.pdf has hash [0-9a-f]{64}, declared /);
    const v = await view(r.requestId);
    expect(v.state).toBe('requested');
    expect(v.files.map((f) => f.name)).toEqual(['copy.mp4', 'receipt.json', 'receipt.sig']);
  });

  let delivered: { request: CopyRequest; copy: CopyResult };

  it('a request fulfilled: its four files go up by tus, central checks the receipt, marks it delivered and serves the files with their hashes', async () => {
    const r = await fileRequest('for the appeal');
    await syncOnce();
    const tech = await signInAs(core, 'Техник Копия', ['technician']);
    const refused = await core.call('review.fulfilCopyRequest', { requestId: r.requestId }, tech);
    expect(refused.ok || refused.error.code).toBe('auth.forbidden');
    const done = await call<{ request: StationCopyRequest; copy: CopyResult }>('review.fulfilCopyRequest', { requestId: r.requestId }, judge);
    delivered = { request: r, copy: done.copy };
    const twice = await core.call('review.fulfilCopyRequest', { requestId: r.requestId }, judge);
    expect(twice.ok || twice.error.code).toBe('copies.requestFulfilled');
    await syncOnce();
    const v = await view(r.requestId);
    expect(v.state).toBe('delivered');
    expect(v.reason).toBe('');
    expect(v.receipt).toMatchObject({ signatureValid: true, filesMatch: true, hearingMatch: true, problem: null, copyId: done.copy.copyId });
    const local: Record<string, string> = { 'copy.mp4': done.copy.video.path, 'protocol.pdf': done.copy.protocol.path, 'receipt.json': done.copy.receipt.path, 'receipt.sig': done.copy.signature.path };
    for (const [name, p] of Object.entries(local)) {
      const bytes = fs.readFileSync(p);
      expect(v.files.find((f) => f.name === name)).toMatchObject({ sha256: sha(bytes), bytes: bytes.length });
      const got = await raw(`/admin/copy-requests/${r.requestId}/files/${name}`, { token: central.adminToken });
      expect(got.status).toBe(200);
      expect(sha(Buffer.from(await got.arrayBuffer()))).toBe(sha(bytes));
    }
    await syncOnce();
    const seen = (await call<StationCopyRequest[]>('review.copyRequests', { hearingId }, judge)).find((x) => x.requestId === r.requestId)!;
    expect(seen.state).toBe('delivered');
    expect(seen.delivery?.files.every((f) => f.confirmed)).toBe(true);
    expect((await call<StationCopyRequest[]>('review.copyRequests', {}, judge)).map((x) => x.requestId)).not.toContain(r.requestId);
  });

  it("only the admin token reads a request's files, only its four names, nothing past them", async () => {
    const id = delivered.request.requestId;
    expect((await raw(`/admin/copy-requests/${id}/files/copy.mp4`)).status).toBe(401);
    expect((await raw(`/admin/copy-requests/${id}/files/copy.mp4`, { token })).status).toBe(401);
    expect((await raw(`/admin/copy-requests/${id}/files/copy.mp4`, { headers: { authorization: `Basic ${Buffer.from('x:wrong').toString('base64')}` } })).status).toBe(401);
    for (const name of ['..%2F..%2Fadmin-token', '..%2Fcentral.db', 'chain.jsonl', 'copy.mp4%00', '%2E%2E']) {
      expect((await raw(`/admin/copy-requests/${id}/files/${name}`, { token: central.adminToken })).status, name).toBe(404);
    }
    expect((await raw(`/admin/copy-requests/${id}/../../admin-token`, { token: central.adminToken })).status).toBe(404);
    const open = await fileRequest('not yet made');
    expect((await raw(`/admin/copy-requests/${open.requestId}/files/copy.mp4`, { token: central.adminToken })).status).toBe(404);
  });

  it("bytes that are not what the upload declared are refused; another courtroom's station can neither read nor fill the request", async () => {
    const r = await fileRequest('swap');
    const bytes = fs.readFileSync(delivered.copy.video.path);
    const swapped = Buffer.from(bytes);
    swapped[swapped.length - 10] = swapped[swapped.length - 10]! ^ 0xff;
    const up = await tusUpload(token, { request: r.requestId, file: 'copy.mp4', sha256: sha(bytes) }, bytes.length, swapped);
    expect([up.create, up.patch]).toEqual([201, 422]);
    expect(up.body).toContain('hash_mismatch');
    expect((await view(r.requestId)).files).toEqual([]);
    expect((await raw(`/v1/copy-requests/${r.requestId}`, { token })).status).toBe(200);
    const badName = await tusUpload(token, { request: r.requestId, file: '../receipt.json', sha256: sha(bytes) }, bytes.length, bytes);
    expect(badName.create).toBe(400);

    // Room 3's station: the request is not in its feed, not readable, not uploadable.
    const feed = (await (await raw('/v1/feeds?since=0', { token: other.token })).json()) as FeedResponse;
    expect(feed.copyRequests.map((x) => x.requestId)).not.toContain(r.requestId);
    expect(feed.copyRequests).toEqual([]);
    expect((await raw(`/v1/copy-requests/${r.requestId}`, { token: other.token })).status).toBe(404);
    expect((await raw(`/v1/copy-requests/${delivered.request.requestId}`, { token: other.token })).status).toBe(404);
    const foreign = await tusUpload(other.token, { request: r.requestId, file: 'copy.mp4', sha256: sha(bytes) }, bytes.length, bytes);
    expect(foreign.create).toBe(404);
    // The request stays with the station that began its upload (the refused one above).
    expect((await view(r.requestId)).stationId).toBe(readCredentials(core.dataDir)!.stationId);
  });

  it("a seal in force hides the segment it covers (and a copy made before it) at central; lifting it brings them back", async () => {
    const segments = async () => (await central.admin<Array<{ file: string; sealed: boolean; sealedBy: number[]; path: string | null; uploadId: string | null; status: string }>>('GET', `/admin/segments?station=${encodeURIComponent(readCredentials(core.dataDir)!.stationId)}`)).json;
    const before = await segments();
    const second = before.find((s) => s.file.endsWith('audio-000002.wav'))!;
    expect(second).toMatchObject({ status: 'verified', sealed: false });
    const tusGet = () => raw(`/v1/uploads/${second.uploadId}`, { token });
    expect((await tusGet()).status).toBe(200);

    const seal = await call<{ seq: number }>('review.seal', { sessionId: SESSION, fromMs: 1200, toMs: 1800, reason: 'minor' }, judge);
    await syncOnce();
    const sealed = await segments();
    const flagged = sealed.filter((s) => s.sealed).map((s) => path.basename(s.file));
    // The audio second 1–2 s, and the one camera file that spans the whole session.
    expect(flagged.sort()).toEqual(['audio-000002.wav', 'cam1-000001.webm']);
    expect(sealed.find((s) => s.file.endsWith('audio-000002.wav'))).toMatchObject({ sealed: true, sealedBy: [seal.seq], path: null });
    expect(sealed.find((s) => s.file.endsWith('audio-000001.wav'))?.path).not.toBeNull();
    const refused = await tusGet();
    expect([refused.status, ((await refused.json()) as { error: string }).error]).toEqual([403, 'sealed']);
    // The copy delivered before the seal does not leave it out: its video and protocol are withheld now.
    const id = delivered.request.requestId;
    expect((await view(id)).sealedSince).toEqual([{ sessionId: SESSION, fromMs: 1200, toMs: 1800 }]);
    expect((await raw(`/admin/copy-requests/${id}/files/copy.mp4`, { token: central.adminToken })).status).toBe(403);
    expect((await raw(`/admin/copy-requests/${id}/files/receipt.json`, { token: central.adminToken })).status).toBe(200);

    await call('review.unseal', { sessionId: SESSION, seal: seal.seq, text: 'the minor came of age' }, judge);
    await syncOnce();
    expect((await segments()).filter((s) => s.sealed)).toEqual([]);
    expect((await tusGet()).status).toBe(200);
    expect((await view(id)).sealedSince).toEqual([]);
    expect((await raw(`/admin/copy-requests/${id}/files/copy.mp4`, { token: central.adminToken })).status).toBe(200);
  });
});
