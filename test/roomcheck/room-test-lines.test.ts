import { describe, expect, it } from 'vitest';
import type { RoomTest } from '../../common/contract/recording';
import { roomTestLines } from '../../main/cli/commands/check';
import { translator } from '../../main/i18n/translator';

// What `hattama check` prints is read by the technician in the station's language: a
// microphone's role is its name there (a role typed by hand stays as typed), never a code.

const result = (role: string): RoomTest => ({
  id: 'rt',
  at: new Date().toISOString(),
  folder: 'roomtests/rt',
  device: 'pulse',
  sampleRate: 48000,
  seconds: 10,
  microphones: [{ channel: 2, role, verdict: 'silent', rmsDb: -120, peakDb: -120, noiseFloorDb: -120, snrDb: 0, humShare: 0, clippedSamples: 0, duplicateOf: null }] as unknown as RoomTest['microphones'],
  cameras: [],
  camerasChecked: false,
  diskHours: 12,
  syncBacklog: { events: 0, segments: 0, bytes: 0 },
  clockOffsetMs: null,
  ready: false,
  reasons: [],
  notes: [],
});

describe('hattama check in the station language', () => {
  it('names a microphone by its role in kk and ru, and keeps a typed role as typed', () => {
    const kk = roomTestLines(result('prosecutor'), translator('kk')).join('\n');
    const ru = roomTestLines(result('prosecutor'), translator('ru')).join('\n');
    expect(kk).toContain('2-арна (Прокурор)');
    expect(ru).toContain('(Прокурор)');
    expect(kk).not.toContain('prosecutor');
    expect(roomTestLines(result('Куә 2'), translator('kk')).join('\n')).toContain('(Куә 2)');
  });

  it('says what the conference gave and whether a remote participant was expected, in kk and ru; nothing without a conference device', () => {
    const conference = { device: 'conference.monitor', verdict: 'silent' as const, peakDb: -120, rmsDb: -120, expected: true };
    const kk = roomTestLines({ ...result('judge'), conference }, translator('kk')).join('\n');
    expect(kk).toContain('Бейнеконференцбайланыс (conference.monitor): үнсіз — RMS -120 дБFS, шың -120 дБFS; отырысқа қашықтан қатысушы күтілуде');
    const ru = roomTestLines({ ...result('judge'), conference: { ...conference, verdict: 'ok', expected: false } }, translator('ru')).join('\n');
    expect(ru).toContain('Видеоконференцсвязь (conference.monitor): звук есть');
    expect(ru).toContain('дистанционный участник не ожидается');
    expect(roomTestLines(result('judge'), translator('kk')).join('\n')).not.toContain('Бейнеконференцбайланыс');
  });
});
