import { describe, expect, it } from 'vitest';
import { captureCommand, defaultRecorder } from '../../main/recording/capture-command';
import { conferenceCaptureDevice, conferenceConfig, CONFERENCE_PERIOD_MS } from '../../main/recording/conference-track';

// The capture tool's command line: what each platform runs, and the conference's short periods
// (docs/recording.md, "In step with the room"). The tools themselves run in every recording test.
describe('capture command', () => {
  it('opens the device on Linux with arecord, N channels, raw 16-bit, the tool’s own periods unless asked', () => {
    expect(defaultRecorder('linux')).toBe('arecord');
    expect(captureCommand('arecord', { device: 'pulse:room', channels: 8, sampleRate: 48000 })).toEqual({
      cmd: 'arecord',
      args: ['-D', 'pulse:room', '-q', '-r', '48000', '-c', '8', '-t', 'raw', '-f', 'S16_LE', '-'],
    });
    const short = captureCommand('arecord', { device: 'pulse:conf', channels: 2, sampleRate: 48000, periodMs: 10 });
    expect(short.args).toContain('--period-time=10000');
    expect(short.args).toContain('--buffer-time=500000');
    expect(short.args[short.args.length - 1]).toBe('-');
  });

  it('records with sox elsewhere, the device in AUDIODEV', () => {
    expect(defaultRecorder('win32')).toBe('sox');
    expect(defaultRecorder('darwin')).toBe('sox');
    const c = captureCommand('sox', { device: 'BlackHole 2ch', channels: 2, sampleRate: 48000 });
    expect(c.cmd).toBe('sox');
    expect(c.env?.AUDIODEV).toBe('BlackHole 2ch');
    expect(c.args).toEqual(['--default-device', '--no-show-progress', '--rate', '48000', '--channels', '2', '--encoding', 'signed-integer', '--bits', '16', '--type', 'raw', '-']);
  });

  it('gives the conference capture, and only it, the short periods', () => {
    const mic = { device: 'pulse:room', channels: 8, sampleRate: 48000, roles: [], segmentSeconds: 60, conferenceDevice: 'conference.monitor' };
    const conf = conferenceConfig(mic)!;
    expect(conf.periodMs).toBe(CONFERENCE_PERIOD_MS);
    expect(conf.device).toBe(conferenceCaptureDevice('conference.monitor', process.platform));
    expect('periodMs' in mic).toBe(false);
  });
});
