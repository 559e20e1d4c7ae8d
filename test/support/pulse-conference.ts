import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CHANNEL_MAP, ROOM_CHANNELS, ROOM_RATE, sleep, type Player } from './pulse';
import { tempDir } from './tools';

// The video-conference's side of a remote hearing, in the same user-mode PulseAudio as the room
// (ensurePulse first):
// - `conference`: a stereo null sink standing for the output the conference app plays to; its
//   monitor (`conference.monitor`) is what the station records as the conference track.
// - `hub`: one 10-channel null sink whose channels 1–8 are the source `hubroom` (the room's
//   microphones) and 9–10 the source `hubconf` (the conference): one stream played into it
//   reaches the room and the conference at the same sample instant, while the station captures
//   the two as separate streams with separate clocks, as it does in a courtroom.

const AUX = Array.from({ length: 10 }, (_, i) => `aux${i}`).join(',');
const busy: ChildProcess[] = [];

function sh(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function keepBusy(sink: string, channels: number, map?: string): void {
  const zero = fs.openSync('/dev/zero', 'r');
  const args = ['--playback', '-d', sink, '--latency-msec=20', '--raw', '--format=s16le', `--rate=${ROOM_RATE}`, `--channels=${channels}`, ...(map ? [`--channel-map=${map}`] : [])];
  busy.push(spawn('pacat', args, { stdio: [zero, 'ignore', 'ignore'] }));
  fs.closeSync(zero);
}

async function untilRunning(sink: string): Promise<void> {
  const until = Date.now() + 5000;
  while (!new RegExp(`\\b${sink}\\s+\\S+\\s+\\S+\\s+\\S+\\s+RUNNING`).test(sh('pactl', ['list', 'short', 'sinks'])) && Date.now() < until) await sleep(100);
  await sleep(300);
}

export async function ensureConferenceSinks(): Promise<void> {
  const sinks = sh('pactl', ['list', 'short', 'sinks']);
  if (!/\bconference\b/.test(sinks)) sh('pactl', ['load-module', 'module-null-sink', 'sink_name=conference', `rate=${ROOM_RATE}`, 'channels=2']);
  if (!/\bhub\b/.test(sinks)) sh('pactl', ['load-module', 'module-null-sink', 'sink_name=hub', `rate=${ROOM_RATE}`, 'channels=10', `channel_map=${AUX}`]);
  const sources = sh('pactl', ['list', 'short', 'sources']);
  if (!/\bhubroom\b/.test(sources)) {
    sh('pactl', ['load-module', 'module-remap-source', 'master=hub.monitor', 'source_name=hubroom', `channels=${ROOM_CHANNELS}`, `master_channel_map=${AUX.split(',').slice(0, 8).join(',')}`, `channel_map=${CHANNEL_MAP}`, 'remix=no']);
  }
  if (!/\bhubconf\b/.test(sources)) {
    sh('pactl', ['load-module', 'module-remap-source', 'master=hub.monitor', 'source_name=hubconf', 'channels=2', 'master_channel_map=aux8,aux9', 'channel_map=front-left,front-right', 'remix=no']);
  }
  if (!busy.length) {
    keepBusy('conference', 2);
    keepBusy('hub', 10, AUX);
    await untilRunning('conference');
    await untilRunning('hub');
  }
}

export function releaseConferenceSinks(): void {
  for (const p of busy.splice(0)) p.kill();
}

function play(sink: string, rawFile: string, channels: number, map?: string): Player {
  const proc = spawn('pacat', ['--playback', '-d', sink, '--latency-msec=20', '--raw', '--format=s16le', `--rate=${ROOM_RATE}`, `--channels=${channels}`, ...(map ? [`--channel-map=${map}`] : []), rawFile], { stdio: 'ignore' });
  const done = new Promise<void>((r) => proc.on('close', () => r()));
  return { proc, done, stop: () => proc.kill('SIGKILL') };
}

/** A mono WAV as the conference plays it (both channels), cut or repeated to `seconds`. */
export function playConference(monoWav: string, seconds: number): Player {
  const out = path.join(tempDir('hattama-conf-'), 'conf.raw');
  sh('sox', [monoWav, '-t', 'raw', '-e', 'signed-integer', '-b', '16', '-r', String(ROOM_RATE), out, 'remix', '1', '1', 'repeat', String(Math.ceil(seconds)), 'trim', '0', String(seconds)]);
  return play('conference', out, 2);
}

/** Clicks (5 ms bursts) every `everySec` for `seconds`, at the same instants on room channel 1 and on the conference. */
export function playClicks(seconds: number, everySec: number): Player {
  const dir = tempDir('hattama-clicks-');
  const mono = path.join(dir, 'click.wav');
  const out = path.join(dir, 'clicks.raw');
  sh('sox', ['-n', '-r', String(ROOM_RATE), '-c', '1', '-b', '16', mono, 'synth', '0.005', 'square', '1000', 'vol', '0.8', 'pad', '0', String(everySec - 0.005), 'repeat', String(Math.round(seconds / everySec) - 1)]);
  sh('sox', [mono, '-t', 'raw', '-e', 'signed-integer', '-b', '16', out, 'remix', '1', '0', '0', '0', '0', '0', '0', '0', '1', '1']);
  return play('hub', out, 10, AUX);
}

/** Sample indexes where a click begins on one channel (the first loud sample after half a second of quiet). */
export function clickOnsets(samples: Int16Array, channels: number, channel: number): number[] {
  const out: number[] = [];
  let last = -Infinity;
  for (let i = 0; i * channels < samples.length; i++) {
    if (Math.abs(samples[i * channels + channel - 1]!) < 8000) continue;
    if (i - last > ROOM_RATE / 2) out.push(i);
    last = i;
  }
  return out;
}
