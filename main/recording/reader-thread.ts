import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ReaderJob } from './capture-reader';

// Starts capture-reader.ts on a thread. In a build it is the bundle's own entry beside this
// code (build:cli and electron.vite.config.ts emit it under that name; test/build/reader-entry
// .test.ts checks both); in the packaged app it is unpacked from the asar archive, where a
// thread cannot load its script (electron-builder.yml). Run from the sources (tests, the
// `hattama` launcher before a build) the thread first registers tsx to load the TypeScript.

export function readerEntry(here = import.meta.url): { file: string; fromSources: boolean } {
  const own = fileURLToPath(here);
  const ext = path.extname(own);
  const file = path.join(path.dirname(own), `capture-reader${ext}`).replace(`app.asar${path.sep}`, `app.asar.unpacked${path.sep}`);
  return { file, fromSources: ext === '.ts' };
}

export function startReaderThread(job: ReaderJob): Worker {
  const { file, fromSources } = readerEntry();
  if (!fromSources) return new Worker(file, { workerData: job });
  const boot = `import(${JSON.stringify(tsxEsmApi())}).then((m) => { m.register(); return import(${JSON.stringify(pathToFileURL(file).href)}); });`;
  return new Worker(boot, { eval: true, workerData: job });
}

let tsxApi: string | undefined;

/** tsx's ES module API, as its package exports it (resolving it for `require` gives its CommonJS form); looked up once. */
function tsxEsmApi(): string {
  if (tsxApi) return tsxApi;
  const pkgFile = createRequire(import.meta.url).resolve('tsx/package.json');
  const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  tsxApi = pathToFileURL(path.join(path.dirname(pkgFile), pkg.exports['./esm/api']!.import.default)).href;
  return tsxApi;
}
