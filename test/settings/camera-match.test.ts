import { describe, expect, it } from 'vitest';
import { matchCameras } from '../../common/camera-match';

// A saved camera slot against the cameras a page sees: by id in the same origin, by label in
// another (ids are origin-scoped), identical cameras (one label) taken in order, never twice.

const cam = (deviceId: string, label: string) => ({ deviceId, label });

describe('matching saved cameras to the present ones', () => {
  it('keeps an id the page knows, finds an unknown one by its label, and none when neither is there', () => {
    const present = [cam('new-a', 'USB Camera A'), cam('new-b', 'USB Camera B')];
    expect(matchCameras([{ deviceId: 'new-b', label: 'USB Camera B' }, { deviceId: 'old-a', label: 'USB Camera A' }, { deviceId: 'old-c', label: 'Gone' }], present).map((p) => p?.deviceId ?? null)).toEqual(['new-b', 'new-a', null]);
  });

  it('two identical cameras (one label) go to two slots in order; a camera taken by id is not taken again by label', () => {
    const present = [cam('x1', 'Logitech C920'), cam('x2', 'Logitech C920')];
    expect(matchCameras([{ deviceId: 'o1', label: 'Logitech C920' }, { deviceId: 'o2', label: 'Logitech C920' }], present).map((p) => p?.deviceId)).toEqual(['x1', 'x2']);
    expect(matchCameras([{ deviceId: 'o1', label: 'Logitech C920' }, { deviceId: 'x1', label: 'Logitech C920' }], present).map((p) => p?.deviceId)).toEqual(['x2', 'x1']);
    expect(matchCameras([{ deviceId: 'o1', label: 'Logitech C920' }, { deviceId: 'o2', label: 'Logitech C920' }, { deviceId: 'o3', label: 'Logitech C920' }], present).map((p) => p?.deviceId ?? null)).toEqual(['x1', 'x2', null]);
  });
});
