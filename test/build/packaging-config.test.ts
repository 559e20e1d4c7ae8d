import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Ajv } from 'ajv';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';

// electron-builder cannot run here (it downloads Electron), so its configuration is checked
// against electron-builder's own JSON schema, and the security fuses are pinned.
const root = path.resolve(import.meta.dirname, '../..');
const config = yaml.load(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;

describe('electron-builder.yml', () => {
  it('matches electron-builder’s schema', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(root, 'node_modules/app-builder-lib/scheme.json'), 'utf8'));
    const ajv = new Ajv({ strict: false, allErrors: true });
    const valid = ajv.validate(schema, config);
    expect(ajv.errors ?? [], JSON.stringify(ajv.errors)).toEqual([]);
    expect(valid).toBe(true);
  });

  it('flips the security fuses', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
    });
  });

  it('builds NSIS, AppImage and deb installers', () => {
    expect(JSON.stringify(config.win)).toContain('nsis');
    expect(config.linux).toMatchObject({ target: ['AppImage', 'deb'] });
    expect(fs.existsSync(path.join(root, 'build/icon.png'))).toBe(true);
  });
});

describe('better-sqlite3 for Electron', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };

  it('is built before npm start and before packing, into its own folder, never over node_modules’ Node build', () => {
    expect(pkg.scripts.prestart).toBe('node scripts/build-electron-sqlite.cjs');
    expect(pkg.scripts.postinstall ?? '').not.toMatch(/rebuild|build-electron-sqlite/);
    expect(config.beforePack).toBe('scripts/build-electron-sqlite.cjs');
    expect(config.npmRebuild).toBe(false);
    expect(config.extraResources).toContainEqual({ from: 'build/native/electron', to: 'native/electron' });
    const script = fs.readFileSync(path.join(root, 'scripts/build-electron-sqlite.cjs'), 'utf8');
    expect(script).toContain("path.join(ROOT, 'build', 'native', 'electron')");
    expect(typeof (createRequire(import.meta.url)(path.join(root, 'scripts/build-electron-sqlite.cjs')) as { default: unknown }).default).toBe('function');
  });
});
