import { describe, expect, it } from 'vitest';
import { HattamaError } from '../../common/errors';
import { SettingsSchema } from '../../common/settings';
import { openConfSettings } from '../../main/settings/settings-store';
import { tempDir } from '../support/tools';

// One camera records in one slot, refused by the core's own settings validation (not only the
// picker); a camera keeps its label beside the origin-scoped deviceId.

const cam = (deviceId: string, label = '', role = 'judge') => ({ deviceId, label, role, width: 1280, height: 720 });

describe('settings: cameras', () => {
  it('refuses one camera in two slots, naming the second slot, in the station language', async () => {
    const s = await openConfSettings(tempDir());
    let err: unknown;
    try {
      s.update({ cameras: [cam('abc', 'Cam A'), cam('def', 'Cam B', 'witness'), cam('abc', 'Cam A', 'prosecutor')] });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(HattamaError);
    const fields = (err as HattamaError).fields ?? [];
    expect(fields.map((f) => f.path)).toContain('cameras.2.deviceId');
    expect(fields.find((f) => f.path === 'cameras.2.deviceId')!.message).toMatch(/камера/i);
    expect(s.get().cameras).toEqual([]);
  });

  it('refuses two slots with the same label when neither has an id, keeps distinct cameras and their labels', async () => {
    const s = await openConfSettings(tempDir());
    expect(() => s.update({ cameras: [cam('', 'Cam A'), cam('', 'Cam A', 'witness')] })).toThrow(HattamaError);
    s.update({ cameras: [cam('abc', 'Cam A'), cam('def', 'Cam A (2)', 'witness')] });
    expect(s.get().cameras.map((c) => [c.deviceId, c.label])).toEqual([
      ['abc', 'Cam A'],
      ['def', 'Cam A (2)'],
    ]);
  });

  it('reads a settings file from before labels (no label field) as label ""', () => {
    const parsed = SettingsSchema.parse({ stationId: 'room-101', cameras: [{ deviceId: 'abc', role: 'judge' }] });
    expect(parsed.cameras[0]).toMatchObject({ deviceId: 'abc', label: '' });
  });
});
