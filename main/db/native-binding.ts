import fs from 'node:fs';
import path from 'node:path';
import { HattamaError } from '../../common/errors';

// better-sqlite3 is a native module: one build per ABI. node_modules keeps the build for Node
// (tests, the CLI, `hattama serve`); the desktop app loads a second build, for Electron's ABI,
// from its own folder through better-sqlite3's `nativeBinding` option. `npm start` builds it
// first (prestart: scripts/build-electron-sqlite.cjs), packaging before it packs (beforePack).

/** Where the Electron build lives, relative to the app's root (the project; resources/ when packaged). */
export const ELECTRON_BINDING_DIR = path.join('build', 'native', 'electron');
export const BINDING_FILE = 'better_sqlite3.node';
/** Beside the build: which Electron, ABI and better-sqlite3 it was built for. */
export const BINDING_STAMP = 'build-info.json';

export interface BindingStamp {
  electron: string;
  modules: string;
  betterSqlite3: string;
  platform: string;
  arch: string;
}

export interface BindingChoice {
  /** process.versions of the running process. */
  versions: Pick<NodeJS.ProcessVersions, 'modules'> & { electron?: string };
  /** The folders to look in, first match wins (packaged: resources/native/electron; development: build/native/electron). */
  electronDirs: string[];
  platform?: string;
  arch?: string;
}

/**
 * The compiled module the database should load: under Electron, the Electron build (refused,
 * with a clear translated error, when it is missing or was built for another ABI); under plain
 * Node, undefined: node_modules' own build.
 */
export function chooseNativeBinding(o: BindingChoice): string | undefined {
  if (!o.versions.electron) return undefined;
  const dir = o.electronDirs.find((d) => fs.existsSync(path.join(d, BINDING_FILE)));
  const expected = path.join(o.electronDirs[0] ?? ELECTRON_BINDING_DIR, BINDING_FILE);
  if (!dir) throw new HattamaError('app.nativeBindingMissing', { path: expected });
  const file = path.join(dir, BINDING_FILE);
  const stamp = readStamp(dir);
  // A build for another Electron (another ABI) would fail deep inside dlopen: say so here instead.
  if (stamp && (stamp.modules !== o.versions.modules || (o.platform && stamp.platform !== o.platform) || (o.arch && stamp.arch !== o.arch))) {
    throw new HattamaError('app.nativeBindingMissing', { path: `${file} (ABI ${stamp.modules} ${stamp.platform}-${stamp.arch}, needed ${o.versions.modules} ${o.platform ?? ''}-${o.arch ?? ''})` });
  }
  return file;
}

function readStamp(dir: string): BindingStamp | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, BINDING_STAMP), 'utf8')) as BindingStamp;
  } catch {
    return null;
  }
}
