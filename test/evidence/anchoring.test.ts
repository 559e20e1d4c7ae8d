import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionChainResponseSchema } from '../../common/chain-anchor';
import { refreshReceipts } from '../../main/evidence/anchor-receipts';
import { damagedSession, latestReceipt } from '../../main/evidence/chain-anchors';
import { evidenceModule } from '../../main/evidence/evidence-module';
import { verifySession } from '../../main/evidence/verify';
import { PUBLIC_KEY_FILE } from '../../main/keys/station-key';
import { testStationKey } from '../support/key-passphrase';
import { createLogger } from '../../main/log/logger';
import type { Credentials } from '../../main/sync/enrollment';
import { startCentral, type CentralProcess } from '../support/central-process';
import { auditEvents } from '../support/contract-events';
import { runCli } from '../support/recording';
import { enroll, makeStation, makeWorker, type TestStation } from '../support/station';
import { tempDir } from '../support/tools';
import { rechainAndResign, recordSession, snapshot, truncate } from './session-fixture';

// Evidence that holds against its own disk: every chain link is anchored on central as it is
// written; verify holds the disk against central (and against the station's own database);
// recovery refuses to sign a chain shorter than the one recorded. One test per attack, each
// checking that what was already stored (on central, and on the station) is left as it was.

let central: CentralProcess;
let st: TestStation;
let creds: Credentials;

async function anchored(sessionId: string): Promise<{ status: number; json: unknown }> {
  const r = await fetch(new URL(`/v1/sessions/${sessionId}/chain`, central.url), { headers: { authorization: `Bearer ${creds.token}` } });
  return { status: r.status, json: await r.json() };
}
const links = async (sessionId: string) => SessionChainResponseSchema.parse((await anchored(sessionId)).json).links;
const sync = () => makeWorker(st, creds).runOnce();
const cli = (args: string[]) => runCli(['verify', ...args, '--lang', 'en']);
const evidenceFlags = async () => {
  const { json } = await central.admin<Array<{ stationId: string; flags: Array<{ kind: string; detail: string }> }>>('GET', '/admin/stations');
  return json.find((s) => s.stationId === creds.stationId)!.flags.filter((f) => f.kind === 'evidence').map((f) => f.detail);
};

