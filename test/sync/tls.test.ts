import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isHattamaError } from '../../common/errors';
import { SettingsSchema } from '../../common/settings';
import { CentralClient } from '../../main/sync/client';
import { enrollStation, normaliseUrl } from '../../main/sync/enrollment';
import { HATTAMA_BIN, startCentral, type CentralProcess } from '../support/central-process';
import { seedStaffCli } from '../support/core';
import { makeStation, makeWorker, outboxCount, waitFor, writeProtocol, writeSegment, type TestStation } from '../support/station';
import { missingTools, tempDir } from '../support/tools';
import { testStationKey } from '../support/key-passphrase';

// Station and central over TLS with a court's private CA, made here with openssl: enroll (the
// CLI's --ca), then events, a tus upload, heartbeats and feeds, all checked against that CA.
// Without it, or with another CA, the station refuses central's certificate with a clear,
// translated error; an http:// central that is not this machine is refused before connecting.

const skip = missingTools('openssl');

function openssl(dir: string, ...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

/** A CA, a server certificate for 127.0.0.1/localhost signed by it, and an unrelated CA. */
function makePki(dir: string): { ca: string; cert: string; key: string; otherCa: string } {
  const subj = (cn: string) => ['-subj', `/O=Test court/CN=${cn}`];
  openssl(dir, 'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', ...subj('Test court CA'));
  openssl(dir, 'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'other.key', '-out', 'other.pem', '-days', '2', ...subj('Another CA'));
  openssl(dir, 'req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', ...subj('central'));
  fs.writeFileSync(path.join(dir, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  openssl(dir, 'x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'ext.cnf');
  return { ca: path.join(dir, 'ca.pem'), cert: path.join(dir, 'server.pem'), key: path.join(dir, 'server.key'), otherCa: path.join(dir, 'other.pem') };
}

function cli(args: string[], env: NodeJS.ProcessEnv): { status: number; stdout: string; stderr: string } {
  try {
    return { status: 0, stdout: execFileSync(process.execPath, [HATTAMA_BIN, ...args], { encoding: 'utf8', stdio: 'pipe', env }), stderr: '' };
  } catch (e) {
    const x = e as { status: number; stdout: string; stderr: string };
    return { status: x.status, stdout: String(x.stdout), stderr: String(x.stderr) };
  }
}

describe.skipIf(!!skip)('sync over TLS with a court CA', () => {
  let pki: ReturnType<typeof makePki>;
  let central: CentralProcess;
  const cleanups: Array<() => unknown> = [];

  beforeAll(async () => {
    pki = makePki(tempDir('hattama-pki-'));
    central = await startCentral({ data: tempDir('hattama-central-tls-'), tls: { cert: pki.cert, key: pki.key, ca: fs.readFileSync(pki.ca, 'utf8') } });
    expect(central.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/$/);
  });
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
    await central?.stop();
  });

  it('`hattama enroll --ca` and `hattama sync` work end to end; without the CA or with another one they are refused, the code unspent', async () => {
    const dir = tempDir('hattama-tls-cli-');
    const env = { ...process.env, ...seedStaffCli(dir) };
    const { json: code } = await central.admin<{ code: string }>('POST', '/admin/codes', {});
    const base = ['enroll', '--data', dir, '--central', central.url, '--code', code.code];

    const noCa = cli([...base, '--lang', 'en'], env);
    expect(noCa.status).toBe(1);
    expect(noCa.stderr).toMatch(/Central's certificate is not trusted \(.+\): give the court's CA file/);
    const wrongCa = cli([...base, '--ca', pki.otherCa, '--lang', 'ru'], env);
    expect(wrongCa.status).toBe(1);
    expect(wrongCa.stderr).toMatch(/Сертификату центральной системы нет доверия/);
    const noFile = cli([...base, '--ca', path.join(dir, 'nowhere.pem'), '--lang', 'kk'], env);
    expect(noFile.status).toBe(1);
    expect(noFile.stderr).toMatch(/CA файлын оқу мүмкін емес/);

    const ok = cli([...base, '--ca', pki.ca], env);
    expect(ok.stderr).toBe('');
    expect(ok.stdout).toMatch(/enrolled st-/);
    const saved = SettingsSchema.parse(JSON.parse(fs.readFileSync(path.join(dir, 'settings.json'), 'utf8')));
    expect(saved.central.caFile).toBe(pki.ca);
    expect(saved.centralUrl).toBe(central.url);
    // Enrolled once: a fresh code does not take the id over again (an administrator re-keys it first).
    const { json: fresh } = await central.admin<{ code: string }>('POST', '/admin/codes', {});
    const again = cli(['enroll', '--data', dir, '--central', central.url, '--code', fresh.code, '--lang', 'en'], env);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/already enrolled with central: an administrator must re-key it/);
    // Later runs take the CA from the settings.
    const sync = cli(['sync', '--data', dir, '--once'], env);
    expect(sync.stderr).toBe('');
    expect(JSON.parse(sync.stdout)).toMatchObject({ ok: true, queueLength: 0 });
  });

  it('pushes events, uploads segments by tus, sends heartbeats and pulls feeds through the CA of central.caFile', async () => {
    const st: TestStation = await makeStation();
    cleanups.push(() => st.close());
    st.settings.update({ central: { caFile: pki.ca } });
    const { json: code } = await central.admin<{ code: string }>('POST', '/admin/codes', {});
    const ca = fs.readFileSync(pki.ca, 'utf8');
    const s = st.settings.get();
    const creds = await enrollStation({ dataDir: st.dir, key: testStationKey(st.dir), centralUrl: central.url, code: code.code, stationId: s.stationId, court: s.court, courtroom: s.courtroom, ca });
    await central.admin('PUT', '/admin/schedule', { hearingId: 'TLS-1', court: s.court, courtroom: s.courtroom, caseNumber: '2-1/2026', startsAt: new Date().toISOString() });
    writeProtocol(st, 30);
    const segs = [writeSegment(st, 'sess-tls', 0, 300_000), writeSegment(st, 'sess-tls', 1, 123_457)];
    const total = outboxCount(st.db);

    // The credentials as the core reads them from disk: no CA in them; the worker takes it from the settings.
    const { ca: _inMemory, ...fromDisk } = creds;
    const worker = makeWorker(st, fromDisk, { chunkSize: 64 * 1024 });
    worker.start();
    cleanups.push(() => worker.stop());
    await waitFor('everything delivered over TLS', () => {
      const x = worker.state();
      return x.queueLength === 0 && x.segmentsPending === 0 && x.lastSuccessAt !== null;
    }, 60_000);
    await worker.stop();
    expect(worker.state().lastError).toBeNull();

    const { json: events } = await central.admin<unknown[]>('GET', `/admin/events?station=${creds.stationId}`);
    expect(events).toHaveLength(total);
    const { json: stored } = await central.admin<Array<{ sha256: string; status: string }>>('GET', `/admin/segments?station=${creds.stationId}`);
    expect(stored.map((x) => [x.sha256, x.status])).toEqual(segs.map((x) => [x.sha256, 'verified']));
    const { json: stations } = await central.admin<Array<{ stationId: string; lastSeenAt: string | null }>>('GET', '/admin/stations');
    expect(stations.find((x) => x.stationId === creds.stationId)?.lastSeenAt).toBeTruthy();
    const schedule = st.db.prepare<[], { hearing_id: string }>('SELECT hearing_id FROM sync_schedule').all();
    expect(schedule.map((r) => r.hearing_id)).toContain('TLS-1');

    // The same token without the CA: refused, with a code a person can be shown.
    const bare = new CentralClient(creds.centralUrl, creds.token);
    const refused = await bare.feeds(0).catch((e: unknown) => e);
    expect(isHattamaError(refused) && refused.code).toBe('sync.untrusted');
    expect(isHattamaError(refused) && String(refused.params.detail)).toMatch(/CERT|SIGNATURE|ISSUER/);
  });

  it('refuses an http:// central that is not this machine before connecting, and keeps loopback http:// usable', async () => {
    const st = await makeStation();
    cleanups.push(() => st.close());
    for (const url of ['http://central.court.example:7480/', 'http://10.1.2.3/', 'ftp://127.0.0.1/']) {
      const r = await enrollStation({ dataDir: st.dir, key: testStationKey(st.dir), centralUrl: url, code: 'ABCD-EFGH', stationId: 'st-insecure', court: '', courtroom: '' }).catch((e: unknown) => e);
      expect(isHattamaError(r) && r.code, url).toBe('sync.insecureUrl');
      expect(() => new CentralClient(url, 'st-x.token')).toThrow();
    }
    expect(fs.existsSync(path.join(st.dir, 'keys', 'central.json'))).toBe(false);
    expect(() => st.settings.update({ centralUrl: 'http://central.court.example:7480/' })).toThrow();
    for (const url of ['http://127.0.0.1:7480/', 'http://localhost:7480/', 'http://[::1]:7480/', 'https://central.court.example/']) {
      expect(normaliseUrl(url)).toBe(url);
      expect(SettingsSchema.shape.centralUrl.safeParse(url).success, url).toBe(true);
    }
    expect(SettingsSchema.shape.centralUrl.safeParse('http://central.court.example/').success).toBe(false);
  });
});
