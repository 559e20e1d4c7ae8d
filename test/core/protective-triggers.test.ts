import { spawnSync } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { stationMigrations } from '../../main/core/station-schema';
import { expectedTriggers } from '../../main/db/protective-triggers';
import { openTestCore, staffOf } from '../support/core';
import { missingTools, tempDir } from '../support/tools';

// The attack: with the database file and sqlite3, drop the trigger that keeps the audit log
// append-only (or a signed hearing's header frozen), then change what it protected. The core
// checks every protective trigger at start and refuses a database where one is missing.

describe('protective triggers', () => {
  it('knows the triggers of every domain that protects its rows', () => {
    const names = expectedTriggers(stationMigrations);
    for (const t of ['entries_no_update', 'entry_revisions_no_delete', 'protocol_signatures_no_delete', 'hearings_header_frozen', 'participants_frozen_update', 'hearings_stay_signed', 'audit_log_no_delete', 'people_never_deleted', 'review_audit_no_update', 'entries_locked']) {
      expect(names).toContain(t);
    }
  });

  it('freezes a signed hearing\'s header and roster, and a signed hearing stays signed, at SQL level', async () => {
    const core = await openTestCore();
    try {
      const ctx = await staffOf(core);
      const h = await core.call('protocol.createHearing', { caseNumber: '2-701/2025', judge: 'Әбенов С.' }, ctx);
      if (!h.ok) throw new Error(h.error.message);
      const id = (h.value as { id: number }).id;
      const p = await core.call('protocol.addParticipant', { hearingId: id, name: 'Үсенов Ұлан', role: 'witness' }, ctx);
      if (!p.ok) throw new Error(p.error.message);
      const db = core.db;
      // before any signature the header still changes
      db.prepare('UPDATE hearings SET judge = ? WHERE id = ?').run('Басқа судья', id);
      db.prepare(
        "INSERT INTO protocol_signatures (hearing_id, signed_at, signer, issuer, serial, cert_sha256, lang, pdf_path, p7s_path, pdf_sha256, p7s_sha256) VALUES (?, '2025-01-01T00:00:00Z', 's', 'i', '1', 'c', 'kk', 'p', 'q', 'a', 'b')",
      ).run(id);
      expect(() => db.prepare('UPDATE hearings SET case_number = ? WHERE id = ?').run('2-999/2025', id)).toThrow(/header is frozen/);
      expect(() => db.prepare('UPDATE hearings SET judge = ? WHERE id = ?').run('Үшінші', id)).toThrow(/header is frozen/);
      expect(() => db.prepare('UPDATE participants SET name = ? WHERE hearing_id = ?').run('Басқа', id)).toThrow(/roster is frozen/);
      expect(() => db.prepare('UPDATE participants SET attendance = ? WHERE hearing_id = ?').run('absent', id)).toThrow(/roster is frozen/);
      expect(() => db.prepare("INSERT INTO participants (hearing_id, name, role, position, created_at, updated_at) VALUES (?, 'Жаңа', 'witness', 9, 'x', 'x')").run(id)).toThrow(/roster is frozen/);
      // what signing itself writes still goes through, and cannot be undone
      db.prepare("UPDATE hearings SET signed_at = '2025-01-01T00:00:00Z', signed_by = 's', updated_at = 'x' WHERE id = ?").run(id);
      expect(() => db.prepare('UPDATE hearings SET signed_at = NULL WHERE id = ?').run(id)).toThrow(/cannot be unsigned/);
      const row = db.prepare<[number], { case_number: string; judge: string }>('SELECT case_number, judge FROM hearings WHERE id = ?').get(id);
      expect(row).toEqual({ case_number: '2-701/2025', judge: 'Басқа судья' });
    } finally {
      await core.close();
    }
  });

  for (const trigger of ['audit_log_no_delete', 'hearings_header_frozen', 'people_never_deleted']) {
    it(`refuses to open a database whose ${trigger} trigger was dropped with sqlite3`, async () => {
      if (missingTools('sqlite3')) return;
      const dir = tempDir('hattama-triggers-');
      const core = await openTestCore(dir);
      await staffOf(core);
      await core.close();
      const file = path.join(dir, 'hattama.db');
      const r = spawnSync('sqlite3', [file, `DROP TRIGGER ${trigger};`], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      const err = await openTestCore(dir).then(
        async (c) => {
          await c.close();
          return null;
        },
        (e: unknown) => e as { code?: string; message?: string },
      );
      expect(err?.code).toBe('app.databaseTriggerMissing');
      expect(String((err as { params?: { name?: string } }).params?.name)).toBe(trigger);
      // The refusal let go of the folder: nothing holds its lock.
      expect(() => new Database(file).close()).not.toThrow();
    });
  }
});
