import type { StationOverview } from '../common/sync-api';

// The Situation Center's page: one row per station, its last heartbeat and its flags.
// Plain server-rendered HTML that refreshes itself; no script, nothing to build.

const esc = (s: unknown): string => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function renderDashboard(stations: StationOverview[]): string {
  const rows = stations
    .map((s) => {
      const st = s.state;
      const flags = s.flags.map((f) => `<li class="flag ${esc(f.kind)}"><b>${esc(f.kind)}</b>${f.hearingId ? ` ${esc(f.hearingId)}` : ''}: ${esc(f.detail)}</li>`).join('');
      return `<tr${s.flags.length ? ' class="flagged"' : ''}>
<td>${esc(s.stationId)}${s.revoked ? ' <em>(revoked)</em>' : ''}</td><td>${esc(s.court)}</td><td>${esc(s.courtroom)}</td>
<td>${st ? (st.recording ? '● REC' : 'idle') : '–'}</td><td>${esc(st?.hearingId ?? '')}</td>
<td>${st?.diskHoursLeft != null ? st.diskHoursLeft.toFixed(1) : '–'}</td>
<td>${st ? `${st.backlog.events} ev / ${st.backlog.segments} seg / ${(st.backlog.bytes / 1048576).toFixed(1)} MiB` : '–'}</td>
<td>${s.highestSeq}</td><td>${esc(s.lastSeenAt ?? 'never')}</td><td><ul>${flags}</ul></td></tr>`;
    })
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="30">
<title>Hattama central: stations</title>
<style>body{font-family:sans-serif;margin:1rem}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.3rem;text-align:left;vertical-align:top}
tr.flagged{background:#fff4e5}ul{margin:0;padding-left:1rem}.flag.late-start b,.flag.closed-without-recording b{color:#b00}</style></head>
<body><h1>Stations (${stations.length})</h1>
<table><thead><tr><th>Station</th><th>Court</th><th>Room</th><th>Recording</th><th>Hearing</th><th>Disk, h</th><th>Backlog</th><th>Last seq</th><th>Last heartbeat</th><th>Flags</th></tr></thead>
<tbody>
${rows}
</tbody></table><p><a href="/openapi.json">API (OpenAPI)</a></p></body></html>`;
}
