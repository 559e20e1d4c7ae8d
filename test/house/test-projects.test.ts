import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOM } from '../../vitest.config';

// The "room" project runs the files that share the one PulseAudio room one at a time; a file
// that plays into the room from the "core" project would overlap them and hear their sound.
const root = path.resolve(__dirname, '../..');

function testFiles(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((d) => {
    const rel = `${dir}/${d.name}`;
    if (d.isDirectory()) return testFiles(rel);
    return d.name.endsWith('.test.ts') ? [rel] : [];
  });
}

function inRoom(file: string): boolean {
  return ROOM.some((p) => (p.endsWith('/*.test.ts') ? path.dirname(file) === path.dirname(p) : p === file));
}

describe('test projects', () => {
  it('every test file that uses the PulseAudio room runs in the "room" project', () => {
    const users = testFiles('test').filter((f) => /support\/pulse['"]/.test(fs.readFileSync(path.join(root, f), 'utf8')));
    expect(users.length).toBeGreaterThan(10);
    expect(users.filter((f) => !inRoom(f))).toEqual([]);
  });

  it('every ROOM entry names files that exist', () => {
    const all = testFiles('test');
    for (const p of ROOM) expect(all.some((f) => (p.endsWith('/*.test.ts') ? path.dirname(f) === path.dirname(p) : f === p)), p).toBe(true);
  });
});
