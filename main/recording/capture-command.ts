// The command line of one capture process: arecord on Linux (-c N keeps N microphones N
// independent channels), sox elsewhere (the device through AUDIODEV). Raw 16-bit little-endian
// PCM, interleaved, on stdout.
//
// `periodMs` asks arecord for periods that short (its default is a quarter of a 500 ms buffer).
// A capture's clock is estimated from when its chunks arrive (clock-estimate.ts); through
// PulseAudio a 125 ms period reaches the station up to one server block after its last frame,
// at a phase that is fixed for the whole run, so two captures could sit a different, constant
// 2–26 ms apart. With 10 ms periods the arrivals sample every phase and the earliest one is the
// true one (docs/recording.md, "In step with the room"). The buffer stays 500 ms, so a busy
// machine that reads late does not overrun it.

export type CaptureTool = 'arecord' | 'sox';

export interface CaptureCommandOptions {
  device: string;
  channels: number;
  sampleRate: number;
  periodMs?: number;
}

export interface CaptureCommand {
  cmd: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
}

const BUFFER_US = 500_000;

export function defaultRecorder(platform = process.platform): CaptureTool {
  return platform === 'linux' ? 'arecord' : 'sox';
}

export function captureCommand(tool: CaptureTool, o: CaptureCommandOptions): CaptureCommand {
  if (tool === 'sox') {
    const args = ['--default-device', '--no-show-progress', '--rate', String(o.sampleRate), '--channels', String(o.channels), '--encoding', 'signed-integer', '--bits', '16', '--type', 'raw', '-'];
    return { cmd: 'sox', args, env: { ...process.env, AUDIODEV: o.device } };
  }
  const period = o.periodMs ? [`--period-time=${Math.round(o.periodMs * 1000)}`, `--buffer-time=${BUFFER_US}`] : [];
  return { cmd: 'arecord', args: ['-D', o.device, '-q', '-r', String(o.sampleRate), '-c', String(o.channels), '-t', 'raw', '-f', 'S16_LE', ...period, '-'] };
}
