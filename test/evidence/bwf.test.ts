import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AudioTrackWriter } from '../../main/evidence/audio-track-writer';
import { ascii, courtLocalTime, parseBext, type BwfMeta } from '../../main/evidence/bwf';
import type { TrackInfo } from '../../main/evidence/chain';
import { SessionCatalog } from '../../main/evidence/session-catalog';
import { SessionHost } from '../../main/evidence/session-host';
import { verifySession } from '../../main/evidence/verify';
import { bwfHeader, readWavChunk, readWavInfo, repairWav, wavHeader } from '../../main/evidence/wav';
import { WavSegmentFile } from '../../main/evidence/wav-segment-file';
import { openStationDatabase } from '../../main/core/station-schema';
import { createLogger } from '../../main/log/logger';
import { testStationKey } from '../support/key-passphrase';
import { missingTools, tempDir } from '../support/tools';

// Broadcast Wave segments (EBU Tech 3285 bext, iXML, RF64 per Tech 3306), read back by the
// tools an archive would use: ffprobe, ffmpeg and sox.

const skip = missingTools('ffprobe', 'ffmpeg', 'sox');
const RATE = 48000;

const META: BwfMeta = {
  sessionId: '20261201T063015Z-a1b2c3',
  stationId: 'st-almaty-3',
  court: 'Алматы қаласының Медеу аудандық соты',
  courtroom: '№3 зал',
  caseRef: '2-44/2026',
  hearingId: '17',
  file: 'audio-000001.wav',
  index: 1,
  startedAt: '2026-12-01T06:30:15.250Z',
  sampleRate: RATE,
  channels: 3,
  roles: [
    { channel: 1, role: 'судья' },
    { channel: 2, role: 'prosecutor' },
    { channel: 3, role: 'қорғаушы <defence>' },
  ],
};

/** ffprobe's format tags (ffmpeg maps bext: description→comment, originator→encoded_by, origination_date→date, origination_time→creation_time). */
function probeFormat(file: string): { tags: Record<string, string>; duration: number; formatName: string } {
  const out = JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-show_format', '-of', 'json', file], { encoding: 'utf8' })) as { format: { tags?: Record<string, string>; duration: string; format_name: string } };
  return { tags: out.format.tags ?? {}, duration: Number(out.format.duration), formatName: out.format.format_name };
}

/** The samples as ffmpeg decodes them. */
function ffmpegPcm(file: string): Buffer {
  return execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-f', 's16le', '-c:a', 'pcm_s16le', '-'], { maxBuffer: 1 << 28 });
}

/** sox's view: channels, rate and samples read. */
function soxInfo(file: string): { channels: number; rate: number; samples: number } {
  const i = execFileSync('sox', ['--i', file], { encoding: 'utf8' });
  const stat = spawnSync('sox', [file, '-n', 'stat'], { encoding: 'utf8' }); // sox prints its stat on stderr
  return { channels: Number(/Channels\s*:\s*(\d+)/.exec(i)![1]), rate: Number(/Sample Rate\s*:\s*(\d+)/.exec(i)![1]), samples: Number(/Samples read:\s*(\d+)/.exec(stat.stderr)![1]) };
}

/** The iXML's tracks: [channel index, interleave index, name]. */
function ixmlTracks(file: string): Array<[number, number, string]> {
  const x = readWavChunk(file, 'iXML')!.toString('utf8');
  return [...x.matchAll(/<TRACK><CHANNEL_INDEX>(\d+)<\/CHANNEL_INDEX><INTERLEAVE_INDEX>(\d+)<\/INTERLEAVE_INDEX><NAME>([^<]*)<\/NAME>/g)].map((m) => [Number(m[1]), Number(m[2]), m[3]!]);
}

function tone(frames: number, channels: number, seed = 1): Buffer {
  const b = Buffer.alloc(frames * channels * 2);
  for (let i = 0; i < frames * channels; i++) b.writeInt16LE(Math.round(9000 * Math.sin((i * seed) / 37)), i * 2);
  return b;
}

