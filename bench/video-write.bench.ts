import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openInput, openVideoHarness } from '../test/video/harness';
import { percentile, report } from './report';

// The core's cost of taking video: 4 fake cameras at 720p (VP8 from ffmpeg, about MediaRecorder's
// bitrate, cut into 1 s chunks as MediaRecorder's timeslice does), each chunk arriving as the
// contract carries it (base64) through VideoService.chunk (decode, order check, write, sync once
// a second), against a bare fs loop writing the same bytes to 4 files with the same once-a-second
// fdatasync, in the same run. CPU per second of video (all 4 cameras) and write latency per
// chunk. BENCH_SECONDS sets the seconds of video per camera.

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const CAMERAS = 4;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hattama-bench-video-'));
const src = path.join(tmp, 'cam720.webm');
execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `testsrc2=size=1280x720:rate=30:duration=${seconds}`, '-c:v', 'libvpx', '-b:v', '2500k', '-deadline', 'realtime', '-cpu-used', '8', '-g', '60', src]);
const bytes = fs.readFileSync(src);
// 1 s chunks: byte ranges of equal share (MediaRecorder's chunks are byte ranges of one stream).
const per = Math.ceil(bytes.length / seconds);
const chunks: string[] = [];
for (let o = 0; o < bytes.length; o += per) chunks.push(bytes.subarray(o, o + per).toString('base64'));

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

// The core.
const h = openVideoHarness();
const sid = h.writer.sessionId;
const runs = Array.from({ length: CAMERAS }, (_, i) => h.video.open(openInput(sid, `cam${i + 1}`, { width: 1280, height: 720 })).run);
const lat: number[] = [];
let cpu0 = cpuMs();
for (let s = 0; s < chunks.length; s++) {
  for (let c = 0; c < CAMERAS; c++) {
    const t = performance.now();
    h.video.chunk({ sessionId: sid, track: `cam${c + 1}`, run: runs[c]!, seq: s, data: chunks[s]! });
    lat.push(performance.now() - t);
  }
  // What the service's once-a-second tick does.
  const t = performance.now();
  (h.video as unknown as { tick(): void }).tick();
  lat[lat.length - 1]! += performance.now() - t;
}
const coreCpu = cpuMs() - cpu0;
const closeStart = performance.now();
await Promise.all(runs.map((run, c) => h.video.close({ sessionId: sid, track: `cam${c + 1}`, run, lastSeq: chunks.length - 1 })));
const closeMs = performance.now() - closeStart;
await h.finish();

// The bare loop: same bytes (already decoded), 4 files, fdatasync once a second.
const raw = chunks.map((c) => Buffer.from(c, 'base64'));
const fds = Array.from({ length: CAMERAS }, (_, i) => fs.openSync(path.join(tmp, `bare${i}.webm`), 'w'));
const bareLat: number[] = [];
cpu0 = cpuMs();
for (let s = 0; s < raw.length; s++) {
  for (let c = 0; c < CAMERAS; c++) {
    const t = performance.now();
    fs.writeSync(fds[c]!, raw[s]!);
    bareLat.push(performance.now() - t);
  }
  const t = performance.now();
  for (const fd of fds) fs.fdatasyncSync(fd);
  bareLat[bareLat.length - 1]! += performance.now() - t;
}
const bareCpu = cpuMs() - cpu0;
for (const fd of fds) fs.closeSync(fd);

lat.sort((a, b) => a - b);
bareLat.sort((a, b) => a - b);
const bench = 'video-write';
report(bench, 'core_cpu_per_video_second_4x720p', coreCpu / seconds, 'ms', bareCpu / seconds);
report(bench, 'chunk_write_latency_p50', percentile(lat, 50), 'ms', percentile(bareLat, 50));
report(bench, 'chunk_write_latency_p99', percentile(lat, 99), 'ms', percentile(bareLat, 99));
report(bench, 'bytes_per_video_second_per_camera', bytes.length / seconds, 'B');
report(bench, 'close_remux_hash_4_segments', closeMs, 'ms');
h.video.shutdown();
h.db.close();
fs.rmSync(tmp, { recursive: true, force: true });
