import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import type { ReaderMessage } from '../../main/recording/capture-reader';
import { readerEntry } from '../../main/recording/reader-thread';
import { IN_CI } from '../support/tools';

// The capture's reader thread loads a script of its own (main/recording/reader-thread.ts): in
// each build, the code that starts it must find that script beside itself, and the script must
// run the tool and hand back its output. Both builds are made by `npm ci` (prepare) and before
// the tests (test:unit builds the CLI).
const root = path.resolve(import.meta.dirname, '../..');
const BUILDS = [
  { name: 'CLI bundle (build:cli)', dir: path.join(root, 'out/cli'), ext: '.mjs' },
  { name: 'Electron main (electron-vite build)', dir: path.join(root, 'out/main'), ext: '.js' },
];

/** The built file holding reader-thread.ts's code. */
function starter(dir: string, ext: string): string | undefined {
  if (!fs.existsSync(dir)) return undefined;
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(ext) && !f.startsWith('capture-reader'))
    .find((f) => fs.readFileSync(path.join(dir, f), 'utf8').includes('capture-reader${'));
}

async function runEcho(file: string): Promise<{ out: string; close: ReaderMessage | undefined }> {
  const w = new Worker(file, { workerData: { cmd: 'echo', args: ['сот отырысы'], stallMs: 0 } });
  let out = '';
  let close: ReaderMessage | undefined;
  await new Promise<void>((resolve, reject) => {
    w.on('message', (m: ReaderMessage) => {
      if (m.type === 'data') out += Buffer.from(m.bytes).toString();
      if (m.type === 'close') {
        close = m;
        void w.terminate().then(() => resolve());
      }
    });
    w.on('error', reject);
  });
  return { out, close };
}

describe('the capture reader in the builds', () => {
  for (const b of BUILDS) {
    const found = starter(b.dir, b.ext);
    const reason = `${b.name} not built in ${path.relative(root, b.dir)} (npm run build)`;
    it.skipIf(!found && !IN_CI)(`${b.name}: found beside the code that starts it, and runs the tool${found ? '' : ` (skipped: ${reason})`}`, async () => {
      expect(found, reason).toBeDefined();
      const { file, fromSources } = readerEntry(pathToFileURL(path.join(b.dir, found!)).href);
      expect(fromSources).toBe(false);
      expect(file).toBe(path.join(b.dir, `capture-reader${b.ext}`));
      const { out, close } = await runEcho(file);
      expect(out).toBe('сот отырысы\n');
      expect(close).toEqual({ type: 'close', code: 0, signal: null, stalled: false });
    });
  }

  it('from the sources, the TypeScript itself through tsx; in the packaged app, outside the archive', () => {
    expect(readerEntry(pathToFileURL(path.join(root, 'main/recording/reader-thread.ts')).href)).toEqual({ file: path.join(root, 'main/recording/capture-reader.ts'), fromSources: true });
    const packed = path.join(path.sep, 'opt', 'Hattama', 'resources', 'app.asar', 'out', 'main', 'index.js');
    expect(readerEntry(pathToFileURL(packed).href).file).toBe(path.join(path.sep, 'opt', 'Hattama', 'resources', 'app.asar.unpacked', 'out', 'main', 'capture-reader.js'));
    const config = yaml.load(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as { asarUnpack: string[] };
    expect(config.asarUnpack).toContain('out/main/capture-reader.js');
  });
});
