import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySession, type Finding } from '../../main/evidence/verify';
import { PUBLIC_KEY_FILE } from '../../main/keys/station-key';
import { ensurePulse, playSpeech, PULSE_TOOLS, releasePulse, sleep } from '../support/pulse';
import { openService, runCli } from '../support/recording';
import { missingTools, tempDir } from '../support/tools';

const skip = missingTools(...PULSE_TOOLS);

let original = '';
let dataDir = '';

/** A copy of the session in another data directory that holds the station's public key (as a court's archive would). */
function copy(withKey = true): string {
  const data = tempDir('hattama-tamper-');
  const dst = path.join(data, 'recordings', path.basename(original));
  fs.cpSync(original, dst, { recursive: true });
  if (withKey) fs.cpSync(path.join(dataDir, 'keys', PUBLIC_KEY_FILE), path.join(data, 'keys', PUBLIC_KEY_FILE));
  return dst;
}

const errors = (dir: string): Array<Pick<Finding, 'code' | 'file'>> =>
  verifySession(dir)
    .findings.filter((f) => f.severity === 'error')
    .map((f) => ({ code: f.code, ...(f.file ? { file: f.file } : {}) }));

describe.skipIf(skip)('recording: verify finds and names tampering', () => {
  beforeAll(async () => {
    await ensurePulse();
    const h = await openService();
    // Speech, so that no two segments are alike (swapping two silent segments changes nothing).
    const speech = playSpeech([1, 2], 6);
    try {
      await h.service.start({ caseRef: '2-5/2025' }, { channels: 2, segmentSeconds: 1 });
      await sleep(3300);
      const s = await h.service.stopWithSummary();
      original = s.folder;
      dataDir = h.dir;
      expect(s.segments.length).toBeGreaterThanOrEqual(4);
    } finally {
      speech.stop();
      await h.close();
    }
  });
  afterAll(releasePulse);

  it('an untouched session is intact, and its key is the station key', async () => {
    const r = verifySession(original);
    // Only notes: which key signed, and that no receipt from central covers it (never synced).
    expect(r.findings.map((f) => [f.code, f.severity])).toEqual([
      ['signedBy', 'note'],
      ['receiptNone', 'note'],
    ]);
    expect(r.findings[0]!.params.keyId).toBe(r.keyId);
    expect(r.intact).toBe(true);
    const cli = await runCli(['verify', original, '--lang', 'en']);
    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain(`Signed by key: ${r.keyId}`);
    expect(cli.stdout).toContain('Note: no receipt from central covers the last link');
  });

  it('a copy outside any data directory, no key given: UNKNOWN KEY is a failure, naming the key', async () => {
    const d = copy(false);
    const r = verifySession(d);
    expect(r.intact).toBe(false);
    expect(errors(d)).toEqual([{ code: 'keyUnknown', file: 'manifest.json' }]);
    const cli = await runCli(['verify', d, '--lang', 'en']);
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain(`UNKNOWN KEY: the manifest is signed by key ${r.keyId}`);
    // Given the station's key, the same copy is intact.
    expect((await runCli(['verify', d, '--data', dataDir, '--lang', 'en'])).code).toBe(0);
  });

  it('one changed byte in a segment: CHANGED, naming the file (CLI exits 1)', async () => {
    const d = copy();
    const f = path.join(d, 'audio-000002.wav');
    const fd = fs.openSync(f, 'r+');
    const b = Buffer.alloc(1);
    fs.readSync(fd, b, 0, 1, 5000);
    b[0] = b[0]! ^ 1;
    fs.writeSync(fd, b, 0, 1, 5000);
    fs.closeSync(fd);
    expect(errors(d)).toEqual([{ code: 'changed', file: 'audio-000002.wav' }]);
    const r = await runCli(['verify', d, '--lang', 'en']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/CHANGED: audio-000002\.wav/);
    expect(r.stderr).toMatch(/Verification failed: 1 problem/);
  });

  it('a deleted segment: MISSING', () => {
    const d = copy();
    fs.rmSync(path.join(d, 'audio-000003.wav'));
    expect(errors(d)).toEqual([{ code: 'missing', file: 'audio-000003.wav' }]);
  });

  it('two segments swapped: REORDERED, naming both', () => {
    const d = copy();
    const a = path.join(d, 'audio-000001.wav');
    const b = path.join(d, 'audio-000002.wav');
    fs.renameSync(a, `${a}.x`);
    fs.renameSync(b, a);
    fs.renameSync(`${a}.x`, b);
    expect(errors(d)).toEqual([
      { code: 'reordered', file: 'audio-000001.wav' },
      { code: 'reordered', file: 'audio-000002.wav' },
    ]);
    const r = verifySession(d).findings.find((f) => f.file === 'audio-000001.wav');
    expect(r!.params.expected).toBe('audio-000002.wav');
  });

  it('an edited manifest: BAD SIGNATURE (and what no longer matches the chain)', () => {
    const d = copy();
    const f = path.join(d, 'manifest.json');
    fs.writeFileSync(f, fs.readFileSync(f, 'utf8').replace('2-5/2025', '2-6/2025'));
    expect(errors(d)).toEqual([
      { code: 'badSignature', file: 'manifest.json' },
      { code: 'manifestMismatch', file: 'manifest.json' },
    ]);
  });

  it('a manifest re-signed with another key: FOREIGN KEY against the station key', async () => {
    const d = copy();
    const { testStationKey } = await import('../support/key-passphrase');
    const { signManifest } = await import('../../main/evidence/manifest');
    const other = testStationKey(tempDir());
    const f = path.join(d, 'manifest.json');
    fs.writeFileSync(f, JSON.stringify(signManifest(JSON.parse(fs.readFileSync(f, 'utf8')), other)));
    const { readPublicKey } = await import('../../main/keys/station-key');
    const r = verifySession(d, { publicKey: readPublicKey(dataDir) });
    expect(r.findings.filter((x) => x.severity === 'error').map((x) => x.code)).toEqual(['foreignKey']);
    const cli = await runCli(['verify', d, '--data', dataDir, '--lang', 'en']);
    expect(cli.code).toBe(1);
    expect(cli.stdout).toMatch(/FOREIGN KEY/);
  });

  it('an extra file and an edited chain line: EXTRA and CHAIN BROKEN', () => {
    const d = copy();
    fs.writeFileSync(path.join(d, 'audio-000009.wav'), 'x');
    const c = path.join(d, 'chain.jsonl');
    const lines = fs.readFileSync(c, 'utf8').split('\n');
    lines.splice(3, 1); // drop one entry
    fs.writeFileSync(c, lines.join('\n'));
    const found = errors(d);
    expect(found).toContainEqual({ code: 'extra', file: 'audio-000009.wav' });
    expect(found).toContainEqual({ code: 'chainBroken', file: 'chain.jsonl' });
  });
});
