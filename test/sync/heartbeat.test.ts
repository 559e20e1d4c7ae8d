import { afterAll, describe, expect, it } from 'vitest';
import { createProtocolStore } from '../../main/protocol/module';
import { startCentral, type CentralProcess } from '../support/central-process';
import { enroll, makeStation, makeWorker, type TestStation } from '../support/station';
import { tempDir } from '../support/tools';

// The one worker construction reports what its injected recording source says, with the
// hearing named as central knows it (schedule id, else uid), whoever runs the worker.

const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

describe('heartbeat', () => {
  let central: CentralProcess;
  let st: TestStation;

  it('reports the injected recording state, the hearing by its central name, alarms and disk', async () => {
    central = await startCentral({ data: tempDir('hattama-central-') });
    cleanups.push(() => central.stop());
    st = await makeStation();
    cleanups.push(() => st.close());
    const { json: code } = await central.admin<{ code: string }>('POST', '/admin/codes', {});
    const creds = await enroll(st, central.url, code.code);
    const store = createProtocolStore(st);
    const adhoc = store.createHearing({ caseNumber: '2-900/2026', source: 'adhoc', author: 'test' });
    const scheduled = store.createHearing({ caseNumber: '2-901/2026', source: 'schedule', externalId: 'CASE-901', author: 'test' });

    let now = { recording: true, hearingId: String(adhoc.id) as string | null, alarms: ['deadMic ch3 (witness)'] };
    const worker = makeWorker(st, creds, {}, { recordingState: () => now });
    const seen = async () => {
      await worker.runOnce();
      const { json } = await central.admin<Array<{ stationId: string; state: { recording: boolean; hearingId: string | null; alarms: string[]; diskHoursLeft: number | null; backlog: { events: number } } }>>('GET', '/admin/stations');
      return json.find((s) => s.stationId === creds.stationId)!.state;
    };
    const first = await seen();
    expect(first).toMatchObject({ recording: true, hearingId: adhoc.uid, alarms: ['deadMic ch3 (witness)'], backlog: { events: 0 } });
    expect(first.diskHoursLeft).toBeGreaterThan(0);

    now = { recording: true, hearingId: String(scheduled.id), alarms: [] };
    expect(await seen()).toMatchObject({ recording: true, hearingId: 'CASE-901', alarms: [] });

    now = { recording: false, hearingId: null, alarms: [] };
    expect(await seen()).toMatchObject({ recording: false, hearingId: null });
  });
});
