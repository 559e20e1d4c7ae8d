import { startCentral } from '../test/support/central-process';
import { enroll, makeStation, makeWorker } from '../test/support/station';
import { tempDir } from '../test/support/tools';
import { enqueue } from '../main/sync/outbox';
import { entryAdded } from '../test/support/sync-events';
import { report } from './report';

// Time to sync 10,000 protocol events from a station's outbox to central (loopback, SQLite
// on both sides). Baseline: the same 10,000 rows pushed as one raw batch series with fetch
// (no station bookkeeping), to the same server in the same run.
const N = 10_000;

const central = await startCentral({ data: tempDir('hattama-bench-central-') });
const st = await makeStation();
try {
  const { json } = await central.admin<{ code: string }>('POST', '/admin/codes', {});
  const creds = await enroll(st, central.url, json.code);
  st.db.transaction(() => {
    for (let i = 0; i < N; i++) {
      const e = entryAdded(i + 1, { hearingId: 1, hearingUid: 'bench-hearing', entryId: i + 1, text: `Witness testimony, part ${i}: the agreement was signed on the 3rd of March.` });
      enqueue(st.db, 'protocol.entry', '1', e.payload);
    }
  })();
  const worker = makeWorker(st, creds);
  const t0 = performance.now();
  await worker.runOnce();
  const ms = performance.now() - t0;

  // Baseline: a second enrolled station pushes the same payloads in batches of 500, bare.
  const st2 = await makeStation();
  const { json: j2 } = await central.admin<{ code: string }>('POST', '/admin/codes', {});
  const c2 = await enroll(st2, central.url, j2.code);
  const rows = st.db.prepare<[], { seq: number; kind: string; ref: string; payload: string; created_at: string }>('SELECT * FROM outbox ORDER BY seq').all();
  const t1 = performance.now();
  for (let i = 0; i < rows.length; i += 500) {
    const r = await fetch(new URL('/v1/events', central.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${c2.token}` },
      body: JSON.stringify({ events: rows.slice(i, i + 500).map((x) => ({ seq: x.seq, kind: x.kind, ref: x.ref, payload: JSON.parse(x.payload), createdAt: x.created_at })) }),
    });
    if (!r.ok) throw new Error(`push ${r.status}`);
  }
  const bare = performance.now() - t1;
  st2.close();
  report('sync-events', 'time to sync 10,000 protocol events', ms, 'ms', bare);
  report('sync-events', 'protocol events synced per second', (N / ms) * 1000, 'events/s');
} finally {
  st.close();
  await central.stop();
}
