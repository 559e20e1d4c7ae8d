import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import type { Hearing, HearingDetail, Signature } from '../../common/contract/protocol';
import type { Core } from '../../main/core/core';
import { missingTools, tempDir } from '../support/tools';
import { fails, makeTestCa, makeTestSigner, ok, openCore, opensslVerify, type TestSigner, SIGN_ANYWAY } from './helpers';

// A stand-in for NCALayer on this machine: a WebSocket over TLS (certificate made by openssl)
// that speaks module kz.gov.pki.knca.basics, method sign, as NCALayer does: a greeting and
// heartbeats, then for a sign request the detached CMS made by `openssl cms -sign` with the key
// the person "chose" in its window. The CMS is real, so the station's own verification and
// `openssl cms -verify` both run against it.

interface SignRequest {
  module?: string;
  method?: string;
  args: { data: string; format: string; locale: string; allowedStorages: string[]; signingParams: unknown; signerParams: unknown };
}

interface StandIn {
  url: string;
  requests: SignRequest[];
  /** What the next request is answered with: a key to sign with, or a refusal, or bytes to sign instead. */
  next: { key: TestSigner; signOther?: Buffer; whileChoosing?: () => Promise<unknown> } | { refuse: { code: string; message: string } };
  close(): Promise<void>;
}

