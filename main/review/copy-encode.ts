import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { HattamaError } from '../../common/errors';
import { cutAudio } from './clip-audio';
import type { MediaPart } from './copy-plan';

// The participants' copy as one file any player opens: each part encoded alike (H.264 yuv420p at
// a fixed size and rate, AAC mono 48 kHz) and joined without re-encoding (concat demuxer), moov
// first (faststart). A media part: its audio cut sample-exactly (as clips are, a lost segment's
// frames silence in their place), every microphone summed to one channel; the conference track,
// cut over the very same frames, mixed in at the level it was played, its channels averaged (an
// app's stereo is one voice on both sides: summed it would be twice as loud as a microphone);
// a limiter keeps two loud voices together from clipping. Its picture, each
// segment at its place on the timeline, scaled into the frame, the camera's over the screen's
// over a dark frame (overlay passes the layer below where a segment ends); the case
// number and the time of day burnt in (drawtext, its clock shifted to the court's time zone).
// A notice card: a dark frame with the kk+ru notice and silence.

export const FONT_FILE = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
export const FPS = 25;
export const CARD_MS = 800;
const BG = '0x202020';

const run = promisify(execFile);

export interface EncodeOptions {
  work: string;
  size: { width: number; height: number };
  caseNumber: string;
  timeZone: string;
  /** The card's text, one line per language. */
  notice: string[];
}

export function requireFont(): void {
  if (!fs.existsSync(FONT_FILE)) throw new HattamaError('review.copyNoFont', { path: FONT_FILE });
}

/** The zone's offset from UTC at `atMs`, ms (Intl's "GMT+05:00"). */
export function zoneOffsetMs(timeZone: string, atMs: number): number {
  const name = new Intl.DateTimeFormat('en', { timeZone, timeZoneName: 'longOffset' }).formatToParts(new Date(atMs)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name);
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60) * 1000;
}

/** Text for drawtext's expansion: % and \ taken literally. */
function literal(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/%/g, '%%');
}

function drawtext(textfile: string, size: EncodeOptions['size'], where: 'bottom' | 'center', expansion: boolean): string {
  const fontsize = Math.max(10, Math.round(size.height / 18));
  const pos = where === 'bottom' ? 'x=8:y=h-th-8' : 'x=(w-tw)/2:y=(h-th)/2';
  return `drawtext=fontfile=${FONT_FILE}:textfile='${textfile}':expansion=${expansion ? 'normal' : 'none'}:fontsize=${where === 'center' ? fontsize * 2 : fontsize}:fontcolor=white:box=1:boxcolor=black@0.55:boxborderw=4:line_spacing=6:${pos}`;
}

const VIDEO_OUT = ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '26', '-pix_fmt', 'yuv420p', '-r', String(FPS), '-g', String(FPS * 2)];
const AUDIO_OUT = ['-c:a', 'aac', '-b:a', '96k', '-ar', '48000', '-ac', '1'];

async function ffmpeg(args: string[]): Promise<void> {
  try {
    await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y', ...args], { maxBuffer: 16 << 20 });
  } catch (e) {
    const err = e as Error & { stderr?: string; code?: string };
    if (err.code === 'ENOENT') throw new HattamaError('review.copyFailed', { detail: 'ffmpeg' }, undefined, { cause: e });
    throw new HattamaError('review.copyFailed', { detail: (err.stderr || err.message).trim().split('\n')[0] ?? '' }, undefined, { cause: e });
  }
}

/** One mono channel: the microphones summed, and the conference's channels (after them, amerged) averaged. */
function mixOf(mics: number, conference: number): string {
  const terms = Array.from({ length: mics }, (_, i) => `c${i}`);
  for (let i = 0; i < conference; i++) terms.push(`${1 / conference}*c${mics + i}`);
  return conference ? `[0:a][1:a]amerge=inputs=2,pan=mono|c0=${terms.join('+')}` : `[0:a]pan=mono|c0=${terms.join('+')}`;
}

