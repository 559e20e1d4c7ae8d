import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OWN, ROOM } from '../../vitest.config';

// The "room" project runs the files that share the one PulseAudio room one at a time; a file
// that plays into the room from the "core" project would overlap them and hear their sound. The
// "own" project runs beside it the files that start a daemon of their own, and only those.
const root = path.resolve(__dirname, '../..');

function testFiles(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((d) => {
    const rel = `${dir}/${d.name}`;
    if (d.isDirectory()) return testFiles(rel);
    return d.name.endsWith('.test.ts') ? [rel] : [];
  });
}

function inRoom(file: string): boolean {
  return !OWN.includes(file) && ROOM.some((p) => (p.endsWith('/*.test.ts') ? path.dirname(file) === path.dirname(p) : p === file));
}

const uses = (file: string, support: string) => new RegExp(`support/${support}['"]`).test(fs.readFileSync(path.join(root, file), 'utf8'));

describe('test projects', () => {
  it('every test file that uses the PulseAudio room runs in the "room" project', () => {
    const users = testFiles('test').filter((f) => uses(f, 'pulse') && !uses(f, 'pulse-own'));
    expect(users.length).toBeGreaterThan(10);
    expect(users.filter((f) => !inRoom(f))).toEqual([]);
  });

  it('every test file that starts a PulseAudio daemon of its own runs in the "own" project, and nothing else does', () => {
    const owners = testFiles('test').filter((f) => uses(f, 'pulse-own'));
    expect(owners.length).toBeGreaterThan(0);
    expect([...owners].sort()).toEqual([...OWN].sort());
  });

  it('every ROOM entry names files that exist', () => {
    const all = testFiles('test');
    for (const p of [...ROOM, ...OWN]) expect(all.some((f) => (p.endsWith('/*.test.ts') ? path.dirname(f) === path.dirname(p) : f === p)), p).toBe(true);
  });
});