async function startStandIn(dir: string, first: TestSigner): Promise<StandIn> {
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'tls.key', '-out', 'tls.pem', '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { cwd: dir, stdio: 'ignore' });
  const server = https.createServer({ key: fs.readFileSync(path.join(dir, 'tls.key')), cert: fs.readFileSync(path.join(dir, 'tls.pem')) });
  const wss = new WebSocketServer({ server });
  const standIn: StandIn = { url: '', requests: [], next: { key: first }, close: async () => {} };
  wss.on('connection', (ws) => {
    ws.send(JSON.stringify({ result: { version: '1.4' } }));
    ws.send('--heartbeat--');
    ws.on('message', async (raw) => {
      const req = JSON.parse(raw.toString()) as SignRequest;
      standIn.requests.push(req);
      const next = standIn.next;
      if (req.module !== 'kz.gov.pki.knca.basics' || req.method !== 'sign') {
        ws.send(JSON.stringify({ status: false, code: 'MODULE_NOT_FOUND', message: 'unknown module or method' }));
        return;
      }
      if ('refuse' in next) {
        ws.send(JSON.stringify({ status: false, ...next.refuse }));
        return;
      }
      await next.whileChoosing?.();
      const data = path.join(dir, 'data.bin');
      fs.writeFileSync(data, next.signOther ?? Buffer.from(req.args.data, 'base64'));
      const cms = execFileSync('openssl', ['cms', '-sign', '-binary', '-md', 'sha256', '-in', data, '-signer', next.key.certPem, '-inkey', next.key.keyPem, '-certfile', next.key.caPem, '-outform', 'DER']);
      ws.send(JSON.stringify({ status: true, body: { result: [cms.toString('base64')] } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  standIn.url = `wss://127.0.0.1:${(server.address() as AddressInfo).port}`;
  standIn.close = () =>
    new Promise<void>((resolve) => {
      for (const c of wss.clients) c.terminate();
      wss.close();
      server.close(() => resolve());
    });
  return standIn;
}

let core: Core | undefined;
let standIn: StandIn | undefined;
afterEach(async () => {
  await core?.close();
  await standIn?.close();
  core = undefined;
  standIn = undefined;
});

describe('protocol signature through NCALayer (a local stand-in speaking its protocol)', () => {
  it('sends the basics sign request, verifies the CMS it gets back, and records both signatures', async () => {
    if (missingTools('openssl')) return;
    const dir = tempDir('hattama-ncalayer-');
    const ca = makeTestCa(dir);
    const secretary = makeTestSigner(ca, { file: 'secretary', name: 'Нұрланова Әйгерім', iin: '900101400123' });
    const judge = makeTestSigner(ca, { file: 'judge', name: 'Әбенов Серік Қайратұлы', iin: '750505300456' });
    const s = (standIn = await startStandIn(dir, secretary));
    const c = (core = await openCore());
    c.settings.update({ language: 'ru', signing: { provider: 'ncalayer', ncalayerUrl: s.url } });
    const h = await ok<Hearing>(c, 'protocol.createHearing', { caseNumber: '2-91/2025' });
    await ok(c, 'protocol.startHearing', { hearingId: h.id });
    const protocols = path.join(c.dataDir, 'protocols', String(h.id));

    // an entry logged while the secretary chooses her key is not in the PDF: that signature is not kept
    s.next = { key: secretary, whileChoosing: () => ok(c, 'protocol.logEntry', { hearingId: h.id, kind: 'note', text: 'қол қою кезінде' }) };
    expect((await fails(c, 'protocol.sign', { ...SIGN_ANYWAY, hearingId: h.id, capacity: 'secretary', lang: 'kk' })).code).toBe('protocol.changedWhileSigning');
    expect(fs.existsSync(protocols)).toBe(false);
    s.next = { key: secretary };
    s.requests.length = 0;

    const s1 = await ok<Signature>(c, 'protocol.sign', { ...SIGN_ANYWAY, hearingId: h.id, capacity: 'secretary', expectedIin: '900101400123', lang: 'kk' });
    const outDir = path.dirname(s1.pdfPath);
    const req = s.requests[0]!;
    expect(req).toMatchObject({ module: 'kz.gov.pki.knca.basics', method: 'sign', args: { format: 'cms', locale: 'ru' } });
    expect(req.args.signingParams).toEqual({ decode: true, encapsulate: false, digested: false, tsaProfile: null });
    expect(req.args.signerParams).toEqual({ extKeyUsageOids: [], iin: '900101400123' });
    expect(req.args.allowedStorages).toContain('AKKZIDCardStore');
    // the bytes NCALayer was given are exactly the PDF written and recorded
    expect(Buffer.from(req.args.data, 'base64').equals(fs.readFileSync(s1.pdfPath))).toBe(true);
    expect(s1).toMatchObject({ capacity: 'secretary', signer: 'Нұрланова Әйгерім', iin: '900101400123', completesRound: false });
    expect(opensslVerify(s1.pdfPath, s1.p7sPath).status).toBe(0);

    // the person cancels in NCALayer's window; then NCALayer answers with a signature over other bytes
    s.next = { refuse: { code: 'USER_CANCELED', message: 'cancelled' } };
    expect((await fails(c, 'protocol.sign', { ...SIGN_ANYWAY, hearingId: h.id, capacity: 'judge' })).code).toBe('protocol.ncalayerCanceled');
    s.next = { refuse: { code: 'STORAGE_ERROR', message: 'Токен не найден' } };
    const failed = await fails(c, 'protocol.sign', { ...SIGN_ANYWAY, hearingId: h.id, capacity: 'judge' });
    expect(failed).toMatchObject({ code: 'protocol.ncalayerFailed', message: 'NCALayer не смог подписать: Токен не найден' });
    s.next = { key: judge, signOther: Buffer.from('not the protocol') };
    expect((await fails(c, 'protocol.sign', { ...SIGN_ANYWAY, hearingId: h.id, capacity: 'judge' })).code).toBe('protocol.signatureInvalid');
    // the judge's IIN is expected, the secretary's key is offered
    s.next = { key: secretary };
    expect((await fails(c, 'protocol.sign', { ...SIGN_ANYWAY, hearingId: h.id, capacity: 'judge', expectedIin: '750505300456' })).code).toBe('protocol.certificateIinMismatch');
    let d = await ok<HearingDetail>(c, 'protocol.getHearing', { hearingId: h.id });
    expect(d.signatures).toHaveLength(1);
    expect(d.hearing).toMatchObject({ locked: false, awaitingSignature: 'judge' });
    expect(fs.readdirSync(outDir).sort()).toEqual(['protocol.pdf', 'protocol.secretary.p7s']);

    s.next = { key: judge };
    const s2 = await ok<Signature>(c, 'protocol.sign', { ...SIGN_ANYWAY, hearingId: h.id, capacity: 'judge', expectedIin: '750505300456' });
    expect(Buffer.from(s.requests.at(-1)!.args.data, 'base64').equals(fs.readFileSync(s1.pdfPath))).toBe(true);
    expect(s2).toMatchObject({ capacity: 'judge', signer: 'Әбенов Серік Қайратұлы', completesRound: true, pdfSha256: s1.pdfSha256 });
    for (const sig of [s1, s2]) {
      expect(opensslVerify(s1.pdfPath, sig.p7sPath).status).toBe(0);
      expect(opensslVerify(s1.pdfPath, sig.p7sPath, ['-CAfile', ca.caPem]).status).toBe(0);
    }
    d = await ok<HearingDetail>(c, 'protocol.getHearing', { hearingId: h.id });
    expect(d.hearing.locked).toBe(true);
  });

  it('says clearly when NCALayer is not running', async () => {
    const c = (core = await openCore());
    c.settings.update({ language: 'en', signing: { provider: 'ncalayer', ncalayerUrl: 'wss://127.0.0.1:9' } });
    const h = await ok<Hearing>(c, 'protocol.createHearing', { caseNumber: '2-92/2025' });
    const e = await fails(c, 'protocol.sign', { ...SIGN_ANYWAY, hearingId: h.id });
    expect(e.code).toBe('protocol.ncalayerUnavailable');
    expect(e.message).toContain('Cannot connect to NCALayer (wss://127.0.0.1:9)');
  });

  it('settings refuse an NCALayer address that is not on this machine', async () => {
    const c = (core = await openCore());
    expect(() => c.settings.update({ signing: { ncalayerUrl: 'wss://example.org:13579' } })).toThrow();
    expect(c.settings.get().signing).toEqual({ provider: 'p12', ncalayerUrl: 'wss://127.0.0.1:13579' });
  });
});
