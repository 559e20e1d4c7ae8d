// Doyensec's electronegativity over the shell, preload and renderer sources. Its CLI breaks
// with a modern `commander` hoisted next to it, so this calls its runner directly and fails on
// any HIGH-severity finding (or worse).
const path = require('node:path');
const run = require('@doyensec/electronegativity');
const { severity } = require('@doyensec/electronegativity/dist/finder');

const fs = require('node:fs');
const os = require('node:os');

const root = path.resolve(__dirname, '..');
// Its global checks (navigation limits, permission handler, CSP) look across files, so the
// shell, preload and renderer are scanned together, as one tree.
const parts = ['main/electron', 'main/serve/csp.ts', 'preload', 'renderer/src', 'renderer/index.html'];

(async () => {
  let high = 0;
  let errors = 0;
  const tree = fs.mkdtempSync(path.join(os.tmpdir(), 'hattama-egy-'));
  for (const p of parts) fs.cpSync(path.join(root, p), path.join(tree, p), { recursive: true });
  for (const input of [tree]) {
    const r = await run({ input, electronVersionOverride: '41.7.1', isRelative: true, parserPlugins: [] });
    errors += r.errors.length;
    for (const e of r.errors) console.log(`parse error in ${e.file}: ${e.message ?? e.error ?? JSON.stringify(e)}`);
    for (const i of r.issues) {
      const line = `${i.severity.name.padEnd(13)} ${i.confidence.name.padEnd(9)} ${i.id} ${i.file}:${i.location.line}`;
      console.log(line);
      if (i.severity.value >= severity.HIGH.value) high += 1;
    }
  }
  console.log(`electronegativity: ${high} high-severity finding(s), ${errors} file(s) not parsed`);
  process.exit(high > 0 || errors > 0 ? 1 : 0);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
