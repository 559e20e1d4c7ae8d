import { Option, type Command } from 'commander';
import fs from 'node:fs';
import path from 'node:path';
import { HattamaError } from '../../../common/errors';
import { openCentralDb } from '../../../central/db';
import { runCentral, s3FromEnv } from '../../../central/run';
import { CentralStore } from '../../../central/store';
import { addUser, disableUser, listUsers, USER_ROLES, type UserRole } from '../../../central/users';

// `hattama central` runs the reference central server; `hattama central code` issues a
// one-time enrollment code and `hattama central rekey STATION` lets an enrolled station id be
// enrolled again with a new key; `hattama central user add LOGIN --role supervisor|admin` adds a
// person who signs in to the Situation Center (password read from stdin), `user disable LOGIN`
// ends their access, `user list` lists them (all straight into central's database, no server needed).

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
  role?: string;
  name?: string;
  lateStartMinutes: string;
  offlineSeconds: string;
  timeZone: string;
  logLevel: string;
  unrecordedSeconds: string;
  backlogMinutes: string;
}

/** The password, from stdin (first line): never from the command line, where `ps` would show it. */
async function readPassword(): Promise<string> {
  if (process.stdin.isTTY) throw new HattamaError('app.badArgument', { detail: 'central user add: pipe the password on stdin (printf %s "$PASS" | hattama central user add ...)' });
  let text = '';
  for await (const chunk of process.stdin) text += (chunk as Buffer).toString('utf8');
  return text.split(/\r?\n/)[0] ?? '';
}

async function userAction(o: CentralOpts, sub: string | undefined, login: string | undefined): Promise<void> {
  if (sub === 'list') {
    const users = await withStore(o, (store) => listUsers(store.db));
    for (const u of users) process.stdout.write(`${u.login}\t${u.role}\t${u.name}${u.disabled_at ? `\tdisabled ${u.disabled_at}` : ''}\n`);
    return;
  }
  if (!login) throw new HattamaError('app.badArgument', { detail: `central user ${sub ?? ''}: LOGIN missing` });
  if (sub === 'disable') {
    if (!(await withStore(o, (store) => disableUser(store.db, login)))) throw new HattamaError('app.badArgument', { detail: `central user disable: no user ${login}` });
    process.stdout.write(`${login} disabled; their sessions ended\n`);
    return;
  }
  if (sub !== 'add') throw new HattamaError('app.badArgument', { detail: `central user ${sub ?? ''}: add, disable or list` });
  const role = o.role ?? '';
  if (!(USER_ROLES as readonly string[]).includes(role)) throw new HattamaError('app.badArgument', { detail: `--role ${role}: ${USER_ROLES.join(' or ')}` });
  const password = await readPassword();
  try {
    await withStore(o, (store) => addUser(store.db, { login, name: o.name ?? login, role: role as UserRole, password }));
  } catch (e) {
    throw new HattamaError('app.badArgument', { detail: `central user add: ${(e as Error).message}` });
  }
  process.stdout.write(`${login} (${role}) may sign in to the Situation Center\n`);
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
    .argument('[station]', "rekey: the station id; user: 'add', 'disable' or 'list'")
    .argument('[login]', 'user add / disable: the login')
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
    .addOption(new Option('--role <role>', 'user add: supervisor or admin'))
    .addOption(new Option('--name <name>', "user add: the person's name as the Situation Center shows it"))
    .addOption(new Option('--late-start-minutes <n>', 'Situation Center: a scheduled hearing not opened this many minutes after its start is late').default('10').env('HATTAMA_CENTRAL_LATE_START_MINUTES'))
    .addOption(new Option('--offline-seconds <n>', 'Situation Center: a station not heard from for this long is offline').default('120').env('HATTAMA_CENTRAL_OFFLINE_SECONDS'))
    .addOption(new Option('--unrecorded-seconds <n>', 'Situation Center: a hearing in progress not recorded for longer than this is flagged').default('30').env('HATTAMA_CENTRAL_UNRECORDED_SECONDS'))
    .addOption(new Option('--backlog-minutes <n>', "Situation Center: a station's backlog growing this long is flagged").default('30').env('HATTAMA_CENTRAL_BACKLOG_MINUTES'))
    .addOption(new Option('--time-zone <tz>', 'Situation Center: the time zone times are shown in').default('Asia/Almaty').env('HATTAMA_CENTRAL_TIME_ZONE'))
    .addOption(new Option('--log-level <level>', 'log level (pino): fatal, error, warn, info, debug').default('info').env('HATTAMA_CENTRAL_LOG_LEVEL'))
    .action(async (action: string | undefined, station: string | undefined, login: string | undefined, o: CentralOpts) => {
      if (action === 'user') return userAction(o, station, login);
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
      const lateStart = Number(o.lateStartMinutes);
      const offline = Number(o.offlineSeconds);
      if (!(lateStart >= 0) || !(offline > 0)) throw new HattamaError('app.badArgument', { detail: `--late-start-minutes ${o.lateStartMinutes} / --offline-seconds ${o.offlineSeconds}` });
      const noRecording = Number(o.unrecordedSeconds);
      const backlog = Number(o.backlogMinutes);
      if (!(noRecording >= 0) || !(backlog >= 0)) throw new HattamaError('app.badArgument', { detail: `--unrecorded-seconds ${o.unrecordedSeconds} / --backlog-minutes ${o.backlogMinutes}` });
      const thresholds = { lateStartMs: lateStart * 60_000, offlineMs: offline * 1000, noRecordingMs: noRecording * 1000, backlogMs: backlog * 60_000 };
      await runCentral({ data: o.data, port, host: o.host, database: o.database, tls, enrollPerMinute, thresholds, timeZone: o.timeZone, logLevel: o.logLevel, s3: s3FromEnv(process.env, { bucket: o.s3Bucket, endpoint: o.s3Endpoint, region: o.s3Region }) });
      await new Promise(() => undefined); // serve until a signal
    });
}
