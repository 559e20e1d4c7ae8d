import type { CentralDb } from './schema';
import type { Snapshot } from './situation-center';

// /metrics in Prometheus' text format (0.0.4). Counters are this process's since it started
// (Prometheus scrapes each instance); gauges about the courtrooms come from the database, so
// every instance reports the same numbers for them.

export class Counters {
  eventsIngested = 0;
  eventBatches = 0;
  pushesInFlight = 0;
  heartbeats = 0;
  uploadRequestsInFlight = 0;
  uploadRequests = 0;
  readonly startedAt = Date.now();
}

const line = (name: string, value: number, labels: Record<string, string> = {}): string => {
  const l = Object.entries(labels)
    .map(([k, v]) => `${k}="${v.replace(/["\\\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`))}"`)
    .join(',');
  return `${name}${l ? `{${l}}` : ''} ${Number.isFinite(value) ? value : 0}`;
};

function metric(name: string, type: 'counter' | 'gauge', help: string, samples: string[]): string {
  return [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, ...samples].join('\n');
}

export async function renderMetrics(db: CentralDb, c: Counters, snap: Snapshot): Promise<string> {
  const observing = await db.selectFrom('observations').select((eb) => eb.fn.countAll<number>().as('n')).where('ended_at', 'is', null).executeTakeFirst();
  const segments = await db.selectFrom('segments').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
  const states = new Map<string, number>();
  for (const r of snap.rooms) states.set(r.state, (states.get(r.state) ?? 0) + 1);
  const flags = new Map<string, number>();
  for (const rows of snap.flags.values()) for (const f of rows) flags.set(f.kind, (flags.get(f.kind) ?? 0) + 1);
  const online = snap.rooms.filter((r) => r.state !== 'offline').length;
  return (
    [
      metric('hattama_central_events_ingested_total', 'counter', 'Events newly stored from station pushes (this process).', [line('hattama_central_events_ingested_total', c.eventsIngested)]),
      metric('hattama_central_event_pushes_total', 'counter', 'Event pushes answered 200 (this process).', [line('hattama_central_event_pushes_total', c.eventBatches)]),
      metric('hattama_central_pushes_in_flight', 'gauge', 'Event pushes being handled now (this process).', [line('hattama_central_pushes_in_flight', c.pushesInFlight)]),
      metric('hattama_central_heartbeats_total', 'counter', 'Heartbeats received (this process).', [line('hattama_central_heartbeats_total', c.heartbeats)]),
      metric('hattama_central_upload_requests_total', 'counter', 'tus upload requests (this process).', [line('hattama_central_upload_requests_total', c.uploadRequests)]),
      metric('hattama_central_upload_requests_in_flight', 'gauge', 'tus upload requests being handled now (this process).', [line('hattama_central_upload_requests_in_flight', c.uploadRequestsInFlight)]),
      metric('hattama_central_segments', 'gauge', 'Segments central holds, by state.', ['declared', 'verified', 'rejected'].map((s) => line('hattama_central_segments', Number(segments.find((x) => x.status === s)?.n ?? 0), { status: s }))),
      metric('hattama_central_flags_open', 'gauge', 'Open Situation Center flags, by kind.', [...flags.entries()].map(([k, n]) => line('hattama_central_flags_open', n, { kind: k }))),
      metric('hattama_central_observations_open', 'gauge', 'Live observations of hearings not ended (asked or streaming).', [line('hattama_central_observations_open', Number(observing?.n ?? 0))]),
      metric('hattama_central_stations_online', 'gauge', 'Stations heard from within the offline threshold.', [line('hattama_central_stations_online', online)]),
      metric('hattama_central_stations', 'gauge', 'Enrolled stations (not revoked), by room state.', [...states.entries()].map(([s, n]) => line('hattama_central_stations', n, { state: s }))),
      metric('hattama_central_uptime_seconds', 'gauge', 'Seconds since this process started.', [line('hattama_central_uptime_seconds', Math.round((Date.now() - c.startedAt) / 1000))]),
    ].join('\n') + '\n'
  );
}
