import { Option, type Command } from 'commander';
import fs from 'node:fs';
import path from 'node:path';
import { HattamaError } from '../../../common/errors';
import { openCentralDb } from '../../../central/db';
import { runCentral, s3FromEnv } from '../../../central/run';
import { CentralStore } from '../../../central/store';

// `hattama central` runs the reference central server; `hattama central code` issues a
// one-time enrollment code and `hattama central rekey STATION` lets an enrolled station id be
// enrolled again with a new key (both straight into central's database, no server needed).

interface CentralOpts {
  data: string;
  port: string;
  host: string;
  database?: string;
  s3Bucket?: string;
  s3Endpoint?: string;
  s3Region?: string;
  court?: string;
  courtroom?: string;
  ttlHours?: string;
  tlsCert?: string;
  tlsKey?: string;
  enrollPerMinute: string;
}

async function withStore<T>(o: CentralOpts, fn: (store: CentralStore) => Promise<T>): Promise<T> {
  const db = await openCentralDb({ dataDir: path.resolve(o.data), databaseUrl: o.database });
  try {
    return await fn(new CentralStore(db.db, db.kind));
  } finally {
    await db.close();
  }
}

function readPem(file: string, option: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (e) {
    throw new HattamaError('app.badArgument', { detail: `${option} ${file}: ${(e as Error).message}` });
  }
}

export function registerCentral(program: Command): void {
  program
    .command('central')
    .description("run the reference central server; 'central code' issues a one-time enrollment code, 'central rekey STATION' re-keys a station")
    .argument('[action]', "'code': print a new one-time enrollment code and exit; 'rekey': let STATION enroll again with a new key")
    .argument('[station]', 'rekey: the station id')
    .addOption(new Option('--data <dir>', 'central data directory (SQLite metadata, uploads, admin-token)').default('hattama-central'))
    .addOption(new Option('--port <n>', 'TCP port (0: any free port)').default('7480'))
    .addOption(new Option('--host <addr>', 'address to bind').default('127.0.0.1'))
    .addOption(new Option('--database <url>', 'PostgreSQL URL (postgres://...); default: SQLite in --data').env('HATTAMA_CENTRAL_DATABASE'))
    .addOption(new Option('--s3-bucket <name>', 'store segments in this S3 bucket (credentials: HATTAMA_S3_ACCESS_KEY_ID / HATTAMA_S3_SECRET_ACCESS_KEY)'))
    .addOption(new Option('--s3-endpoint <url>', 'S3-compatible endpoint (MinIO, Ceph, ...)'))
    .addOption(new Option('--s3-region <region>', 'S3 region'))
    .addOption(new Option('--court <name>', "code: the court the station is assigned to"))
    .addOption(new Option('--courtroom <name>', "code: the courtroom the station is assigned to"))
    .addOption(new Option('--ttl-hours <h>', 'code: hours the code stays valid').default('24'))
    .addOption(new Option('--tls-cert <file>', 'serve HTTPS with this certificate (PEM, with its chain)'))
    .addOption(new Option('--tls-key <file>', 'the private key of --tls-cert (PEM)'))
    .addOption(new Option('--enroll-per-minute <n>', 'enrollment attempts per client address per minute').default('10'))
    .action(async (action: string | undefined, station: string | undefined, o: CentralOpts) => {
      if (action === 'code') {
        const c = await withStore(o, (store) => store.issueCode({ court: o.court, courtroom: o.courtroom, ttlHours: Number(o.ttlHours) }));
        process.stdout.write(`${c.code}\n`);
        process.stderr.write(`valid until ${c.expiresAt}, once\n`);
        return;
      }
      if (action === 'rekey') {
        if (!station) throw new HattamaError('app.badArgument', { detail: 'central rekey: STATION missing' });
        const done = await withStore(o, (store) => store.rekey(station));
        if (!done) throw new HattamaError('app.badArgument', { detail: `central rekey: no station ${station}` });
        process.stdout.write(`${station} re-keyed: its token no longer works; enroll it again with a fresh code\n`);
        return;
      }
      if (action !== undefined) throw new HattamaError('app.badArgument', { detail: `central ${action}` });
      const port = Number(o.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new HattamaError('app.badArgument', { detail: `--port ${o.port}` });
      if (!o.tlsCert !== !o.tlsKey) throw new HattamaError('app.badArgument', { detail: '--tls-cert and --tls-key go together' });
      const tls = o.tlsCert && o.tlsKey ? { cert: readPem(o.tlsCert, '--tls-cert'), key: readPem(o.tlsKey, '--tls-key') } : undefined;
      const enrollPerMinute = Number(o.enrollPerMinute);
      if (!Number.isInteger(enrollPerMinute) || enrollPerMinute < 1) throw new HattamaError('app.badArgument', { detail: `--enroll-per-minute ${o.enrollPerMinute}` });
      await runCentral({ data: o.data, port, host: o.host, database: o.database, tls, enrollPerMinute, s3: s3FromEnv(process.env, { bucket: o.s3Bucket, endpoint: o.s3Endpoint, region: o.s3Region }) });
      await new Promise(() => undefined); // serve until a signal
    });
}
