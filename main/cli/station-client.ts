import type { CallInput, CallName, CallOutput } from '../../common/contract/index';
import { HattamaError, type Result } from '../../common/errors';
import { connectControl } from '../control/control-client';
import { startControlServer } from '../control/control-server';
import { newDoorSession } from '../runtime/handlers';
import { ensureDataDir, openCore } from './context';
import { cliIdentity } from './identity';

// The CLI is a client of the station's one dispatcher, never a second core. When a core runs
// on the data directory (the desktop app, `hattama serve`, another CLI command), the command
// talks to it over the control socket; when none does, the command runs the core in-process,
// holding the directory's lock and serving the socket itself for as long as it runs.

export interface StationClient {
  readonly dataDir: string;
  /** True when the calls go to a core that was already running. */
  readonly remote: boolean;
  /** One contract call; the core's refusal becomes the HattamaError the CLI prints. */
  call<K extends CallName>(name: K, input: CallInput<K>): Promise<CallOutput<K>>;
  close(): Promise<void>;
}

function unwrap<T>(r: Result<unknown>): T {
  if (r.ok) return r.value as T;
  throw new HattamaError(r.error.code, r.error.params ?? {}, r.error.fields);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The station, with this command's person signed in on the connection when --as (or HATTAMA_AS) names one. */
export async function connectStation(dataDir: string, opts: { sync?: boolean } = {}): Promise<StationClient> {
  const who = cliIdentity();
  const station = await reachStation(dataDir, opts);
  if (who) {
    try {
      await station.call('auth.signIn', who);
    } catch (e) {
      await station.close();
      throw e;
    }
  }
  return station;
}

async function reachStation(dataDir: string, opts: { sync?: boolean }): Promise<StationClient> {
  const dir = ensureDataDir(dataDir);
  // A core that holds the lock may still be starting (recovery runs before its socket listens).
  for (let attempt = 0; ; attempt++) {
    const remote = await connectControl(dir);
    if (remote) {
      return {
        dataDir: dir,
        remote: true,
        call: async (name, input) => unwrap(await remote.call(name, input)),
        close: async () => remote.close(),
      };
    }
    try {
      const core = await openCore(dir, opts);
      const control = await startControlServer(core);
      const session = newDoorSession();
      return {
        dataDir: dir,
        remote: false,
        call: async (name, input) => unwrap(await core.call(name, input, { transport: 'cli', session })),
        close: async () => {
          await control.close();
          await core.close();
        },
      };
    } catch (e) {
      if (!(e instanceof HattamaError && e.code === 'app.dataDirInUse') || attempt >= 20) throw e;
      await sleep(250);
    }
  }
}

/** Runs `fn` against the station on `dataDir` and lets go of it, whatever happens. */
export async function withStation<T>(dataDir: string, fn: (station: StationClient) => Promise<T>): Promise<T> {
  const station = await connectStation(dataDir);
  try {
    return await fn(station);
  } finally {
    await station.close();
  }
}