describe.skipIf(skip)('Broadcast Wave segments', () => {
  it('carries bext (case in the description, Hattama, reference, local date and time, samples since midnight) and iXML roles', () => {
    const dir = tempDir();
    const seg = new WavSegmentFile(dir, META.file, { channels: 3, sampleRate: RATE }, { meta: META });
    const pcm = tone(RATE, 3);
    seg.write(pcm);
    seg.finish();
    const file = path.join(dir, META.file);
    const { tags, duration, formatName } = probeFormat(file);
    expect(formatName).toBe('wav');
    expect(duration).toBeCloseTo(1, 6);
    expect(tags.comment).toContain('case 2-44/2026');
    expect(tags.comment).toContain('court Almaty qalasynyn Medeu audandyq soty');
    expect(tags.comment).toContain('session 20261201T063015Z-a1b2c3; segment 1');
    expect(tags.encoded_by).toBe('Hattama');
    expect(tags.originator_reference).toBe('20261201T063015Z-a1b2c3-000001');
    // 06:30:15.250 UTC is 11:30:15.250 in Almaty (UTC+5).
    expect(tags.date).toBe('2026-12-01');
    expect(tags.creation_time).toBe('11:30:15');
    expect(tags.time_reference).toBe(String((11 * 3600 + 30 * 60 + 15.25) * RATE));
    const bext = parseBext(readWavChunk(file, 'bext')!);
    expect(bext.version).toBe(1);
    expect(Buffer.byteLength(bext.description)).toBeLessThanOrEqual(256);
    // The iXML is UTF-8: the court's own spelling, and each channel's role.
    expect(ixmlTracks(file)).toEqual([[1, 1, 'судья'], [2, 2, 'prosecutor'], [3, 3, 'қорғаушы &lt;defence&gt;']]);
    const ixml = readWavChunk(file, 'iXML')!.toString('utf8');
    expect(ixml).toContain('<PROJECT>2-44/2026</PROJECT>');
    expect(ixml).toContain('court=Алматы қаласының Медеу аудандық соты');
    expect(ixml).toContain(`<TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_LO>${(11 * 3600 + 30 * 60 + 15.25) * RATE}</TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_LO>`);
    // The samples start on a 4 KiB boundary, and every tool reads them back unchanged.
    const info = readWavInfo(file);
    expect(info.dataOffset % 4096).toBe(0);
    expect(info.chunks.map((c) => c.id)).toEqual(['JUNK', 'fmt ', 'bext', 'iXML', 'JUNK', 'data']);
    expect(ffmpegPcm(file).equals(pcm)).toBe(true);
    expect(soxInfo(file)).toEqual({ channels: 3, rate: RATE, samples: RATE * 3 });
  });

  it('becomes RF64 in place when it outgrows the RIFF limit (forced low), and ffprobe, ffmpeg and sox read it', () => {
    const dir = tempDir();
    const limit = 200_000;
    const seg = new WavSegmentFile(dir, META.file, { channels: 3, sampleRate: RATE }, { meta: META, riffLimit: limit });
    const a = tone(RATE / 4, 3, 1); // 72 000 bytes: below the limit
    const b = tone(RATE, 3, 2); // 288 000 more: above it
    seg.write(a);
    seg.sync();
    expect(fs.readFileSync(seg.partPath).toString('ascii', 0, 4)).toBe('RIFF');
    expect(readWavInfo(seg.partPath).chunks[0]).toMatchObject({ id: 'JUNK', offset: 12, size: 28 });
    seg.write(b);
    seg.sync();
    const part = fs.readFileSync(seg.partPath);
    expect(part.toString('ascii', 0, 4)).toBe('RF64');
    expect(part.toString('ascii', 12, 16)).toBe('ds64');
    seg.finish();
    const file = path.join(dir, META.file);
    const info = readWavInfo(file);
    expect(info.rf64).toBe(true);
    expect(info.declaredDataBytes).toBe(a.length + b.length);
    expect(info.declaredRiffBytes).toBe(fs.statSync(file).size - 8);
    const raw = fs.readFileSync(file);
    expect(raw.readUInt32LE(4)).toBe(0xffff_ffff);
    expect(raw.readUInt32LE(info.dataOffset - 4)).toBe(0xffff_ffff);
    expect(Number(raw.readBigUInt64LE(12 + 8 + 16))).toBe((a.length + b.length) / 6); // ds64 sample count
    const { tags, duration } = probeFormat(file);
    expect(duration).toBeCloseTo(1.25, 6);
    expect(tags.time_reference).toBe(String((11 * 3600 + 30 * 60 + 15.25) * RATE));
    expect(ffmpegPcm(file).equals(Buffer.concat([a, b]))).toBe(true);
    expect(soxInfo(file)).toEqual({ channels: 3, rate: RATE, samples: (RATE / 4 + RATE) * 3 });
    expect(ixmlTracks(file).map((t) => t[2])).toEqual(['судья', 'prosecutor', 'қорғаушы &lt;defence&gt;']);
  });

  it('crash repair keeps bext and iXML, cuts a torn frame, and goes RF64 when the samples need it', () => {
    const dir = tempDir();
    const seg = new WavSegmentFile(dir, META.file, { channels: 3, sampleRate: RATE }, { meta: META, riffLimit: 200_000 });
    const pcm = tone(RATE, 3);
    seg.write(pcm);
    seg.abandon(); // never synced: the header still says 0 samples and RIFF
    fs.appendFileSync(seg.partPath, Buffer.alloc(5, 7)); // a torn frame
    const headBefore = fs.readFileSync(seg.partPath).subarray(0, 4096);
    expect(headBefore.toString('ascii', 0, 4)).toBe('RIFF');
    const fix = repairWav(seg.partPath, { riffLimit: 200_000 });
    expect(fix).toEqual({ frames: RATE, truncatedBytes: 5, rewroteHeader: true });
    const after = fs.readFileSync(seg.partPath);
    expect(after.toString('ascii', 0, 4)).toBe('RF64');
    const info = readWavInfo(seg.partPath);
    expect(info.declaredDataBytes).toBe(pcm.length);
    // Every chunk but the sizes is byte for byte what the recorder wrote.
    for (const c of info.chunks.filter((x) => x.id === 'bext' || x.id === 'iXML' || x.id === 'fmt ')) {
      expect(after.subarray(c.offset, c.offset + 8 + c.size).equals(headBefore.subarray(c.offset, c.offset + 8 + c.size))).toBe(true);
    }
    expect(probeFormat(seg.partPath).tags.originator_reference).toBe('20261201T063015Z-a1b2c3-000001');
    expect(ffmpegPcm(seg.partPath).equals(pcm)).toBe(true);
    // Repair twice changes nothing.
    expect(repairWav(seg.partPath, { riffLimit: 200_000 }).rewroteHeader).toBe(false);
  });

  it('rebuilds a header torn before it reached the disk from the same metadata, and the samples stay in place', () => {
    const dir = tempDir();
    const seg = new WavSegmentFile(dir, META.file, { channels: 3, sampleRate: RATE }, { meta: META });
    const pcm = tone(RATE / 2, 3);
    seg.write(pcm);
    seg.sync();
    seg.abandon();
    const good = fs.readFileSync(seg.partPath);
    const fd = fs.openSync(seg.partPath, 'r+');
    fs.writeSync(fd, Buffer.alloc(4096), 0, 4096, 0); // the header's page never reached the disk
    fs.closeSync(fd);
    expect(() => repairWav(seg.partPath)).toThrow(/not a RIFF\/WAVE/);
    repairWav(seg.partPath, { rebuild: () => bwfHeader(META) });
    expect(fs.readFileSync(seg.partPath).equals(good)).toBe(true);
  });

  it('still reads and repairs the plain WAV of wave-1 segments (44 and 68-byte headers)', () => {
    const dir = tempDir();
    for (const channels of [1, 2, 3, 8]) {
      const file = path.join(dir, `plain-${channels}.wav`);
      const pcm = tone(1000, channels);
      fs.writeFileSync(file, Buffer.concat([wavHeader({ channels, sampleRate: RATE }, 0), pcm, Buffer.alloc(1)]));
      const fix = repairWav(file);
      expect(fix).toEqual({ frames: 1000, truncatedBytes: 1, rewroteHeader: true });
      const info = readWavInfo(file);
      expect(info.dataOffset).toBe(channels > 2 ? 68 : 44);
      expect(info.ds64At).toBeNull();
      expect(fs.readFileSync(file).equals(Buffer.concat([wavHeader({ channels, sampleRate: RATE }, pcm.length), pcm]))).toBe(true);
      expect(readWavChunk(file, 'bext')).toBeNull();
    }
  });

  it('keeps the description ASCII within 256 bytes with the case first, whatever the court is called', () => {
    expect(ascii('Қазақстан Республикасы, Жоғарғы Сот — №1')).toBe('Qazaqstan Respublikasy, Zhogargy Sot ? No1');
    const long = { ...META, court: 'Ө'.repeat(400), courtroom: 'Ү'.repeat(300) };
    const dir = tempDir();
    const seg = new WavSegmentFile(dir, META.file, { channels: 3, sampleRate: RATE }, { meta: long });
    seg.write(tone(10, 3));
    seg.finish();
    const d = parseBext(readWavChunk(path.join(dir, META.file), 'bext')!).description;
    expect(d.length).toBe(256);
    expect(/^[\x20-\x7e]+$/.test(d)).toBe(true);
    expect(d.startsWith('case 2-44/2026; court OOO')).toBe(true);
    expect(d.endsWith('; session 20261201T063015Z-a1b2c3; segment 1 (audio-000001.wav)')).toBe(true);
    // Local midnight is the court's: just after 00:00 in Almaty is still the day before in UTC.
    expect(courtLocalTime(Date.parse('2026-03-14T19:00:00.500Z'), 'Asia/Almaty')).toEqual({ date: '2026-03-15', time: '00:00:00', msOfDay: 500 });
  });

  it('a session written through the audio track writer: every segment is BWF with its own reference, and verify passes', async () => {
    const started = Date.parse('2026-12-01T18:59:59.500Z'); // 23:59:59.5 in Almaty: the second segment starts on the next day
    const w = openWriter('20261201T185959Z-0badc0', started);
    w.audio.write(tone(RATE * 2 + 100, 2), started);
    const dir = await w.seal(started + 2100);
    const v = verifySession(dir);
    expect(v.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(v.intact).toBe(true);
    const files = ['audio-000001.wav', 'audio-000002.wav', 'audio-000003.wav'].map((f) => path.join(dir, f));
    const tags = files.map((f) => probeFormat(f).tags);
    expect(tags.map((t) => t.originator_reference)).toEqual(['20261201T185959Z-0badc0-000001', '20261201T185959Z-0badc0-000002', '20261201T185959Z-0badc0-000003']);
    expect(tags.map((t) => [t.date, t.creation_time, t.time_reference])).toEqual([
      ['2026-12-01', '23:59:59', String(86399.5 * RATE)],
      ['2026-12-02', '00:00:00', String(0.5 * RATE)],
      ['2026-12-02', '00:00:01', String(1.5 * RATE)],
    ]);
    for (const t of tags) expect(t.comment).toMatch(/^case 2-44\/2026; court Medeu soty; room 3; session 20261201T185959Z-0badc0; segment \d/);
    expect(ixmlTracks(files[0]!)).toEqual([[1, 1, 'judge'], [2, 2, 'witness']]);
  });

  it('TimeReference runs on sample-exactly from segment to segment of one capture run, and restarts from the clock after a gap', async () => {
    const started = Date.parse('2026-12-01T08:00:00.000Z') + 0.3; // 13:00:00.0003 in Almaty, on the capture clock
    const w = openWriter('20261201T080000Z-c0ffee', started);
    w.audio.write(tone(RATE * 2, 2), started);
    w.audio.closeSegment();
    w.audio.write(tone(RATE / 2, 2), started + 5000.7); // the capture came back 3 s later
    const dir = await w.seal(started + 5600);
    const refs = ['audio-000001.wav', 'audio-000002.wav', 'audio-000003.wav'].map((f) => Number(probeFormat(path.join(dir, f)).tags.time_reference));
    const first = Math.round(13 * 3600 * RATE + 0.3 * (RATE / 1000));
    expect(refs).toEqual([first, first + RATE, 13 * 3600 * RATE + 5001 * (RATE / 1000)]);
  });
});

/** A real session on a fresh data directory with a 2-channel audio track of 1-second segments. */
function openWriter(sessionId: string, started: number): { audio: AudioTrackWriter; seal(at: number): Promise<string> } {
  const data = tempDir();
  const { log } = createLogger(data, { sync: true });
  const db = openStationDatabase(data);
  fs.mkdirSync(path.join(data, 'recordings'), { recursive: true });
  const host = new SessionHost({ dataDir: data, catalog: new SessionCatalog(db), log, stationKey: () => testStationKey(data) });
  const track: TrackInfo = { id: 'audio', kind: 'audio', format: 'wav', sampleRate: RATE, channels: 2, roles: [{ channel: 1, role: 'judge' }, { channel: 2, role: 'witness' }] };
  const fail = (e: unknown) => {
    throw e;
  };
  const session = host.open(sessionId, { stationId: 'st-1', court: 'Медеу соты', courtroom: '3', caseRef: '2-44/2026', hearingId: null, createdAt: new Date(started).toISOString(), tracks: [track], onError: fail });
  const audio = new AudioTrackWriter(session, track, RATE, { onSegmentChained: () => undefined, onError: fail });
  session.mark({ type: 'start', at: new Date(started).toISOString(), position: 0 });
  return {
    audio,
    async seal(at) {
      audio.closeSegment();
      await session.seal('complete', { type: 'stop', at: new Date(at).toISOString(), position: audio.positionSec });
      host.release(session);
      db.close();
      return session.dir;
    },
  };
}
