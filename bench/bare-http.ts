import Fastify from 'fastify';

// The HTTP floor for the central-ingest bench, run as its own process (as central is): a bare
// Fastify answering the stations' two requests after parsing their JSON, with no database, no
// auth and no validation. What central adds on top of this is what its own work costs.

const app = Fastify({ logger: false, bodyLimit: 8 * 1024 * 1024 });
app.post('/v1/events', async (req) => {
  const events = (req.body as { events: Array<{ seq: number }> }).events;
  return { stored: events.length, duplicates: 0, highestSeq: Math.max(...events.map((e) => e.seq)) };
});
app.post('/v1/heartbeat', async () => ({ serverTime: Date.now() }));
const url = await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`bare listening on ${url}\n`);
process.once('SIGTERM', () => void app.close().finally(() => process.exit(0)));
