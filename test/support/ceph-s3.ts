import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { CreateBucketCommand, DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { freePort, hasTool, tempDir } from './tools';

// A real S3 store for tests: a one-node Ceph cluster (one monitor, one OSD on memstore) and its
// RADOS Gateway on loopback, what a court's own data center runs. Started without systemd, every
// file under one temp dir, every daemon a child of this process and killed at stop(). Needs
// Debian's radosgw, ceph-mon, ceph-osd and ceph-common; nothing outlives the cluster (memstore
// keeps the objects in memory).

export interface CephS3 {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  bucket: string;
  /** The cluster's temp dir: ceph.conf, keyring, logs. */
  dir: string;
  /** From nothing to a bucket that took a PUT. */
  startMs: number;
  /** What the start took, step by step (ms since the start). */
  steps: Array<[string, number]>;
  /** The daemons' logs (last lines of each), for a failing test to show. */
  logs(): string;
  stop(): Promise<void>;
}

const TOOLS = ['ceph-mon', 'ceph-osd', 'radosgw', 'radosgw-admin', 'ceph', 'ceph-authtool', 'monmaptool'];
const START_TIMEOUT_MS = 90_000;
const run = promisify(execFile);

/** Why Ceph's S3 gateway cannot be started here ('' when it can). */
export function cephUnavailable(): string {
  const missing = TOOLS.filter((t) => !hasTool(t));
  return missing.length ? `Ceph not installed (missing ${missing.join(', ')}; apt-get install -y radosgw ceph-mon ceph-osd ceph-common)` : '';
}

function cephConf(dir: string, fsid: string, monPort: number, rgwPort: number): string {
  return `[global]
fsid = ${fsid}
mon initial members = a
mon host = [v2:127.0.0.1:${monPort}]
public addr = 127.0.0.1
ms bind msgr1 = false
run dir = ${dir}/run
admin socket = ${dir}/run/$name.asok
log file = ${dir}/log/$name.log
pid file = ${dir}/run/$name.pid
keyring = ${dir}/keyring
mon data = ${dir}/mon/$cluster-$id
osd data = ${dir}/osd/$cluster-$id
# One OSD keeping objects in memory: no disk to prepare, nothing left behind.
osd objectstore = memstore
memstore device bytes = 1073741824
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
osd crush chooseleaf type = 0
mon allow pool delete = true
mon allow pool size one = true
mon max pg per osd = 1000
mon warn on pool no redundancy = false
auth allow insecure global id reclaim = false
# The gateway creates its pools one by one at start, each a few rounds of the monitor's map
# proposals; at the default 1 s per round that alone is about 12 s, at 0.1 s under 2 s.
paxos propose interval = 0.1

[client.rgw]
rgw frontends = beast endpoint=127.0.0.1:${rgwPort}
rgw data = ${dir}/rgw
`;
}

export async function startCephS3(opts: { bucket?: string } = {}): Promise<CephS3> {
  const why = cephUnavailable();
  if (why) throw new Error(why);
  const t0 = Date.now();
  const steps: Array<[string, number]> = [];
  const step = (name: string) => steps.push([name, Date.now() - t0]);
  const dir = tempDir('hattama-ceph-');
  for (const d of ['run', 'log', 'mon/ceph-a', 'osd/ceph-0', 'rgw']) fs.mkdirSync(path.join(dir, d), { recursive: true });
  const conf = path.join(dir, 'ceph.conf');
  const keyring = path.join(dir, 'keyring');
  const [monPort, rgwPort] = [await freePort(), await freePort()];
  const fsid = randomUUID();
  const osdUuid = randomUUID();
  fs.writeFileSync(conf, cephConf(dir, fsid, monPort, rgwPort));

  const daemons: ChildProcess[] = [];
  const names = new Map<ChildProcess, string>();
  const killAll = () => {
    for (const p of daemons) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
  };
  // A test run that ends without stop() must not leave daemons behind.
  process.once('exit', killAll);
  const logs = () => tails(path.join(dir, 'log'));
  const stop = async () => {
    process.off('exit', killAll);
    const gone = daemons.map((p) => (p.exitCode !== null || p.signalCode !== null ? Promise.resolve() : new Promise<void>((r) => p.once('exit', () => r()))));
    killAll(); // memstore: there is nothing to flush
    await Promise.all(gone);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const tool = async (cmd: string, args: string[]) => {
    try {
      return (await run(cmd, ['-c', conf, ...args], { timeout: 30_000 })).stdout;
    } catch (e) {
      const x = e as { stderr?: string; message: string };
      throw new Error(`${cmd} ${args.join(' ')}: ${x.stderr?.trim() || x.message}`, { cause: e });
    }
  };
  const withPdeathsig = hasTool('setpriv');
  const daemon = (name: string, cmd: string, args: string[]) => {
    const out = fs.openSync(path.join(dir, 'log', `${name}.out`), 'a');
    // setpriv (util-linux) makes the daemon die with this process, however it ends: a test
    // runner that kills its worker after a hook timeout runs no 'exit' handler.
    const argv = [cmd, '-c', conf, '-f', ...args];
    const p = spawn(withPdeathsig ? 'setpriv' : cmd, withPdeathsig ? ['--pdeathsig', 'KILL', '--', ...argv] : argv.slice(1), { stdio: ['ignore', out, out] });
    fs.closeSync(out);
    daemons.push(p);
    names.set(p, name);
  };
  const exited = () => daemons.find((p) => p.exitCode !== null || p.signalCode !== null);

  try {
    // Every key the cluster needs, with its caps, goes into the monitor's keyring at mkfs: no
    // `ceph auth` round trips after the monitor is up.
    await run('ceph-authtool', ['--create-keyring', keyring, '--gen-key', '-n', 'mon.', '--cap', 'mon', 'allow *']);
    await run('ceph-authtool', [keyring, '--gen-key', '-n', 'client.admin', '--cap', 'mon', 'allow *', '--cap', 'osd', 'allow *', '--cap', 'mgr', 'allow *']);
    await run('ceph-authtool', [keyring, '--gen-key', '-n', 'osd.0', '--cap', 'mon', 'allow profile osd', '--cap', 'osd', 'allow *', '--cap', 'mgr', 'allow profile osd']);
    await run('ceph-authtool', [keyring, '--gen-key', '-n', 'client.rgw', '--cap', 'mon', 'allow rw', '--cap', 'osd', 'allow rwx']);
    await run('monmaptool', ['--create', '--fsid', fsid, '--addv', 'a', `[v2:127.0.0.1:${monPort}]`, path.join(dir, 'monmap')]);
    step('keys and monmap');
    await tool('ceph-mon', ['--mkfs', '-i', 'a', '--monmap', path.join(dir, 'monmap'), '--keyring', keyring]);
    daemon('mon.a', 'ceph-mon', ['-i', 'a']);
    await tool('ceph', ['--connect-timeout', '20', 'osd', 'new', osdUuid, '0']);
    step('monitor up');
    await tool('ceph-osd', ['-i', '0', '--mkfs', '--osd-uuid', osdUuid]);
    daemon('osd.0', 'ceph-osd', ['-i', '0']);
    step('osd started');
    daemon('client.rgw', 'radosgw', ['-n', 'client.rgw']);
    const endpoint = `http://127.0.0.1:${rgwPort}`;
    while (!(await fetch(endpoint).then((r) => r.ok, () => false))) {
      const dead = exited();
      if (dead) throw new Error(`${names.get(dead)} exited (${dead.exitCode ?? dead.signalCode}) before the gateway answered`);
      if (Date.now() - t0 > START_TIMEOUT_MS) throw new Error(`the gateway did not answer on ${endpoint} within ${START_TIMEOUT_MS / 1000} s`);
      await new Promise((r) => setTimeout(r, 100));
    }
    step('gateway answers');
    const accessKeyId = `HATTAMA${randomBytes(6).toString('hex').toUpperCase()}`;
    const secretAccessKey = randomBytes(24).toString('base64url');
    await tool('radosgw-admin', ['user', 'create', '--uid=hattama', '--display-name=Hattama tests', `--access-key=${accessKeyId}`, `--secret=${secretAccessKey}`]);
    step('S3 user');
    const bucket = opts.bucket ?? 'segments';
    const s3 = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId, secretAccessKey } });
    try {
      await s3.send(new CreateBucketCommand({ Bucket: bucket }));
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'probe', Body: 'probe' }));
      await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'probe' }));
    } finally {
      s3.destroy();
    }
    step('bucket took a PUT');
    return { endpoint, accessKeyId, secretAccessKey, bucket, dir, startMs: Date.now() - t0, steps, logs, stop };
  } catch (e) {
    const detail = logs();
    await stop();
    throw new Error(`Ceph S3 gateway did not start: ${(e as Error).message}\n${detail}`, { cause: e });
  }
}

/** The last lines of every log in `dir`, one block per file. */
function tails(dir: string, lines = 40): string {
  if (!fs.existsSync(dir)) return '(no logs)';
  return fs
    .readdirSync(dir)
    .sort()
    .map((f) => {
      const text = fs.readFileSync(path.join(dir, f), 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
      return `--- ${f}\n${text}`;
    })
    .join('\n');
}
