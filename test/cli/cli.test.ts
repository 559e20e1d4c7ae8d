import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/tools';

const bin = path.resolve(import.meta.dirname, '../../bin/hattama.js');
const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 60_000 });

describe('hattama command', () => {
  it('--help describes every command', () => {
    const r = run('--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/serve/);
    expect(r.stdout).toMatch(/Usage: hattama/);
  });

  it('COMMAND --help describes its options', () => {
    const r = run('serve', '--help');
    expect(r.status).toBe(0);
    for (const o of ['--data', '--port', '--host']) expect(r.stdout).toContain(o);
  });

  it('bad arguments give one line and exit 2', () => {
    for (const args of [['serve', '--port', 'eighty'], ['serve', '--port', '70000'], ['no-such-command'], ['serve', '--bogus']]) {
      const r = run(...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr).toMatch(/^hattama: /);
    }
  });

  it('an unusable data directory is a translated one-line failure', () => {
    // Tests run as root, which ignores permission bits: a path under a regular file cannot be created by anyone.
    const file = path.join(tempDir(), 'not-a-dir');
    fs.writeFileSync(file, '');
    const r = run('--lang', 'en', 'serve', '--data', path.join(file, 'data'), '--port', '0');
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe(`hattama: Cannot write to the data folder: ${path.join(file, 'data')}`);
    const ru = run('--lang', 'ru', 'serve', '--data', path.join(file, 'data'), '--port', '0');
    expect(ru.stderr).toMatch(/Нет записи в папку данных/);
  });
});
