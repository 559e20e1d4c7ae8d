#!/usr/bin/env node
// The `hattama` command. It runs the bundled core in out/cli (built by `npm ci` / `npm run
// build:cli`), which starts in a fraction of the time; when any source file is newer than that
// bundle (a developer's edit not built yet), it runs the TypeScript directly through tsx.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.env.HATTAMA_ROOT ??= root;
const bundle = path.join(root, 'out', 'cli', 'index.mjs');

/** Newest modification time of the TypeScript sources under a folder. */
function newest(dir) {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newest(p));
    else if (e.name.endsWith('.ts')) t = Math.max(t, fs.statSync(p).mtimeMs);
  }
  return t;
}

let built = 0;
try {
  built = fs.statSync(bundle).mtimeMs;
} catch {
  // not built: run the sources
}
if (built > 0 && ['main', 'common', 'central'].every((d) => newest(path.join(root, d)) <= built)) {
  await import(bundle);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../main/cli/index.ts');
}
