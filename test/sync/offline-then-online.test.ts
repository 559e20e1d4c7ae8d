import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HATTAMA_BIN, startCentral, type CentralProcess } from '../support/central-process';
import { seedStaffCli } from '../support/core';
import { enroll, fileSha256, makeStation, makeWorker, writeProtocol, writeSegment, type TestStation } from '../support/station';
import { tempDir } from '../support/tools';

// Offline first: the station writes protocol events and segments while central is down;
// when central comes up, everything arrives, once, intact.

const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

interface StoredEvent {
  seq: number;
  kind: string;
  ref: string | null;
  payload: unknown;
}

describe('station -> central, offline first', () => {
  let central: CentralProcess;
  let st: TestStation;

  it('keeps working with central down, and delivers everything once central starts', async () => {
    const data = tempDir('hattama-central-');
    central = await startCentral({ data });
    cleanups.push(() => central.stop());
    st = await makeStation();
    cleanups.push(() => st.close());
    const { json: code } = await central.admin<{ code: string }>('POST', '/admin/codes', { court: 'Esil district court', courtroom: 'Room 1' });
    const creds = await enroll(st, central.url, code.code);
    const port = central.port;
    await central.kill();

    // Central is down: local writes are immediate, the worker fails fast and records why.
    const t0 = Date.now();
    writeProtocol(st, 200);
    const segs = Array.from({ length: 5 }, (_, i) => writeSegment(st, 'sess-a', i, 300_000 + i * 1000));
    expect(Date.now() - t0).toBeLessThan(10_000);
    const worker = makeWorker(st, creds);
    await expect(worker.runOnce()).rejects.toThrow();
    const down = worker.state();
    expect(down.online).toBe(false);
    expect(down.lastError?.code).toBe('sync.unreachable');
    expect(down.queueLength).toBeGreaterThanOrEqual(205);
    expect(down.segmentsPending).toBe(5);

    central = await startCentral({ data, port });
    cleanups.push(() => central.stop());
    await worker.runOnce();
    const up = worker.state();
    expect(up).toMatchObject({ online: true, queueLength: 0, segmentsPending: 0, bytesPending: 0, lastError: null });

    const local = st.db.prepare<[], { seq: number; kind: string; ref: string | null; payload: string }>('SELECT seq, kind, ref, payload FROM outbox ORDER BY seq').all();
    const { json: remote } = await central.admin<StoredEvent[]>('GET', `/admin/events?station=${creds.stationId}`);
    expect(remote.map((e) => ({ seq: e.seq, kind: e.kind, ref: e.ref, payload: e.payload }))).toEqual(local.map((r) => ({ ...r, payload: JSON.parse(r.payload) })));

    const { json: stored } = await central.admin<Array<{ seq: number; sha256: string; status: string; path: string }>>('GET', `/admin/segments?station=${creds.stationId}`);
    expect(stored).toHaveLength(5);
    for (const [i, s] of stored.entries()) {
      expect(s.status).toBe('verified');
      expect(s.sha256).toBe(segs[i]!.sha256);
      expect(fileSha256(s.path)).toBe(segs[i]!.sha256);
    }

    // Retention: with 30 days nothing is deleted; at 0 days the confirmed files go, only they.
    expect(worker.cleanup()).toBe(0);
    for (const s of segs) expect(fs.existsSync(path.join(st.dir, s.file))).toBe(true);
    const extra = writeSegment(st, 'sess-a', 99, 1000); // announced, not yet uploaded
    st.settings.update({ retentionDays: 0 });
    expect(worker.cleanup()).toBe(5);
    for (const s of segs) expect(fs.existsSync(path.join(st.dir, s.file))).toBe(false);
    expect(fs.existsSync(path.join(st.dir, extra.file))).toBe(true);
  });

  it('`hattama enroll` and `hattama sync --once` work from the command line', async () => {
    const dir = tempDir('hattama-cli-station-');
    // Enrolling is a technician's or administrator's act: the CLI signs in as the station's test officer.
    const env = { ...process.env, ...seedStaffCli(dir) };
    const { json: code } = await central.admin<{ code: string }>('POST', '/admin/codes', {});
    const out = execFileSync(process.execPath, [HATTAMA_BIN, 'enroll', '--data', dir, '--central', central.url, '--code', code.code], { encoding: 'utf8', env });
    expect(out).toMatch(/enrolled st-/);
    const again = (() => {
      try {
        execFileSync(process.execPath, [HATTAMA_BIN, 'enroll', '--data', dir, '--central', central.url, '--code', code.code, '--lang', 'en'], { encoding: 'utf8', stdio: 'pipe', env });
        return '';
      } catch (e) {
        return String((e as { stderr: string }).stderr);
      }
    })();
    expect(again).toMatch(/already used or expired/);
    const sync = execFileSync(process.execPath, [HATTAMA_BIN, 'sync', '--data', dir, '--central', central.url, '--once'], { encoding: 'utf8', env });
    expect(JSON.parse(sync)).toMatchObject({ ok: true, queueLength: 0 });
  });
});
