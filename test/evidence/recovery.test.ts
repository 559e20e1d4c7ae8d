import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHAIN_FILE, ChainWriter, readChain, SESSION_FORMAT } from '../../main/evidence/chain';
import { testStationKey } from '../support/key-passphrase';
import { recoverAll } from '../../main/evidence/recovery/recover-all';
import { WavSegmentFile } from '../../main/evidence/wav-segment-file';
import { verifySession } from '../../main/evidence/verify';
import { readWavInfo } from '../../main/evidence/wav';
import { openStationDatabase } from '../../main/core/station-schema';
import { createLogger } from '../../main/log/logger';
import { tempDir } from '../support/tools';

// Recovery from what a power cut leaves behind, built by hand: a part file whose header says
// 0 bytes and whose last frame is torn, and a chain whose last line was cut mid-write.
describe('evidence recovery (files from a power cut)', () => {
  it('repairs the WAV header from the data on disk, cuts a torn chain line, and signs the result', async () => {
    const data = tempDir();
    const id = '20250101T090000Z-abcdef';
    const dir = path.join(data, 'recordings', id);
    fs.mkdirSync(dir, { recursive: true });
    const chain = ChainWriter.create(path.join(dir, CHAIN_FILE));
    chain.append({ type: 'session', session: { format: SESSION_FORMAT, sessionId: id, stationId: 'st-test', court: '', courtroom: '', caseRef: null, hearingId: null, createdAt: '2025-01-01T09:00:00.000Z' } });
    chain.append({ type: 'track', track: { id: 'audio', kind: 'audio', format: 'wav', sampleRate: 48000, channels: 3, roles: [], device: 'x' } });
    chain.append({ type: 'open', track: 'audio', index: 1, file: 'audio-000001.wav', startedAt: '2025-01-01T09:00:00.000Z', startFrame: 0 });
    chain.close();
    fs.appendFileSync(path.join(dir, CHAIN_FILE), '{"type":"mark","mark":{"ty'); // torn append
    const seg = new WavSegmentFile(dir, 'audio-000001.wav', { channels: 3, sampleRate: 48000 });
    seg.write(Buffer.alloc(48000 * 3 * 2, 1)); // one second
    seg.abandon(); // never synced: the header still says 0 bytes
    fs.appendFileSync(seg.partPath, Buffer.alloc(5, 2)); // a torn frame

    const db = openStationDatabase(data);
    const { log } = createLogger(data, { sync: true });
    const r = await recoverAll({ dataDir: data, db, log, key: () => testStationKey(data) });
    db.close();
    expect(r.problems).toEqual([]);
    expect(r.recovered[0]).toMatchObject({ sessionId: id, repaired: ['audio-000001.wav'] });
    const info = readWavInfo(path.join(dir, 'audio-000001.wav'));
    expect(info.declaredDataBytes).toBe(48000 * 3 * 2);
    expect(fs.statSync(path.join(dir, 'audio-000001.wav')).size).toBe(info.dataOffset + 48000 * 3 * 2);
    expect(readChain(path.join(dir, CHAIN_FILE)).problems).toEqual([]);
    const v = verifySession(dir);
    expect(v.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(v.intact).toBe(true);
    const m = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { segments: Array<{ frames: number; recovered: boolean }>; timeline: Array<{ type: string; lastAudioAt: string }> };
    expect(m.segments[0]).toMatchObject({ frames: 48000, recovered: true });
    expect(m.timeline.at(-1)).toMatchObject({ type: 'recovered', lastAudioAt: '2025-01-01T09:00:01.000Z' });
  });

  it('leaves a chain that was tampered with (not just torn) untouched and reports it', async () => {
    const data = tempDir();
    const id = '20250101T090000Z-000001';
    const dir = path.join(data, 'recordings', id);
    fs.mkdirSync(dir, { recursive: true });
    const chain = ChainWriter.create(path.join(dir, CHAIN_FILE));
    chain.append({ type: 'session', session: { format: SESSION_FORMAT, sessionId: id, stationId: 'st-test', court: '', courtroom: '', caseRef: null, hearingId: null, createdAt: '2025-01-01T09:00:00.000Z' } });
    chain.append({ type: 'mark', mark: { type: 'start', at: '2025-01-01T09:00:00.000Z', position: 0 } });
    chain.close();
    const f = path.join(dir, CHAIN_FILE);
    fs.writeFileSync(f, fs.readFileSync(f, 'utf8').replace('"position":0', '"position":5'));
    const db = openStationDatabase(data);
    const { log } = createLogger(data, { sync: true });
    const r = await recoverAll({ dataDir: data, db, log, key: () => testStationKey(data) });
    db.close();
    expect(r.recovered).toEqual([]);
    expect(r.problems[0]!.detail).toMatch(/chain is damaged/);
    expect(fs.existsSync(path.join(dir, 'manifest.json'))).toBe(false);
  });
});
