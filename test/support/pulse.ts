import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from './tools';

// A real 8-channel "courtroom" without sound hardware: a user-mode PulseAudio daemon with a
// null sink `room` whose monitor is remapped to the source `roommic` (see ENVIRONMENT.md).
// Tests play speech or tones into chosen channels of the room and record from the default
// source. The sink is kept busy (pacat </dev/zero) so capture starts without the ~2 s delay
// of an idle null sink.

export const ROOM_CHANNELS = 8;
export const ROOM_RATE = 48000;
export const CHANNEL_MAP = 'front-left,front-right,rear-left,rear-right,front-center,lfe,side-left,side-right';
export const PULSE_TOOLS = ['pulseaudio', 'pactl', 'pacat', 'arecord', 'sox', 'espeak-ng'];

let busy: ChildProcess | null = null;
const players = new Set<ChildProcess>();

function pactlOk(): boolean {
  return spawnSync('pactl', ['info'], { stdio: 'ignore' }).status === 0;
}

function sh(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Starts the daemon with the room if it is not running, keeps the sink busy. Idempotent. */
export async function ensurePulse(): Promise<void> {
  process.env.PULSE_LATENCY_MSEC = '20';
  if (!pactlOk()) {
    spawnSync(
      'pulseaudio',
      [
        '-D',
        '--exit-idle-time=-1',
        '-n',
        '--load=module-native-protocol-unix',
        `--load=module-null-sink sink_name=room rate=${ROOM_RATE} channels=${ROOM_CHANNELS} channel_map=${CHANNEL_MAP}`,
        `--load=module-remap-source master=room.monitor source_name=roommic channels=${ROOM_CHANNELS} channel_map=${CHANNEL_MAP}`,
      ],
      { stdio: 'ignore' },
    );
    const until = Date.now() + 15_000;
    while (!pactlOk()) {
      if (Date.now() > until) throw new Error('PulseAudio did not start');
      await sleep(200);
    }
  }
  const sinks = sh('pactl', ['list', 'short', 'sinks']);
  if (!/\broom\b/.test(sinks)) {
    sh('pactl', ['load-module', 'module-null-sink', 'sink_name=room', `rate=${ROOM_RATE}`, `channels=${ROOM_CHANNELS}`, `channel_map=${CHANNEL_MAP}`]);
  }
  if (!/\broommic\b/.test(sh('pactl', ['list', 'short', 'sources']))) {
    sh('pactl', ['load-module', 'module-remap-source', 'master=room.monitor', 'source_name=roommic', `channels=${ROOM_CHANNELS}`, `channel_map=${CHANNEL_MAP}`]);
  }
  sh('pactl', ['set-default-sink', 'room']);
  sh('pactl', ['set-default-source', 'roommic']);
  if (!busy || busy.exitCode !== null) {
    const zero = fs.openSync('/dev/zero', 'r');
    busy = spawn('pacat', ['--playback', '-d', 'room', '--latency-msec=20', '--raw'], { stdio: [zero, 'ignore', 'ignore'] });
    fs.closeSync(zero);
    process.once('exit', () => busy?.kill());
    // Wait until the sink runs.
    const until = Date.now() + 5000;
    while (!/room\s+\S+\s+\S+\s+\S+\s+RUNNING/.test(sh('pactl', ['list', 'short', 'sinks'])) && Date.now() < until) await sleep(100);
    await sleep(300);
  }
}

/** Ends what this process started (players and the keep-busy stream); the daemon stays. */
export function releasePulse(): void {
  stopPlayers();
  busy?.kill();
  busy = null;
}

export function stopPlayers(): void {
  for (const p of players) p.kill('SIGKILL');
  players.clear();
}

const speechCache = new Map<string, string>();

/** Mono 48 kHz WAV of synthetic speech (espeak-ng), cached per text. */
export function speechWav(text = 'The court is in session. The witness will now answer the questions of the prosecutor.', voice = 'en'): string {
  const key = `${voice}:${text}`;
  const hit = speechCache.get(key);
  if (hit && fs.existsSync(hit)) return hit;
  const dir = tempDir('hattama-speech-');
  const raw = path.join(dir, 'espeak.wav');
  const out = path.join(dir, 'speech48k.wav');
  sh('espeak-ng', ['-v', voice, '-w', raw, text]);
  sh('sox', [raw, '-r', String(ROOM_RATE), '-c', '1', '-b', '16', out, 'gain', '-n', '-3']);
  speechCache.set(key, out);
  return out;
}

/** A mono source repeated/cut to `seconds`, placed on the given 1-based channels of the room. */
export function roomRaw(monoWav: string, channels: number[], seconds?: number): string {
  const dir = tempDir('hattama-room-');
  const out = path.join(dir, 'room.raw');
  const remix = Array.from({ length: ROOM_CHANNELS }, (_, i) => (channels.includes(i + 1) ? '1' : '0'));
  const effects: string[] = [];
  if (seconds !== undefined) {
    const len = Number(sh('soxi', ['-D', monoWav]).trim());
    const times = Math.max(0, Math.ceil(seconds / len) - 1);
    if (times > 0) effects.push('repeat', String(times));
    effects.push('trim', '0', String(seconds));
  }
  sh('sox', [monoWav, '-t', 'raw', '-e', 'signed-integer', '-b', '16', '-r', String(ROOM_RATE), out, 'remix', ...remix, ...effects]);
  return out;
}

/** A sine tone (mono WAV), for sample-exact continuity checks. */
export function toneWav(freq: number, seconds: number, amplitude = 0.5, wave: 'sine' | 'square' = 'sine'): string {
  const dir = tempDir('hattama-tone-');
  const out = path.join(dir, 'tone.wav');
  sh('sox', ['-n', '-r', String(ROOM_RATE), '-c', '1', '-b', '16', out, 'synth', String(seconds), wave, String(freq), 'vol', String(amplitude)]);
  return out;
}

export interface Player {
  proc: ChildProcess;
  done: Promise<void>;
  stop(): void;
}

/** Plays an 8-channel raw file into the room (channel maps match exactly: no remixing). */
export function playRoom(rawFile: string): Player {
  const proc = spawn(
    'pacat',
    ['--playback', '-d', 'room', '--latency-msec=20', '--raw', '--format=s16le', `--rate=${ROOM_RATE}`, `--channels=${ROOM_CHANNELS}`, `--channel-map=${CHANNEL_MAP}`, rawFile],
    { stdio: 'ignore' },
  );
  players.add(proc);
  const done = new Promise<void>((r) => proc.on('close', () => {
    players.delete(proc);
    r();
  }));
  return { proc, done, stop: () => proc.kill('SIGKILL') };
}

/**
 * A sine played into every channel of the room by the sound server itself (module-sine): no
 * client that a busy machine could starve, so it reaches the room unbroken. Unloaded by stop().
 */
export function serverTone(freq: number): { stop(): void } {
  const module = sh('pactl', ['load-module', 'module-sine', 'sink=room', `frequency=${freq}`]).trim();
  return { stop: () => void sh('pactl', ['unload-module', module]) };
}

/** Speech on the given 1-based channels of the room for about `seconds`. */
export function playSpeech(channels: number[], seconds?: number): Player {
  return playRoom(roomRaw(speechWav(), channels, seconds));
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

// ------------------------------------------------------------------ reading recordings

export interface Pcm {
  channels: number;
  sampleRate: number;
  samples: Int16Array;
  frames: number;
}

/** Reads one of our WAV segments (16-bit PCM, plain or extensible header). */
export function readWav(file: string): Pcm {
  const b = fs.readFileSync(file);
  let o = 12;
  let channels = 0;
  let sampleRate = 0;
  while (o + 8 <= b.length) {
    const id = b.toString('ascii', o, o + 4);
    const len = b.readUInt32LE(o + 4);
    if (id === 'fmt ') {
      channels = b.readUInt16LE(o + 10);
      sampleRate = b.readUInt32LE(o + 12);
    } else if (id === 'data') {
      const data = b.subarray(o + 8, o + 8 + len);
      const samples = new Int16Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.length));
      return { channels, sampleRate, samples, frames: samples.length / channels };
    }
    o += 8 + len + (len & 1);
  }
  throw new Error(`no data chunk in ${file}`);
}

export function concatPcm(parts: Pcm[]): Pcm {
  const total = parts.reduce((a, p) => a + p.samples.length, 0);
  const samples = new Int16Array(total);
  let o = 0;
  for (const p of parts) {
    samples.set(p.samples, o);
    o += p.samples.length;
  }
  return { channels: parts[0]!.channels, sampleRate: parts[0]!.sampleRate, samples, frames: total / parts[0]!.channels };
}

/** RMS of one 1-based channel in dBFS (-120 for digital silence). */
export function channelRmsDb(p: Pcm, channel: number): number {
  let sum = 0;
  for (let i = channel - 1; i < p.samples.length; i += p.channels) sum += p.samples[i]! * p.samples[i]!;
  const rms = Math.sqrt(sum / Math.max(1, p.frames));
  return rms <= 0 ? -120 : 20 * Math.log10(rms / 32768);
}
