import { Option, type Command } from 'commander';
import path from 'node:path';
import { HattamaError } from '../../../common/errors';
import { openCentralDb } from '../../../central/db';
import { runCentral, s3FromEnv } from '../../../central/run';
import { CentralStore } from '../../../central/store';

// `hattama central` runs the reference central server; `hattama central code` issues a
// one-time enrollment code (straight into central's database, no server needed).

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
}

export function registerCentral(program: Command): void {
  program
    .command('central')
    .description("run the reference central server; 'central code' issues a one-time enrollment code")
    .argument('[action]', "'code': print a new one-time enrollment code and exit")
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
    .action(async (action: string | undefined, o: CentralOpts) => {
      if (action === 'code') {
        const db = await openCentralDb({ dataDir: path.resolve(o.data), databaseUrl: o.database });
        try {
          const store = new CentralStore(db.db, db.kind);
          const c = await store.issueCode({ court: o.court, courtroom: o.courtroom, ttlHours: Number(o.ttlHours) });
          process.stdout.write(`${c.code}\n`);
          process.stderr.write(`valid until ${c.expiresAt}, once\n`);
        } finally {
          await db.close();
        }
        return;
      }
      if (action !== undefined) throw new HattamaError('app.badArgument', { detail: `central ${action}` });
      const port = Number(o.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new HattamaError('app.badArgument', { detail: `--port ${o.port}` });
      await runCentral({ data: o.data, port, host: o.host, database: o.database, s3: s3FromEnv(process.env, { bucket: o.s3Bucket, endpoint: o.s3Endpoint, region: o.s3Region }) });
      await new Promise(() => undefined); // serve until a signal
    });
}
