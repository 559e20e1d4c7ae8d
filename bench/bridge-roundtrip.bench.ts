import fs from 'node:fs';
import path from 'node:path';
import { WebSocket, WebSocketServer } from 'ws';
import { startServeServer } from '../main/serve/serve-server';
import { openTestCore } from '../test/support/core';
import { tempDir } from '../test/support/tools';
import { percentile, report } from './report';

// A contract call's round trip through the browser bridge (JSON, validation, dispatch, output
// check) against a bare WebSocket echo on the same loopback, measured in the same run.
const N = 5000;
const WARMUP = 500;

async function timeRoundTrips(ws: WebSocket, make: (i: number) => string, isReply: (data: string) => boolean): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < N + WARMUP; i++) {
    const t0 = process.hrtime.bigint();
    await new Promise<void>((resolve) => {
      const on = (d: WebSocket.RawData) => {
        if (!isReply(String(d))) return;
        ws.off('message', on);
        resolve();
      };
      ws.on('message', on);
      ws.send(make(i));
    });
    if (i >= WARMUP) times.push(Number(process.hrtime.bigint() - t0) / 1000);
  }
  return times.sort((a, b) => a - b);
}

const open = (url: string, origin?: string) =>
  new Promise<WebSocket>((resolve, reject) => {
    const ws = new WebSocket(url, origin ? { origin } : {});
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });

// Bare echo.
const echo = new WebSocketServer({ host: '127.0.0.1', port: 0 });
echo.on('connection', (s) => s.on('message', (d) => s.send(String(d))));
await new Promise((r) => echo.once('listening', r));
const echoWs = await open(`ws://127.0.0.1:${(echo.address() as { port: number }).port}`);
const bare = await timeRoundTrips(echoWs, (i) => JSON.stringify({ id: i, call: 'app.ping', input: { n: i } }), () => true);
echoWs.close();
echo.close();

// The bridge, on a real core.
const core = await openTestCore();
const ui = tempDir('hattama-bench-ui-');
fs.writeFileSync(path.join(ui, 'index.html'), '<!doctype html>');
const server = await startServeServer({ core, rendererDir: ui, host: '127.0.0.1', port: 0 });
const ws = await open(`${server.url.replace('http', 'ws')}/bridge?token=${server.token}`);
const bridged = await timeRoundTrips(ws, (i) => JSON.stringify({ id: i, call: 'app.ping', input: { n: i } }), (d) => d.includes('"result"'));
ws.close();
await server.close();
await core.close();

report('bridge-roundtrip', 'p50', percentile(bridged, 50), 'µs', percentile(bare, 50));
report('bridge-roundtrip', 'p99', percentile(bridged, 99), 'µs', percentile(bare, 99));
report('bridge-roundtrip', 'calls_per_s', 1e6 / (bridged.reduce((a, b) => a + b, 0) / bridged.length), 'calls/s', 1e6 / (bare.reduce((a, b) => a + b, 0) / bare.length));
process.exit(0);
