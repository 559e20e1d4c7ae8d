import { beforeAll, describe, expect, it } from 'vitest';
import { listCaptureDevices, parseAlsaCards, parseHwChannels, parsePulseSources } from '../../main/recording/device-list';
import { ensurePulse, PULSE_TOOLS, ROOM_CHANNELS } from '../support/pulse';
import { missingTools } from '../support/tools';

// The technician's device list: parsed from the system's own tools, and against the real
// PulseAudio room of the test suite (no sound hardware here, so no ALSA card is listed).

describe('capture devices: the tools\' output', () => {
  it('reads PulseAudio sources (name, description, channels)', () => {
    const text = `Source #0\n\tState: RUNNING\n\tName: room.monitor\n\tDescription: Monitor of Null Output\n\tSample Specification: s16le 8ch 48000Hz\nSource #1\n\tName: alsa_input.usb-Focusrite-00.multichannel-input\n\tDescription: Scarlett 18i20 Multichannel\n\tSample Specification: s32le 18ch 48000Hz\n`;
    expect(parsePulseSources(text)).toEqual([
      { name: 'room.monitor', description: 'Monitor of Null Output', channels: 8 },
      { name: 'alsa_input.usb-Focusrite-00.multichannel-input', description: 'Scarlett 18i20 Multichannel', channels: 18 },
    ]);
  });

  it('reads ALSA cards and the channel range of --dump-hw-params', () => {
    const l = '**** List of CAPTURE Hardware Devices ****\ncard 1: USB [Scarlett 18i20 USB], device 0: USB Audio [USB Audio]\n  Subdevices: 1/1\ncard 2: PCH [HDA Intel PCH], device 0: ALC892 Analog [ALC892 Analog]\n';
    expect(parseAlsaCards(l)).toEqual([
      { card: 'USB', device: 0, description: 'Scarlett 18i20 USB — USB Audio' },
      { card: 'PCH', device: 0, description: 'HDA Intel PCH — ALC892 Analog' },
    ]);
    expect(parseHwChannels('ACCESS:  MMAP_INTERLEAVED RW_INTERLEAVED\nCHANNELS: [1 18]\nRATE: [44100 192000]\n')).toBe(18);
    expect(parseHwChannels('CHANNELS: 2\n')).toBe(2);
    expect(parseHwChannels('arecord: main:830: audio open error: Device or resource busy')).toBeNull();
  });

  it('says there is no list on a platform without one, and keeps the saved name', async () => {
    const r = await listCaptureDevices('Line In (Realtek)', 'win32');
    expect(r).toMatchObject({ listed: false, devices: [], configured: 'Line In (Realtek)', problems: [{ code: 'recording:devices.unsupported', params: { platform: 'win32' } }] });
  });
});

describe.skipIf(missingTools(...PULSE_TOOLS))('capture devices: the real PulseAudio room', () => {
  beforeAll(ensurePulse);

  it('lists default, the PulseAudio default source and pulse:roommic with 8 channels, never a monitor', async () => {
    const r = await listCaptureDevices('pulse:roommic');
    expect(r.listed).toBe(true);
    expect(r.configuredPresent).toBe(true);
    const names = r.devices.map((d) => d.name);
    expect(names.slice(0, 2)).toEqual(['default', 'pulse']);
    expect(names).toContain('pulse:roommic');
    expect(names.filter((n) => n.endsWith('.monitor'))).toEqual([]);
    expect(r.devices.find((d) => d.name === 'pulse:roommic')).toMatchObject({ channels: ROOM_CHANNELS, system: 'pulse', source: 'roommic' });
    expect(r.devices.find((d) => d.name === 'pulse')).toMatchObject({ isDefault: true, source: 'roommic', channels: ROOM_CHANNELS });
    expect((await listCaptureDevices('hw:9,0')).configuredPresent).toBe(false);
    // The monitors are offered apart, for the conference track: the room's output is one of them.
    expect(r.outputs.find((d) => d.name === 'room.monitor')).toMatchObject({ channels: ROOM_CHANNELS, system: 'pulse', source: 'room.monitor' });
    expect(r.outputs.every((d) => d.name.endsWith('.monitor'))).toBe(true);
  });
});