describe('chains anchored on central', () => {
  beforeAll(async () => {
    central = await startCentral({ data: tempDir('hattama-anchor-central-') });
    st = await makeStation();
    const { json: code } = await central.admin<{ code: string }>('POST', '/admin/codes', { court: 'Esil district court', courtroom: 'Room 1' });
    creds = await enroll(st, central.url, code.code);
  }, 60_000);
  afterAll(async () => {
    st?.close();
    await central?.stop();
  });

  it('every link reaches central once, central publishes its key, and `verify --central` passes on an untouched session', async () => {
    const dir = await recordSession(st, '20260301T090000Z-untouched');
    await sync();
    await sync(); // a second pass sends nothing again
    const local = fs.readFileSync(path.join(dir, 'chain.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { seq: number; hash: string; prev: string });
    expect((await links(path.basename(dir))).map((l) => [l.index, l.hash, l.prev])).toEqual(local.map((e) => [e.seq, e.hash, e.prev]));
    const keys = (await (await fetch(new URL('/v1/keys', central.url))).json()) as { keys: Array<{ keyId: string }> };
    expect(keys.keys[0]!.keyId).toMatch(/^sha256:[0-9a-f]{64}$/);

    const r = await cli([dir, '--central', central.url]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Signed by key: ${testStationKey(st.dir).keyId}`);
    expect(r.stdout).toMatch(/Central's receipt covers the last link \(\d+ links, .*, key sha256:/);
    // The sealed manifest was checked against the enrolled key on central: no flag.
    expect(await evidenceFlags()).toEqual([]);

    // The station keeps central's receipt; plain verify then says it covers the last link.
    expect(latestReceipt(st.db, path.basename(dir))).toBeNull();
    expect(await refreshReceipts(st.dir, st.db)).toBeGreaterThanOrEqual(1);
    expect(latestReceipt(st.db, path.basename(dir))).toMatchObject({ length: local.length, head: local[local.length - 1]!.hash });
    expect(await refreshReceipts(st.dir, st.db)).toBe(0); // nothing behind any more
    const plain = await cli([dir]);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(new RegExp(`Central's receipt covers the last link \\(${local.length} links`));
  }, 60_000);

  it('a segment re-chained and re-signed with a fresh key: plain verify fails naming the key; with the station key replaced too, `verify --central` still fails', async () => {
    const dir = await recordSession(st, '20260301T100000Z-resigned');
    await sync();
    const before = await links(path.basename(dir));
    const fresh = testStationKey(tempDir('hattama-attacker-'));
    rechainAndResign(dir, 'audio-000002.wav', fresh);

    // The data directory's own key is not the one that signed.
    const plain = await cli([dir]);
    expect(plain.code).toBe(1);
    expect(plain.stdout).toContain(`Signed by key: ${fresh.keyId}`);
    expect(plain.stdout).toContain(`FOREIGN KEY: the manifest key (${fresh.keyId})`);
    // A copy outside any data directory, no key given: an unknown key is a failure, not a note.
    const copy = path.join(tempDir('hattama-copy-'), path.basename(dir));
    fs.cpSync(dir, copy, { recursive: true });
    const loose = verifySession(copy);
    expect(loose.intact).toBe(false);
    expect(loose.findings.filter((f) => f.severity === 'error').map((f) => [f.code, f.params.keyId])).toEqual([['keyUnknown', fresh.keyId]]);

    // The attacker also puts their public key in the data directory: the disk agrees with itself,
    // but neither the station's database nor central do.
    const stolen = path.join(tempDir('hattama-keys-'), PUBLIC_KEY_FILE);
    fs.copyFileSync(path.join(st.dir, 'keys', PUBLIC_KEY_FILE), stolen);
    fs.writeFileSync(path.join(st.dir, 'keys', PUBLIC_KEY_FILE), fresh.publicKey.export({ type: 'spki', format: 'pem' }) as string);
    try {
      const c = await cli([dir, '--central', central.url]);
      expect(c.code).toBe(1);
      const segLink = before.find((l) => l.type === 'segment' && l.file === 'audio-000002.wav')!.index;
      expect(c.stdout).toContain(`CHANGED: link ${segLink} of the chain is not the one anchored on central`);
      expect(c.stdout).toContain(`FOREIGN KEY: the manifest is signed by key ${fresh.keyId}, but the station is enrolled at central with key ${testStationKey(st.dir).keyId}`);
      expect(c.stdout).toContain(`CHANGED: link ${segLink} of the chain is not the one the station's database recorded`);
    } finally {
      fs.copyFileSync(stolen, path.join(st.dir, 'keys', PUBLIC_KEY_FILE));
    }
    // Central's anchored chain is what it was.
    expect(await links(path.basename(dir))).toEqual(before);
  }, 60_000);

  it('the manifest, the last chain lines and the last segment deleted, then a restart: damaged, nothing signed, central told, verify says damaged', async () => {
    const id = '20260301T110000Z-truncated';
    const dir = await recordSession(st, id, 4);
    await sync();
    const before = await links(id);
    const full = before.length;
    const keep = before.findIndex((l) => l.type === 'segment' && l.file === 'audio-000004.wav');
    expect(truncate(dir, keep)).toEqual(['audio-000004.wav']);

    // verify --central names the first missing link.
    const c = await cli([dir, '--central', central.url]);
    expect(c.code).toBe(1);
    expect(c.stdout).toContain(`TRUNCATED: link ${keep}, anchored on central, is missing from this chain (${full} on central, ${keep} on disk)`);

    // The station restarts: recovery at start compares the disk with its database.
    const onDisk = snapshot(dir);
    const { log } = createLogger(st.dir, { sync: true });
    const audit = auditEvents(st.events);
    const alarms: Array<{ kind: string; params: Record<string, string | number> }> = [];
    const off = st.events.on('recording.alarm', (a) => alarms.push(a));
    await evidenceModule({ dataDir: st.dir, db: st.db, settings: st.settings, events: st.events, log }, () => testStationKey(st.dir));
    off();
    audit.stop();
    expect(audit.bad).toEqual([]);
    expect(alarms).toEqual([expect.objectContaining({ kind: 'sessionDamaged', active: true, code: 'recording:alarms.sessionDamaged', params: expect.objectContaining({ sessionId: id, firstBad: keep }) })]);
    expect(snapshot(dir)).toEqual(onDisk); // no manifest signed, no chain line added, no file touched
    expect(damagedSession(st.db, id)).toMatchObject({ expectedLength: full, diskLength: keep, firstBad: keep });

    // A second start does not mark it twice, and still signs nothing.
    await evidenceModule({ dataDir: st.dir, db: st.db, settings: st.settings, events: st.events, log }, () => testStationKey(st.dir));
    expect(snapshot(dir)).toEqual(onDisk);
    expect(st.db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE kind = 'chain.link' AND payload LIKE '%\"op\":\"damaged\"%'").get()).toEqual({ n: 1 });

    // Central hears of it; its anchored chain is unchanged.
    await sync();
    expect((await evidenceFlags()).filter((d) => d.startsWith('damaged-session:'))).toEqual([expect.stringContaining(id)]);
    expect(await links(id)).toEqual(before);

    // verify, plain and against central, says damaged.
    const plain = await cli([dir]);
    expect(plain.code).toBe(1);
    expect(plain.stdout).toContain(`DAMAGED: the station's database recorded ${full} links, the disk holds ${keep}; from link ${keep} they are missing or different`);
    const again = await cli([dir, '--central', central.url]);
    expect(again.code).toBe(1);
    expect(again.stdout).toContain('DAMAGED: the station reported this session damaged to central');
    expect(verifySession(dir).damaged).toBe(true);
    // `hattama recover` says so too, and still signs nothing.
    const rec = await runCli(['recover', '--data', st.dir, '--lang', 'en']);
    expect(rec.code).toBe(1);
    expect(rec.stderr).toContain(`DAMAGED: ${id} — the database recorded ${full} links, the disk holds ${keep}; not signed, central is told`);
    expect(snapshot(dir)).toEqual(onDisk);
  }, 60_000);

  it("the disk truncated and the database's record of the chain wiped too: recovery asks central, and still signs nothing", async () => {
    const id = '20260301T113000Z-truncated-and-forgotten';
    const dir = await recordSession(st, id, 4);
    await sync();
    const full = (await links(id)).length;
    const keep = (await links(id)).findIndex((l) => l.type === 'segment' && l.file === 'audio-000004.wav');
    truncate(dir, keep);
    // The attacker has the disk and sqlite3: the record is append-only while its triggers stand...
    expect(() => st.db.prepare('DELETE FROM chain_anchors WHERE session_id = ?').run(id)).toThrow(/append-only/);
    // ...so they drop the trigger (the next start would refuse the database) or bring another
    // database; either way the station's own record of the links is gone.
    st.db.exec('DROP TRIGGER chain_anchors_no_delete');
    st.db.prepare('DELETE FROM chain_anchors WHERE session_id = ?').run(id);
    const onDisk = snapshot(dir);
    const { log } = createLogger(st.dir, { sync: true });
    await evidenceModule({ dataDir: st.dir, db: st.db, settings: st.settings, events: st.events, log }, () => testStationKey(st.dir));
    expect(snapshot(dir)).toEqual(onDisk);
    expect(damagedSession(st.db, id)).toMatchObject({ expectedLength: full, diskLength: keep, firstBad: keep, detail: expect.stringContaining('central anchored') });
  }, 60_000);

  it('a manifest signed on the station by a key other than the enrolled one is flagged on central when it arrives', async () => {
    const id = '20260301T113000Z-foreign';
    const fresh = testStationKey(tempDir('hattama-swapped-key-'));
    await recordSession(st, id, 1, () => fresh);
    await sync();
    const flags = (await evidenceFlags()).filter((d) => d.startsWith('foreign-manifest-key:'));
    expect(flags).toEqual([expect.stringContaining(`session ${id} is signed by ${fresh.keyId}, not by the station's enrolled key ${testStationKey(st.dir).keyId}`)]);
    // The links themselves are anchored as they came: the chain is the station's, only the signature is not.
    expect((await links(id)).length).toBeGreaterThan(0);
    const c = await cli([path.join(st.dir, 'recordings', id), '--central', central.url]);
    expect(c.code).toBe(1);
    expect(c.stdout).toContain(`FOREIGN KEY: the manifest is signed by key ${fresh.keyId}, but the station is enrolled at central with key`);
  }, 60_000);

  it('central refuses a link that does not extend its chain (409), flags it, and keeps what it held', async () => {
    const id = '20260301T120000Z-refused';
    await recordSession(st, id, 2);
    await sync();
    const before = await links(id);
    const last = before[before.length - 1]!;
    const { json: high } = await (async () => {
      const r = await fetch(new URL('/v1/events/highest', central.url), { headers: { authorization: `Bearer ${creds.token}` } });
      return { json: (await r.json()) as { highestSeq: number } };
    })();
    const push = (payload: unknown) =>
      fetch(new URL('/v1/events', central.url), {
        method: 'POST',
        headers: { authorization: `Bearer ${creds.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ events: [{ seq: high.highestSeq + 1, kind: 'chain.link', ref: id, payload, createdAt: new Date().toISOString() }] }),
      });
    const link = { op: 'link', sessionId: id, type: 'mark', file: null, hash: 'a'.repeat(64) };
    // A link that skips an index, one that does not link to the head, and one that rewrites a held link.
    for (const p of [
      { ...link, index: last.index + 2, prev: last.hash },
      { ...link, index: last.index + 1, prev: 'b'.repeat(64) },
      { ...link, index: 1, prev: before[0]!.hash },
    ]) {
      const r = await push(p);
      expect(r.status).toBe(409);
      expect(((await r.json()) as { error: string }).error).toBe('chain_conflict');
    }
    expect(await links(id)).toEqual(before);
    const { json: highAfter } = await (async () => {
      const r = await fetch(new URL('/v1/events/highest', central.url), { headers: { authorization: `Bearer ${creds.token}` } });
      return { json: (await r.json()) as { highestSeq: number } };
    })();
    expect(highAfter.highestSeq).toBe(high.highestSeq); // nothing of the refused batches was stored
    expect((await evidenceFlags()).filter((d) => d.startsWith('chain-refused:') && d.includes(id))).toHaveLength(3);
  }, 60_000);
});
