import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readWavChunk, readWavInfo } from '../../main/evidence/wav';
import { openConfSettings } from '../../main/settings/settings-store';
import { ensurePulse, PULSE_TOOLS, releasePulse, sleep } from '../support/pulse';
import { collect, runCli, spawnCli } from '../support/recording';
import { missingTools, tempDir } from '../support/tools';

// Real audio from the PulseAudio room into Broadcast Wave segments: what ffprobe shows of a
// segment `hattama record` closed, and of one `hattama recover` closed after a kill -9.

const skip = missingTools(...PULSE_TOOLS, 'ffprobe');
const ROLES = ['судья', 'хатшы', 'prosecutor', 'defence', 'plaintiff', 'defendant', 'witness', 'interpreter'];
const CASE = '2-44/2026';

/** ffprobe's format tags (ffmpeg maps bext: description→comment, originator→encoded_by, origination_date→date, origination_time→creation_time). */
function probeTags(file: string): Record<string, string> {
  const out = JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-show_format', '-of', 'json', file], { encoding: 'utf8' })) as { format: { tags?: Record<string, string> } };
  return out.format.tags ?? {};
}

function roleNames(file: string): string[] {
  const x = readWavChunk(file, 'iXML')!.toString('utf8');
  return [...x.matchAll(/<INTERLEAVE_INDEX>(\d+)<\/INTERLEAVE_INDEX><NAME>([^<]*)<\/NAME>/g)].map((m) => `${m[1]}:${m[2]}`);
}

async function station(): Promise<string> {
  const data = tempDir();
  const settings = await openConfSettings(data);
  settings.update({ court: 'Алматы қаласының Медеу аудандық соты', courtroom: '№3 зал', audio: { roles: ROLES } });
  return data;
}

/** What the bext of a segment must say, whatever closed it. */
function expectBwf(file: string, sessionId: string, index: number, startedAt: string): void {
  const tags = probeTags(file);
  expect(tags.comment).toContain(`case ${CASE}; court Almaty qalasynyn Medeu audandyq soty; room No3 zal; session ${sessionId}; segment ${index}`);
  expect(tags.encoded_by).toBe('Hattama');
  expect(tags.originator_reference).toBe(`${sessionId}-${String(index).padStart(6, '0')}`);
  // The first sample's time in Almaty (UTC+5), and the samples since that day's midnight.
  const local = new Date(Date.parse(startedAt) + 5 * 3600_000).toISOString();
  expect(tags.date).toBe(local.slice(0, 10));
  expect(tags.creation_time).toBe(local.slice(11, 19));
  const sinceMidnight = (Date.parse(startedAt) + 5 * 3600_000) % 86_400_000;
  // startedAt has whole milliseconds; the capture clock that TimeReference comes from has the fraction.
  expect(Math.abs(Number(tags.time_reference) - (sinceMidnight * 48000) / 1000)).toBeLessThanOrEqual(48);
  expect(roleNames(file)).toEqual(ROLES.map((r, i) => `${i + 1}:${r}`));
}

type Segment = { file: string; index: number; startedAt: string };

describe.skipIf(skip)('Broadcast Wave from real recordings', () => {
  beforeAll(ensurePulse);
  afterAll(releasePulse);

  it('`hattama record` writes segments whose bext ffprobe shows and whose iXML names each role; verify passes', async () => {
    const data = await station();
    const r = await runCli(['record', '--data', data, '--seconds', '2', '--channels', '8', '--case', CASE, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout) as { sessionId: string; folder: string };
    const folder = path.isAbsolute(summary.folder) ? summary.folder : path.join(data, summary.folder);
    const m = JSON.parse(fs.readFileSync(path.join(folder, 'manifest.json'), 'utf8')) as { segments: Segment[] };
    expect(m.segments.length).toBeGreaterThanOrEqual(1);
    for (const s of m.segments) expectBwf(path.join(folder, s.file), summary.sessionId, s.index, s.startedAt);
    const v = await runCli(['verify', folder, '--data', data, '--lang', 'en']);
    expect(v.code, v.stdout).toBe(0);
  });

  it('after kill -9 mid-segment, `hattama recover` keeps the bext and iXML of the repaired segment; verify passes', async () => {
    const data = await station();
    const child = spawnCli(['record', '--data', data, '--seconds', '120', '--channels', '8', '--case', CASE]);
    const done = collect(child, 60_000);
    const root = path.join(data, 'recordings');
    let folder = '';
    let part = '';
    const until = Date.now() + 30_000;
    while (!part || fs.statSync(path.join(folder, part)).size < 1.5 * 48000 * 16) {
      if (Date.now() > until) throw new Error(`no audio on disk: ${(await (child.kill('SIGKILL'), done)).stderr}`);
      const ids = fs.existsSync(root) ? fs.readdirSync(root) : [];
      if (ids.length === 1) {
        folder = path.join(root, ids[0]!);
        part = fs.readdirSync(folder).find((f) => f.endsWith('.wav.part')) ?? '';
      }
      await sleep(50);
    }
    child.kill('SIGKILL');
    await done;
    const partFile = path.join(folder, part);
    const before = fs.readFileSync(partFile).subarray(0, readWavInfo(partFile).dataOffset);

    const rec = await runCli(['recover', '--data', data, '--json']);
    expect(rec.code, rec.stderr).toBe(0);
    const file = path.join(folder, part.replace(/\.part$/, ''));
    const info = readWavInfo(file);
    expect(info.declaredDataBytes).toBe(fs.statSync(file).size - info.dataOffset);
    // Only the sizes changed: every chunk before the samples is as the recorder wrote it.
    const after = fs.readFileSync(file).subarray(0, info.dataOffset);
    for (const c of info.chunks.filter((x) => x.id !== 'data')) {
      expect(after.subarray(c.offset + 8, c.offset + 8 + c.size).equals(before.subarray(c.offset + 8, c.offset + 8 + c.size)), c.id).toBe(true);
    }
    const m = JSON.parse(fs.readFileSync(path.join(folder, 'manifest.json'), 'utf8')) as { status: string; session: { sessionId: string }; segments: Array<Segment & { recovered?: boolean }> };
    expect(m.status).toBe('recovered');
    const seg = m.segments.find((s) => s.file === path.basename(file))!;
    expect(seg.recovered).toBe(true);
    expectBwf(file, m.session.sessionId, seg.index, seg.startedAt);
    const v = await runCli(['verify', folder, '--data', data, '--lang', 'en']);
    expect(v.code, v.stdout).toBe(0);
  });
});