export async function encodeMedia(part: MediaPart, n: number, o: EncodeOptions): Promise<string> {
  const name = `part-${String(n).padStart(3, '0')}`;
  const cut = (file: string, t: MediaPart['audio'], segments: MediaPart['audioSegments']) =>
    cutAudio({ dir: o.work, sessionDir: part.session.dir, file, track: t.id, sampleRate: t.sampleRate, channels: t.channels, segments, fromFrame: part.fromFrame, toFrame: part.toFrame, fill: true });
  const wav = cut(`${name}.wav`, part.audio, part.audioSegments);
  const conf = part.conference ? cut(`${name}-conference.wav`, part.conference.track, part.conference.segments) : null;
  const dur = wav.frames / part.audio.sampleRate;
  const { width: W, height: H } = o.size;
  const inputs: string[] = ['-i', path.join(o.work, wav.file), ...(conf ? ['-i', path.join(o.work, conf.file)] : [])];
  const graph: string[] = [`color=c=${BG}:s=${W}x${H}:r=${FPS}:d=${dur.toFixed(6)}[bg0]`];
  let last = 'bg0';
  for (const [i, g] of part.video.flatMap((l) => l.segments).entries()) {
    const start = (g.position ?? 0) * 1000;
    const from = Math.max(part.fromMs, start);
    const to = Math.min(part.toMs, start + (g.durationMs ?? 0));
    if (to <= from) continue;
    // Input seek and length: no frame before the piece or after it (a sealed range's) is decoded into it.
    inputs.push('-ss', ((from - start) / 1000).toFixed(6), '-t', ((to - from) / 1000).toFixed(6), '-i', path.join(part.session.dir, g.file));
    const k = inputs.filter((x) => x === '-i').length - 1;
    graph.push(`[${k}:v]scale=${W}:${H}:force_original_aspect_ratio=decrease,pad=${W}:${H}:(ow-iw)/2:(oh-ih)/2:color=${BG},setsar=1,fps=${FPS},setpts=PTS-STARTPTS+${((from - part.fromMs) / 1000).toFixed(6)}/TB[v${i}]`);
    graph.push(`[${last}][v${i}]overlay=eof_action=pass:repeatlast=0[bg${i + 1}]`);
    last = `bg${i + 1}`;
  }
  const caption = path.join(o.work, `${name}.txt`);
  const local = ((part.wallMs + zoneOffsetMs(o.timeZone, part.wallMs)) / 1000).toFixed(3);
  // gmtime of (pts + the piece's local wall clock): the court's time of day, whatever the system's zone.
  fs.writeFileSync(caption, `${literal(o.caseNumber)}   %{pts:gmtime:${local}:%H\\:%M\\:%S}`);
  graph.push(`[${last}]${drawtext(caption, o.size, 'bottom', true)},format=yuv420p[v]`);
  graph.push(`${mixOf(part.audio.channels, conf?.channels ?? 0)},alimiter=limit=0.95:level=false,aresample=48000[a]`);
  const script = path.join(o.work, `${name}.graph`);
  fs.writeFileSync(script, graph.join(';\n'));
  const out = path.join(o.work, `${name}.mp4`);
  await ffmpeg([...inputs, '-filter_complex_script', script, '-map', '[v]', '-map', '[a]', ...VIDEO_OUT, ...AUDIO_OUT, '-t', dur.toFixed(6), out]);
  for (const f of [wav, conf]) if (f) fs.rmSync(path.join(o.work, f.file), { force: true });
  return out;
}

export async function encodeCard(n: number, o: EncodeOptions): Promise<string> {
  const name = `part-${String(n).padStart(3, '0')}`;
  const text = path.join(o.work, `${name}.txt`);
  fs.writeFileSync(text, o.notice.join('\n'));
  const d = (CARD_MS / 1000).toFixed(3);
  const { width: W, height: H } = o.size;
  const out = path.join(o.work, `${name}.mp4`);
  await ffmpeg([
    '-f', 'lavfi', '-i', `color=c=${BG}:s=${W}x${H}:r=${FPS}:d=${d}`,
    '-f', 'lavfi', '-i', `anullsrc=r=48000:cl=mono`,
    '-filter_complex', `[0:v]${drawtext(text, o.size, 'center', false)},format=yuv420p[v]`,
    '-map', '[v]', '-map', '1:a', ...VIDEO_OUT, ...AUDIO_OUT, '-t', d, out,
  ]);
  return out;
}

/** Parts joined as they are (same codecs and parameters), index first for players that stream. */
export async function joinParts(parts: string[], out: string, work: string): Promise<void> {
  const list = path.join(work, 'parts.txt');
  fs.writeFileSync(list, parts.map((p) => `file '${path.basename(p)}'`).join('\n'));
  await ffmpeg(['-f', 'concat', '-safe', '0', '-i', list, '-c', 'copy', '-movflags', '+faststart', '-f', 'mp4', out]);
}
