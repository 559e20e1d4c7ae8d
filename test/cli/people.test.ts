import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HearingDetail } from '../../common/contract/protocol';
import { recordPassedRoomTest } from '../support/room-test';
import { missingTools, tempDir } from '../support/tools';

// People from the command line, as issue "who acts" asks: the first administrator, then only an
// administrator adds; a secretary's entry carries her name into the list and the PDF; a
// technician, a wrong PIN and an input naming its own author are refused and write nothing.

const bin = path.resolve(import.meta.dirname, '../../bin/hattama.js');
const hattama = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [bin, '--lang', 'en', ...args], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, HATTAMA_AS: '', HATTAMA_PIN_FILE: '', ...env } });
const pinFile = (dir: string, name: string, pin: string) => {
  const f = path.join(dir, `${name}.pin`);
  fs.writeFileSync(f, `${pin}\n`, { mode: 0o600 });
  return f;
};

describe('hattama user and --as', () => {
  it('bootstraps an administrator, then adds people only as an administrator; entries carry the signed-in person', () => {
    const data = tempDir('hattama-people-');
    const pins = tempDir('hattama-pins-');
    fs.writeFileSync(path.join(data, 'settings.json'), JSON.stringify({ audio: { device: 'hw:99,0' } }));
    recordPassedRoomTest(data);
    const admin = pinFile(pins, 'admin', '1234');
    const first = hattama(['user', 'add', '--data', data, '--name', 'Әкімші Асқар', '--role', 'administrator,technician', '--pin-file', admin]);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout.trim()).toBe('1');

    const sec = pinFile(pins, 'secretary', '5678');
    const unsigned = hattama(['user', 'add', '--data', data, '--name', 'Нұрланова Әйгерім', '--role', 'secretary', '--pin-file', sec]);
    expect(unsigned.status).toBe(1);
    expect(unsigned.stderr.trim()).toBe('hattama: Sign in first: only a signed-in person can do this');
    const asAdmin = ['--as', 'Әкімші Асқар', '--as-pin-file', admin];
    expect(hattama(['user', 'add', '--data', data, ...asAdmin, '--name', 'Нұрланова Әйгерім', '--role', 'secretary', '--pin-file', sec, '--iin', '900101500129']).stdout.trim()).toBe('2');
    const tech = pinFile(pins, 'tech', '9999');
    expect(hattama(['user', 'add', '--data', data, ...asAdmin, '--name', 'Серіков Марат', '--role', 'technician', '--pin-file', tech]).status).toBe(0);
    const list = JSON.parse(hattama(['user', 'list', '--data', data, '--as', '1', '--pin-file', admin, '--json']).stdout) as Array<{ fullName: string; roles: string[] }>;
    // In the order of the Kazakh alphabet (Ә follows А).
    expect(list.map((p) => `${p.fullName}:${p.roles.join(',')}`)).toEqual(['Әкімші Асқар:administrator,technician', 'Нұрланова Әйгерім:secretary', 'Серіков Марат:technician']);
    // The PIN is nowhere in the database in clear.
    expect(fs.readFileSync(path.join(data, 'hattama.db')).includes(Buffer.from('5678'))).toBe(false);

    const schedule = path.resolve(import.meta.dirname, '../../resources/schedule-example.json');
    const asSecretary = { HATTAMA_AS: 'Нұрланова Әйгерім', HATTAMA_PIN_FILE: sec };
    expect(hattama(['schedule', 'import', '--data', data, schedule], asSecretary).status).toBe(0);
    expect(hattama(['protocol', 'log', '--data', data, '--hearing', '1', '--kind', 'opened'], asSecretary).status).toBe(0);
    const logged = hattama(['protocol', 'log', '--data', data, '--hearing', '1', '--kind', 'note', '--text', 'Куә келді', '--as', 'Нұрланова Әйгерім', '--pin-file', sec]);
    expect(logged.status, logged.stderr).toBe(0);

    const byTech = hattama(['protocol', 'log', '--data', data, '--hearing', '1', '--kind', 'note', '--text', 'техник', '--as', 'Серіков Марат', '--pin-file', tech]);
    expect(byTech.status).toBe(1);
    expect(byTech.stderr).toMatch(/^hattama: Серіков Марат may not do this: it is for court secretary, judge/);
    const wrongPin = hattama(['protocol', 'log', '--data', data, '--hearing', '1', '--kind', 'note', '--text', 'қате', '--as', 'Нұрланова Әйгерім', '--pin-file', admin]);
    expect(wrongPin.status).toBe(1);
    expect(wrongPin.stderr).toMatch(/Wrong PIN \(Нұрланова Әйгерім\)\. Attempts left: 4/);
    const nobody = hattama(['protocol', 'log', '--data', data, '--hearing', '1', '--kind', 'note', '--text', 'ешкім']);
    expect(nobody.status).toBe(1);

    const detail = JSON.parse(hattama(['protocol', 'list', '--data', data, '--hearing', '1', '--json'], asSecretary).stdout) as HearingDetail;
    expect(detail.entries.map((e) => `${e.kind}:${e.author}`)).toEqual(['opened:Нұрланова Әйгерім', 'note:Нұрланова Әйгерім']);
    if (!missingTools('pdftotext')) {
      const out = path.join(tempDir(), 'p.pdf');
      expect(hattama(['protocol', 'export', '--data', data, '--hearing', '1', '--format', 'pdf', '--lang', 'kk', '--out', out], asSecretary).status).toBe(0);
      expect(execFileSync('pdftotext', [out, '-'], { encoding: 'utf8' })).toContain('Нұрланова Әйгерім');
    }
  }, 120_000);
});
