import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HattamaError } from '../../common/errors';
import { openDatabase } from '../../main/db/database';
import { BINDING_FILE, BINDING_STAMP, chooseNativeBinding } from '../../main/db/native-binding';
import { toErrorPayload } from '../../main/i18n/translator';
import { tempDir } from '../support/tools';

// The desktop app cannot be started here (no Electron binary), so the shell's choice of
// better-sqlite3 build is tested in plain Node: Electron's build under Electron, node_modules'
// under Node, and a clear translated error (not a dlopen crash) when Electron's is missing.
const root = path.resolve(import.meta.dirname, '../..');
const nodeBuild = path.join(root, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');

function electronDir(stamp?: Record<string, string>): string {
  const dir = tempDir('hattama-native-');
  fs.copyFileSync(nodeBuild, path.join(dir, BINDING_FILE));
  if (stamp) fs.writeFileSync(path.join(dir, BINDING_STAMP), JSON.stringify(stamp));
  return dir;
}

describe('native binding choice', () => {
  it('plain Node: node_modules’ own build (no nativeBinding)', () => {
    expect(chooseNativeBinding({ versions: { modules: process.versions.modules }, electronDirs: [electronDir()] })).toBeUndefined();
  });

  it('Electron: the Electron build when present, the first folder that has one', () => {
    const empty = tempDir('hattama-native-empty-');
    const dir = electronDir({ electron: '41.7.1', modules: '145', betterSqlite3: '12.11.1', platform: 'linux', arch: 'x64' });
    expect(chooseNativeBinding({ versions: { modules: '145', electron: '41.7.1' }, electronDirs: [empty, dir], platform: 'linux', arch: 'x64' })).toBe(path.join(dir, BINDING_FILE));
  });

  it('Electron without its build: a clear, translated error naming where it belongs', () => {
    const missing = path.join(tempDir('hattama-native-none-'), 'build/native/electron');
    let err: unknown;
    try {
      chooseNativeBinding({ versions: { modules: '145', electron: '41.7.1' }, electronDirs: [missing] });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(HattamaError);
    expect((err as HattamaError).code).toBe('app.nativeBindingMissing');
    const en = toErrorPayload(err, 'en').message;
    expect(en).toContain(path.join(missing, BINDING_FILE));
    expect(en).toContain('npm run rebuild:electron');
    expect(toErrorPayload(err, 'kk').message).toContain('Electron үшін');
    expect(toErrorPayload(err, 'ru').message).toContain('собранного для Electron');
  });

  it('Electron with a build for another ABI: refused before dlopen', () => {
    const dir = electronDir({ electron: '40.0.0', modules: '143', betterSqlite3: '12.11.1', platform: 'linux', arch: 'x64' });
    expect(() => chooseNativeBinding({ versions: { modules: '145', electron: '41.7.1' }, electronDirs: [dir], platform: 'linux', arch: 'x64' })).toThrow(HattamaError);
  });

  it('the database loads the chosen file through better-sqlite3’s nativeBinding option', () => {
    // A copy of Node's build stands for Electron's: it is loaded from that path, not node_modules.
    const dir = electronDir();
    const db = openDatabase(tempDir('hattama-native-db-'), {}, { nativeBinding: path.join(dir, BINDING_FILE) });
    expect(db.prepare('SELECT 1 AS one').get()).toEqual({ one: 1 });
    db.close();
    expect(() => openDatabase(tempDir('hattama-native-db-'), {}, { nativeBinding: path.join(dir, 'nothing.node') })).toThrow();
  });
});
