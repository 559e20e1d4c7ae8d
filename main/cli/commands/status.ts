import type { Command } from 'commander';
import { HattamaError } from '../../../common/errors';
import { dataOption } from '../context';
import { actingPinFileOption } from '../identity';
import { withStation } from '../station-client';

// `hattama status`: what the station is doing now, from its core (running, or started for the
// question): the open hearing, the recorder, sync, and the alarms that are up.

const OPEN = new Set(['in_progress', 'recess', 'deliberation']);

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('the station now: open hearing, recording, sync, alarms')
    .addOption(dataOption())
    .addOption(actingPinFileOption())
    .option('--json', 'print JSON')
    .action(async (o: { data: string; json?: boolean }) => {
      const report = await withStation(o.data, async (station) => {
        const [app, recorder, sync, alarms, hearings] = await Promise.all([
          station.call('app.status', {}),
          station.call('recording.state', {}),
          station.call('sync.state', {}),
          station.call('app.alarms', {}),
          // The hearings are the protocol's: shown to a secretary or judge (--as), left out for anyone else.
          station.call('protocol.hearings', { scope: 'upcoming', limit: 200 }).catch((e: unknown) => {
            if (e instanceof HattamaError && e.code.startsWith('auth.')) return null;
            throw e;
          }),
        ]);
        const open = hearings?.filter((h) => OPEN.has(h.status)) ?? null;
        const { timeline, channels, ...recording } = recorder;
        return {
          station: { id: app.stationId, dataDir: app.dataDir, version: app.version, freeHours: Math.round(app.freeHours * 10) / 10, runningCore: station.remote },
          hearings: open?.map((h) => ({ id: h.id, caseNumber: h.caseNumber, status: h.status })) ?? null,
          recording: { ...recording, channels: channels.length, timeline },
          sync,
          alarms,
        };
      });
      if (o.json) {
        process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        return;
      }
      const r = report.recording;
      const lines = [
        `station ${report.station.id} (${report.station.runningCore ? 'core running' : 'no core was running'}), ${report.station.freeHours} h of recording free`,
        ...(report.hearings === null ? ['hearings: sign in as a secretary or judge (--as) to see them'] : report.hearings.length ? report.hearings.map((h) => `hearing ${h.id} ${h.caseNumber}: ${h.status}`) : ['no open hearing']),
        `recording: ${r.state}${r.pauseReason ? ` (${r.pauseReason})` : ''}${r.sessionId ? ` ${r.sessionId} hearing ${r.hearingId ?? '-'} at ${r.position.toFixed(1)} s, ${r.segments} segments` : ''}`,
        `sync: ${JSON.stringify(report.sync)}`,
        ...report.alarms.map((a) => `alarm: ${a.kind}${a.channel ? ` channel ${a.channel}` : ''} ${JSON.stringify(a.params)}`),
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
