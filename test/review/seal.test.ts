import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRow } from '../../common/contract/audit';
import type { ReviewSession, SealRecordView } from '../../common/contract/review';
import type { Core } from '../../main/core/core';
import type { CallContext } from '../../main/runtime/handlers';
import { verifySession } from '../../main/evidence/verify';
import { readWavInfo } from '../../main/evidence/wav';
import { mediaResponse } from '../../main/review/media';
import { openTestCore, signInAs, staffOf } from '../support/core';
import { frameBytes, RATE, writeHearingSession } from './seal-fixture';

// Sealed ranges on a real session of a hearing: the judge seals and lifts seals (signed records
// in the session folder that verify checks), a secretary's playback inside a sealed range is
// refused and the media route gives them silence there, a judge's is allowed and audited, and a
// seal file removed or edited fails verify naming it.

let core: Core;
let judge: CallContext;
let secretary: CallContext;
let hearingId: number;
let dir: string;
const SESSION = '20261201T100000Z-5ea1ed';

async function call<T>(ctx: CallContext, name: string, input: unknown): Promise<T> {
  const r = await core.call(name, input, ctx);
  if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}
async function refusal(ctx: CallContext, name: string, input: unknown): Promise<string> {
  const r = await core.call(name, input, ctx);
  if (r.ok) throw new Error(`${name} was allowed`);
  return r.error.code;
}

