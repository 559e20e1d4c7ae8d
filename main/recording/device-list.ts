import { execFile } from 'node:child_process';
import type { CaptureDevice, CaptureDevices } from '../../common/contract/recording';

// The capture devices the station actually has, for the technician's picker (recording.devices).
// Each name is what the recorder passes to `arecord -D`, so what is picked is what opens:
//
// - PulseAudio (when `pactl info` answers): every source but the monitors of outputs (they carry
//   what the station plays, not a microphone), as `pulse:<source>` (ALSA's pulse plugin takes the
//   source as its argument), with the channel count of its sample spec; and `pulse`, the server's
//   default source. Pulse never opens the device to list it, so listing during a recording is safe.
// - `default`, ALSA's default device, always (it opens whatever the system routes it to).
// - ALSA hardware (`arecord -l`): `hw:CARD=<id>,DEV=<n>`, the channel count from
//   `arecord --dump-hw-params` (it opens the device; a busy one is listed without a count).
// - Elsewhere (Windows, macOS: the sox recorder) there is no list: the saved name is kept and a
//   problem says so; the form keeps a text field.

const TIMEOUT_MS = 3000;

function run(cmd: string, args: string[], env?: NodeJS.ProcessEnv): Promise<{ ok: boolean; out: string; missing: boolean }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: TIMEOUT_MS, encoding: 'utf8', env: env ?? process.env, maxBuffer: 4 << 20 }, (err, stdout, stderr) => {
      const missing = (err as NodeJS.ErrnoException | null)?.code === 'ENOENT';
      resolve({ ok: !err, out: `${stdout ?? ''}${err ? (stderr ?? '') : ''}`, missing });
    });
  });
}

/** `pactl list sources` (long form): name, description and channels of each source. */
export function parsePulseSources(text: string): Array<{ name: string; description: string; channels: number | null }> {
  const out: Array<{ name: string; description: string; channels: number | null }> = [];
  for (const block of text.split(/^Source #/m).slice(1)) {
    const name = /^\s*Name:\s*(.+)$/m.exec(block)?.[1]?.trim();
    if (!name) continue;
    const description = /^\s*Description:\s*(.+)$/m.exec(block)?.[1]?.trim() ?? name;
    const ch = /^\s*Sample Specification:\s*\S+\s+(\d+)ch\b/m.exec(block)?.[1];
    out.push({ name, description, channels: ch ? Number(ch) : null });
  }
  return out;
}

/** `arecord -l`: "card 1: USB [Focusrite USB], device 0: USB Audio [USB Audio]". */
export function parseAlsaCards(text: string): Array<{ card: string; device: number; description: string }> {
  const out: Array<{ card: string; device: number; description: string }> = [];
  for (const m of text.matchAll(/^card \d+: (\S+) \[([^\]]*)\], device (\d+): [^[]*\[([^\]]*)\]/gm)) {
    out.push({ card: m[1]!, device: Number(m[3]), description: `${m[2]} — ${m[4]}` });
  }
  return out;
}

/** The largest channel count in `--dump-hw-params` ("CHANNELS: 2" or "CHANNELS: [1 18]"). */
export function parseHwChannels(text: string): number | null {
  const m = /^CHANNELS:\s*(?:\[\s*\d+\s+(\d+)\s*\]|(\d+))/m.exec(text);
  const n = Number(m?.[1] ?? m?.[2]);
  return Number.isInteger(n) && n > 0 ? n : null;
}

type Listed = { devices: CaptureDevice[]; outputs?: CaptureDevice[]; problem: CaptureDevices['problems'][number] | null };

async function pulseDevices(): Promise<Listed> {
  const info = await run('pactl', ['info']);
  if (info.missing) return { devices: [], problem: null };
  if (!info.ok) return { devices: [], problem: { code: 'recording:devices.pulseDown', params: {} } };
  const def = /^Default Source:\s*(.+)$/m.exec(info.out)?.[1]?.trim() ?? '';
  // English field names whatever the station's locale.
  const list = await run('pactl', ['list', 'sources'], { ...process.env, LC_ALL: 'C' });
  if (!list.ok) return { devices: [], problem: { code: 'recording:devices.pulseDown', params: {} } };
  const all = parsePulseSources(list.out);
  const sources = all.filter((s) => !s.name.endsWith('.monitor'));
  // The conference track's candidates, by the source's bare name (the conference device opens it through the pulse plugin).
  const outputs: CaptureDevice[] = all.filter((s) => s.name.endsWith('.monitor')).map((s) => ({ name: s.name, description: s.description, channels: s.channels, system: 'pulse', isDefault: false, source: s.name }));
  const devices: CaptureDevice[] = [];
  const dflt = sources.find((s) => s.name === def);
  devices.push({ name: 'pulse', description: dflt?.description ?? def, channels: dflt?.channels ?? null, system: 'pulse', isDefault: true, source: def || null });
  for (const s of sources) devices.push({ name: `pulse:${s.name}`, description: s.description, channels: s.channels, system: 'pulse', isDefault: false, source: s.name });
  return { devices, outputs, problem: null };
}

async function alsaDevices(): Promise<Listed> {
  const l = await run('arecord', ['-l'], { ...process.env, LC_ALL: 'C' });
  if (l.missing) return { devices: [], problem: { code: 'recording:devices.noArecord', params: {} } };
  const devices: CaptureDevice[] = [];
  for (const c of parseAlsaCards(l.out)) {
    const name = `hw:CARD=${c.card},DEV=${c.device}`;
    const hw = await run('arecord', ['-D', name, '--dump-hw-params', '-d', '1', '-t', 'raw', '/dev/null'], { ...process.env, LC_ALL: 'C' });
    devices.push({ name, description: c.description, channels: parseHwChannels(hw.out), system: 'alsa', isDefault: false, source: null });
  }
  return { devices, problem: null };
}

/** Every capture device this station has, with its channel count where it can be known, and what could not be listed. */
export async function listCaptureDevices(configured: string, platform: NodeJS.Platform = process.platform): Promise<CaptureDevices> {
  if (platform !== 'linux') {
    return { devices: [], outputs: [], configured, configuredPresent: false, listed: false, problems: [{ code: 'recording:devices.unsupported', params: { platform } }] };
  }
  const [pulse, alsa] = await Promise.all([pulseDevices(), alsaDevices()]);
  // ALSA's `default` always opens (through PulseAudio where it runs: its default source's channels).
  const viaPulse = pulse.devices.find((d) => d.name === 'pulse');
  const dflt: CaptureDevice = { name: 'default', description: '', channels: viaPulse?.channels ?? null, system: 'alsa', isDefault: true, source: viaPulse?.source ?? null };
  const devices = [dflt, ...pulse.devices, ...alsa.devices];
  const problems = [pulse.problem, alsa.problem].filter((p): p is NonNullable<typeof p> => p !== null);
  if (devices.length === 1 && problems.length === 0) problems.push({ code: 'recording:devices.none', params: {} });
  return { devices, outputs: pulse.outputs ?? [], configured, configuredPresent: devices.some((d) => d.name === configured), listed: true, problems };
}
