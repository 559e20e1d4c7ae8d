import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openConfSettings } from '../../main/settings/settings-store';
import { tempDir } from '../support/tools';

describe('settings store (conf, same schema as electron-store)', () => {
  it('creates defaults with a generated station id on first run', async () => {
    const dir = tempDir();
    const s = await openConfSettings(dir);
    expect(s.get().stationId).toMatch(/^st-[0-9a-f]{12}$/);
    expect(s.get().language).toBe('kk');
    expect(s.problems).toEqual([]);
    const again = await openConfSettings(dir);
    expect(again.get().stationId).toBe(s.get().stationId);
  });

  it('keeps a file that is not JSON aside, reports it, and uses the defaults', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'settings.json'), '{"language": "kk", ');
    const s = await openConfSettings(dir);
    expect(s.problems).toHaveLength(1);
    expect(s.problems[0]!.reason).toMatch(/not JSON/);
    expect(fs.readFileSync(s.problems[0]!.keptAs, 'utf8')).toBe('{"language": "kk", ');
    expect(s.get().language).toBe('kk');
  });

  it('keeps an invalid file aside but keeps the station identity', async () => {
    const dir = tempDir();
    const bad = { stationId: 'room-101', language: 'de', audio: { channels: 99 } };
    fs.writeFileSync(path.join(dir, 'settings.json'), JSON.stringify(bad));
    const s = await openConfSettings(dir);
    expect(s.problems[0]!.reason).toMatch(/language/);
    expect(s.problems[0]!.reason).toMatch(/audio\.channels/);
    expect(JSON.parse(fs.readFileSync(s.problems[0]!.keptAs, 'utf8'))).toEqual(bad);
    expect(s.get().stationId).toBe('room-101');
    expect(s.get().audio.channels).toBe(8);
  });

  it('merges a nested patch without resetting untouched fields, and rejects bad ones whole', async () => {
    const s = await openConfSettings(tempDir());
    s.update({ audio: { device: 'hw:2,0' } });
    s.update({ audio: { channels: 4 } });
    expect(s.get().audio).toMatchObject({ device: 'hw:2,0', channels: 4, sampleRate: 48000 });
    expect(() => s.update({ segmentSeconds: 2, court: 'x' })).toThrow();
    expect(s.get().court).toBe('');
  });
});
