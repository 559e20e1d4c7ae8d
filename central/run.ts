import path from 'node:path';
import pino from 'pino';
import { createCentral, type Central } from './server';
import type { Thresholds } from './situation-rules';
import type { S3Options } from './tus';

// Starting central as a long-running process: listen, report where, stop cleanly on a signal.

export interface RunCentralOptions {
  data: string;
  port: number;
  host: string;
  database?: string;
  s3?: S3Options;
  tls?: { cert: string | Buffer; key: string | Buffer };
  enrollPerMinute?: number;
  thresholds?: Partial<Thresholds>;
  timeZone?: string;
  logLevel?: string;
}

/** S3 settings from the environment (HATTAMA_S3_*), so secrets stay off the command line. */
export function s3FromEnv(env = process.env, over: Partial<S3Options> = {}): S3Options | undefined {
  const bucket = over.bucket ?? env.HATTAMA_S3_BUCKET;
  if (!bucket) return undefined;
  return {
    bucket,
    endpoint: over.endpoint ?? env.HATTAMA_S3_ENDPOINT,
    region: over.region ?? env.HATTAMA_S3_REGION,
    accessKeyId: env.HATTAMA_S3_ACCESS_KEY_ID ?? env.AWS_ACCESS_KEY_ID,
    secretAccessKey: env.HATTAMA_S3_SECRET_ACCESS_KEY ?? env.AWS_SECRET_ACCESS_KEY,
    forcePathStyle: true,
  };
}

export async function runCentral(o: RunCentralOptions): Promise<Central> {
  const dataDir = path.resolve(o.data);
  // Structured logs: one JSON object a line on stderr (pino), for the court's log collector.
  const logger = pino({ level: o.logLevel ?? 'info', base: { service: 'hattama-central', pid: process.pid } }, pino.destination({ fd: 2, sync: false }));
  const central = await createCentral({
    dataDir,
    databaseUrl: o.database,
    s3: o.s3,
    tls: o.tls,
    enrollPerMinute: o.enrollPerMinute,
    thresholds: o.thresholds,
    timeZone: o.timeZone,
    log: (level, msg, extra) => logger[level](extra && typeof extra === 'object' ? extra : {}, msg),
  });
  const url = await central.app.listen({ port: o.port, host: o.host });
  process.stdout.write(`hattama central listening on ${url} (metadata: ${central.db.kind}, segments: ${o.s3 ? `s3://${o.s3.bucket}` : path.join(dataDir, 'uploads')}, data: ${dataDir})\n`);
  process.stdout.write(`admin token: ${path.join(dataDir, 'admin-token')}\n`);
  logger.info({ url, db: central.db.kind, store: o.s3 ? 's3' : 'file', thresholds: central.center.thresholds }, 'central started');
  const stop = () => {
    logger.info('central stopping');
    void central.close().finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  return central;
}
