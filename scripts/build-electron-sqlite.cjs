// Builds better-sqlite3 for Electron's ABI into build/native/electron/better_sqlite3.node, beside
// a build-info.json stamp, from a copy of the package: node_modules keeps its Node build, so the
// Node test suite, the CLI and `hattama serve` keep working. The desktop app loads this build
// through better-sqlite3's `nativeBinding` option (main/db/native-binding.ts).
//
// Runs as `prestart` (npm start), as `npm run rebuild:electron`, and as electron-builder's
// beforePack hook (then resources/native/electron in the package). It needs the network: a
// prebuilt binary for Electron (prebuild-install), or else Electron's headers for node-gyp.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const OUT_DIR = path.join(ROOT, 'build', 'native', 'electron');
const BINDING = 'better_sqlite3.node';
const STAMP = 'build-info.json';
// electron-builder's Arch enum (builder-util): the hook's context.arch is a number.
const ARCH_NAMES = ['ia32', 'x64', 'armv7l', 'arm64', 'universal'];

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

function build(opts = {}) {
  const platform = opts.platform || process.platform;
  const arch = opts.arch || process.arch;
  const electron = readJson(path.join(ROOT, 'node_modules', 'electron', 'package.json')).version;
  const pkgDir = path.join(ROOT, 'node_modules', 'better-sqlite3');
  const betterSqlite3 = readJson(path.join(pkgDir, 'package.json')).version;
  const modules = String(require('node-abi').getAbi(electron, 'electron'));
  const want = { electron, modules, betterSqlite3, platform, arch };
  const out = path.join(OUT_DIR, BINDING);
  try {
    const have = readJson(path.join(OUT_DIR, STAMP));
    if (fs.existsSync(out) && Object.keys(want).every((k) => have[k] === want[k])) {
      console.log(`better-sqlite3 for Electron ${electron} (ABI ${modules}, ${platform}-${arch}) is built: ${out}`);
      return out;
    }
  } catch {
    // no stamp yet: build
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hattama-sqlite-electron-'));
  const copy = path.join(work, 'better-sqlite3');
  try {
    fs.cpSync(pkgDir, copy, { recursive: true, filter: (src) => !src.startsWith(path.join(pkgDir, 'build')) });
    const run = (bin, args) => execFileSync(process.execPath, [require.resolve(bin), ...args], { cwd: copy, stdio: 'inherit' });
    try {
      run('prebuild-install/bin.js', ['--runtime', 'electron', '--target', electron, '--arch', arch, '--platform', platform, '--verbose']);
    } catch {
      console.log('no prebuilt better-sqlite3 for this Electron: compiling against its headers');
      run('node-gyp/bin/node-gyp.js', ['rebuild', '--release', `--target=${electron}`, `--arch=${arch}`, '--dist-url=https://electronjs.org/headers']);
    }
    fs.mkdirSync(OUT_DIR, { recursive: true });
    fs.copyFileSync(path.join(copy, 'build', 'Release', BINDING), out);
    fs.writeFileSync(path.join(OUT_DIR, STAMP), JSON.stringify(want, null, 2) + '\n');
    console.log(`better-sqlite3 for Electron ${electron} (ABI ${modules}, ${platform}-${arch}): ${out}`);
    return out;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

module.exports = build;
// electron-builder beforePack: build for the platform and arch being packed.
module.exports.default = async function beforePack(context) {
  build({ platform: context.electronPlatformName, arch: ARCH_NAMES[context.arch] || process.arch });
};

if (require.main === module) {
  try {
    build();
  } catch (e) {
    console.error(`Could not build better-sqlite3 for Electron (it needs the network): ${e && e.message ? e.message : e}`);
    process.exit(1);
  }
}
