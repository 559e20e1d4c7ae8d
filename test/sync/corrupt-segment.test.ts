import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { corruptSegmentAlarms } from '../../main/sync/segment-uploader';
import { startCentral, type CentralProcess } from '../support/central-process';
import { enroll, fileSha256, makeStation, makeWorker, writeSegment } from '../support/station';
import { tempDir } from '../support/tools';

// The attack (or a failing disk): one segment is changed after it was hashed, another cannot be
// read. Before, the first bad segment stopped every later upload. Now each is marked corrupt
// and flagged on the heartbeat, and the segments after it still reach central, verified. The
// changed one is refused by central's hash check; the unreadable one is caught before sending.

const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

describe('a corrupt segment', () => {
  it('is marked corrupt and flagged; the next segments still upload', async () => {
    const central: CentralProcess = await startCentral({ data: tempDir('hattama-central-') });
    cleanups.push(() => central.stop());
    const st = await makeStation();
    cleanups.push(() => st.close());
    const { json: code } = await central.admin<{ code: string }>('POST', '/admin/codes', { court: 'Esil district court', courtroom: 'Room 1' });
    const creds = await enroll(st, central.url, code.code);

    const segs = Array.from({ length: 5 }, (_, i) => writeSegment(st, 'sess-c', i + 1, 200_000 + i));
    // segment 2 changed after hashing (one byte), segment 3 unreadable (a folder where the file was)
    const changed = path.join(st.dir, segs[1]!.file);
    const bytes = fs.readFileSync(changed);
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff;
    fs.writeFileSync(changed, bytes);
    const unreadable = path.join(st.dir, segs[2]!.file);
    fs.rmSync(unreadable);
    fs.mkdirSync(unreadable);
    // segment 5 cut short (a disk that filled up while it was copied back, say)
    fs.truncateSync(path.join(st.dir, segs[4]!.file), segs[4]!.bytes - 10);

    const worker = makeWorker(st, creds);
    await worker.runOnce();

    const rows = st.db.prepare<[], { file: string; confirmed_at: string | null; last_error: string | null }>('SELECT file, confirmed_at, last_error FROM sync_segments ORDER BY seq').all();
    expect(rows.map((r) => [r.file, r.confirmed_at !== null])).toEqual(segs.map((s, i) => [s.file, i === 0 || i === 3]));
    expect(rows[1]!.last_error).toMatch(/^corrupt: .*has hash .*, declared /);
    expect(rows[2]!.last_error).toMatch(/^corrupt: .*cannot be read \(EISDIR\)/);
    expect(rows[4]!.last_error).toBe(`corrupt: ${segs[4]!.file} has ${segs[4]!.bytes - 10} bytes, declared ${segs[4]!.bytes}`);
    expect(corruptSegmentAlarms(st.db)).toEqual([1, 2, 4].map((i) => `segmentCorrupt ${segs[i]!.file}`));

    // central verified the good ones and refused the changed one (its hash check); the unreadable one was never sent
    const all = async () => (await central.admin<Array<{ sha256: string; status: string; path: string }>>('GET', `/admin/segments?station=${creds.stationId}`)).json;
    const verified = async () => (await all()).filter((s) => s.status === 'verified');
    const stored = await verified();
    const bySha = new Map((await all()).map((s) => [s.sha256, s.status]));
    expect(bySha.get(segs[1]!.sha256)).toBe('rejected');
    expect(bySha.get(segs[2]!.sha256)).not.toBe('verified');
    expect(bySha.get(segs[4]!.sha256)).not.toBe('verified');
    expect(stored.map((s) => s.sha256).sort()).toEqual([segs[0]!.sha256, segs[3]!.sha256].sort());
    for (const s of stored) expect(fileSha256(s.path)).toBe(s.sha256);
    // set aside, not retried: a second run neither fails nor sends them
    await worker.runOnce();
    expect(worker.state().lastError).toBeNull();
    expect(await verified()).toHaveLength(2);
    expect(corruptSegmentAlarms(st.db)).toHaveLength(3);
  });
});
