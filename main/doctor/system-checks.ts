import { spawnSync } from 'node:child_process';
import { bytesPerHour, type Settings } from '../../common/settings';
import { HattamaError } from '../../common/errors';
import { freeHours } from '../fs/free-space';
import { micCheck } from '../recording/mic-check';
import { ROOM_TEST } from '../roomcheck/thresholds';
import { check, type DoctorCheck } from './doctor-check';

// The machine under the station: the capture tools and ffmpeg with their versions, the audio
// device opened with the configured channels (one second through the recorder's own capture),
// and free disk in hours of recording at the configured channels.

const VERSION_ARGS: Record<string, string[]> = { arecord: ['--version'], sox: ['--version'], ffmpeg: ['-version'], ffprobe: ['-version'] };

export function toolVersion(name: string): string | null {
  const r = spawnSync(name, VERSION_ARGS[name] ?? ['--version'], { encoding: 'utf8', timeout: 5000 });
  if (r.error || r.status !== 0) return null;
  return `${r.stdout}${r.stderr}`.split('\n').find((l) => l.trim())?.trim() ?? name;
}

/** Linux captures with arecord; Windows and macOS with sox. ffmpeg remuxes and checks video. */
export function toolChecks(platform = process.platform): DoctorCheck[] {
  const capture = platform === 'linux' ? 'arecord' : 'sox';
  const tools: Array<[string, boolean]> = [[capture, true], ['ffmpeg', true], ['ffprobe', false]];
  return tools.map(([name, required]) => {
    const v = toolVersion(name);
    return v ? check(`tool.${name}`, 'ok', 'toolVersion', { version: v }, 'tool', { name }) : check(`tool.${name}`, required ? 'fail' : 'warn', 'toolMissing', {}, 'tool', { name });
  });
}

export async function audioDeviceCheck(s: Settings, coreRunning: boolean): Promise<DoctorCheck> {
  const p = { device: s.audio.device, channels: s.audio.channels, rate: s.audio.sampleRate };
  try {
    const r = await micCheck({ device: s.audio.device, channels: s.audio.channels, sampleRate: s.audio.sampleRate, roles: s.audio.roles }, 1, () => undefined);
    if (r.seconds < 0.9) return check('audioDevice', 'fail', 'deviceFailed', { ...p, detail: `${r.seconds.toFixed(2)} s of audio` });
    return check('audioDevice', 'ok', 'deviceOpened', p);
  } catch (e) {
    const detail = e instanceof HattamaError ? e.code : (e as Error).message;
    // A running core may be recording on a device only one process can open.
    return check('audioDevice', coreRunning ? 'warn' : 'fail', coreRunning ? 'deviceBusyCore' : 'deviceFailed', { ...p, detail });
  }
}

export function diskCheck(dataDir: string, s: Settings): DoctorCheck {
  const hours = freeHours(dataDir, bytesPerHour(s.audio));
  if (hours === null) return check('disk', 'fail', 'diskUnknown');
  const h = Math.round(hours * 10) / 10;
  return check('disk', h >= ROOM_TEST.minDiskHours ? 'ok' : h >= 2 ? 'warn' : 'fail', 'diskHours', { hours: h });
}