describe('sealed ranges', () => {
  beforeAll(async () => {
    core = await openTestCore();
    const staff = await staffOf(core);
    judge = await signInAs(core, 'Сейітова Ләззат', ['judge']);
    secretary = await signInAs(core, 'Әбенова Гүлнар', ['secretary']);
    hearingId = (await call<{ id: number }>(staff, 'protocol.createHearing', { caseNumber: '2-13/2026' })).id;
    dir = await writeHearingSession(core, SESSION, hearingId, 3);
  });
  afterAll(async () => {
    await core.close();
  });

  it('a judge seals with a reason; only a judge may seal or lift', async () => {
    expect(await refusal(secretary, 'review.seal', { sessionId: SESSION, fromMs: 1000, toMs: 2000, reason: 'minor' })).toBe('auth.forbidden');
    expect(await refusal(judge, 'review.seal', { sessionId: SESSION, fromMs: 1000, toMs: 2000, reason: 'other' })).toBe('review.sealNeedsText');
    expect(await refusal(judge, 'review.seal', { sessionId: SESSION, fromMs: 2000, toMs: 1000, reason: 'minor' })).toBe('review.badRange');
    const a = await call<SealRecordView>(judge, 'review.seal', { sessionId: SESSION, fromMs: 1000, toMs: 2000, reason: 'minor', text: 'жасөспірім куәгер' });
    expect(a).toMatchObject({ seq: 1, op: 'seal', file: 'seals/seal-000001.json', by: 'Сейітова Ләззат' });
    const b = await call<SealRecordView>(judge, 'review.seal', { sessionId: SESSION, fromMs: 200, toMs: 400, reason: 'personalData' });
    expect(await refusal(secretary, 'review.unseal', { sessionId: SESSION, seal: 2, text: 'қате' })).toBe('auth.forbidden');
    const c = await call<SealRecordView>(judge, 'review.unseal', { sessionId: SESSION, seal: b.seq, text: 'қате мөрленді' });
    expect(c).toMatchObject({ seq: 3, op: 'unseal', sealSeq: 2 });
    expect(await refusal(judge, 'review.unseal', { sessionId: SESSION, seal: 2, text: 'тағы' })).toBe('review.noSuchSeal');
    const listed = await call<{ records: SealRecordView[]; inForce: Array<{ seq: number; fromMs: number; toMs: number; text: string | null }> }>(secretary, 'review.seals', { sessionId: SESSION });
    expect(listed.records.map((r) => r.op)).toEqual(['seal', 'seal', 'unseal']);
    expect(listed.inForce).toEqual([expect.objectContaining({ seq: 1, fromMs: 1000, toMs: 2000, text: null })]);
    // Each record chained to the one before and anchored to the signed manifest; verify checks them.
    const r = verifySession(dir);
    expect(r.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(r.findings).toContainEqual(expect.objectContaining({ code: 'sealRecords', params: { count: 3 } }));
    // and central hears of each, once
    const kinds = core.db.prepare<[], { kind: string }>("SELECT kind FROM outbox WHERE kind = 'review.seal'").all();
    expect(kinds).toHaveLength(3);
  });

  it('the listing carries the sealed ranges (the judge\'s words to a judge only)', async () => {
    const [asSecretary] = await call<ReviewSession[]>(secretary, 'review.sessions', { hearingId });
    const [asJudge] = await call<ReviewSession[]>(judge, 'review.sessions', { hearingId });
    expect(asSecretary!.sealed).toEqual([expect.objectContaining({ seq: 1, fromMs: 1000, toMs: 2000, reason: 'minor', text: null })]);
    expect(asJudge!.sealed[0]!.text).toBe('жасөспірім куәгер');
  });

  it("a secretary's playback inside a sealed range is refused; a judge's plays and is audited", async () => {
    expect(await refusal(secretary, 'review.play', { hearingId, sessionId: SESSION, positionMs: 1500, channel: null })).toBe('review.sealedRange');
    await call(secretary, 'review.play', { hearingId, sessionId: SESSION, positionMs: 500, channel: null });
    await call(judge, 'review.play', { hearingId, sessionId: SESSION, positionMs: 1500, channel: 1 });
    const audit = await call<AuditRow[]>(judge, 'audit.list', { hearingId });
    const sealedRows = audit.filter((r) => r.call === 'review.play' && r.target.sealed === 1);
    expect(sealedRows).toEqual([expect.objectContaining({ personName: 'Сейітова Ләззат', role: 'judge', outcome: 'ok' })]);
    expect(sealedRows[0]!.target).toMatchObject({ sessionId: SESSION, positionMs: 1500, sealReason: 'minor' });
  });

  it("the media route gives a secretary silence where it is sealed, and the judge the recording", async () => {
    const fetchAs = async (ctx: CallContext, file: string): Promise<Buffer> => {
      const [s] = await call<ReviewSession[]>(ctx, 'review.sessions', { hearingId });
      const seg = s!.segments.find((x) => x.file === file)!;
      const res = mediaResponse(core.media, { url: seg.url });
      expect(res.status).toBe(200);
      return Buffer.from(await res.arrayBuffer());
    };
    const file = path.join(dir, 'audio-000002.wav');
    const { dataOffset } = readWavInfo(file);
    expect(dataOffset).toBeGreaterThan(44); // Broadcast Wave: the samples start past bext and iXML
    const original = fs.readFileSync(file);
    expect((await fetchAs(judge, 'audio-000002.wav')).equals(original)).toBe(true);
    const heard = await fetchAs(secretary, 'audio-000002.wav');
    expect(heard.subarray(0, dataOffset).equals(original.subarray(0, dataOffset))).toBe(true);
    expect(heard.subarray(dataOffset).every((x) => x === 0)).toBe(true);
    // the segment before is untouched
    expect((await fetchAs(secretary, 'audio-000001.wav')).subarray(readWavInfo(path.join(dir, 'audio-000001.wav')).dataOffset).equals(frameBytes(0, RATE))).toBe(true);
  });

  it('a seal made while the session is recorded is anchored to the chain and verifies once it is signed', async () => {
    const id = '20261201T100500Z-0e1ive';
    let during: SealRecordView | null = null;
    const d = await writeHearingSession(core, id, hearingId, 2, false, async () => {
      during = await call<SealRecordView>(judge, 'review.seal', { sessionId: id, fromMs: 500, toMs: 5000, reason: 'closedSession' });
    });
    expect(during).toMatchObject({ seq: 1 });
    const record = JSON.parse(fs.readFileSync(path.join(d, 'seals', 'seal-000001.json'), 'utf8')) as { anchor: Record<string, unknown> };
    expect(record.anchor).toEqual({ chainLength: expect.any(Number), chainHead: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const r = verifySession(d);
    expect(r.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('a seal file edited or removed fails verify, naming it', () => {
    const first = path.join(dir, 'seals', 'seal-000001.json');
    const last = path.join(dir, 'seals', 'seal-000003.json');
    const keep = { first: fs.readFileSync(first), last: fs.readFileSync(last) };
    const errors = () => verifySession(dir).findings.filter((f) => f.severity === 'error').map((f) => `${f.code} ${f.file ?? ''}`);
    try {
      fs.chmodSync(first, 0o600);
      fs.writeFileSync(first, keep.first.toString('utf8').replace('"toMs": 2000', '"toMs": 1200'));
      expect(errors()).toEqual(['sealChanged seals/seal-000001.json']);
      fs.writeFileSync(first, keep.first);
      expect(errors()).toEqual([]);
      fs.rmSync(first);
      expect(errors()).toContain('sealMissing seals/seal-000001.json');
      fs.writeFileSync(first, keep.first);
      fs.rmSync(last); // the last one: only the station's database remembers it
      expect(errors()).toEqual(['sealMissing seals/seal-000003.json']);
    } finally {
      if (!fs.existsSync(first)) fs.writeFileSync(first, keep.first);
      if (!fs.existsSync(last)) fs.writeFileSync(last, keep.last);
    }
    expect(errors()).toEqual([]);
  });
});
