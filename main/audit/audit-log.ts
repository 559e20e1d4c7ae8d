import type { AuditRow } from '../../common/contract/audit';
import type { AuditDoor } from '../../common/contract/define';
import type { Db } from '../db/database';
import { enqueue } from '../sync/outbox';
import { registerAuditedConnection } from './call-audit';

export interface AuditRecord {
  personId: number | null;
  personName: string | null;
  role: string | null;
  call: string;
  door: AuditDoor;
  hearingId: number | null;
  target: Record<string, string | number | boolean | null>;
  outcome: string;
}

interface Row {
  id: number;
  at: string;
  person_id: number | null;
  person_name: string | null;
  role: string | null;
  call: string;
  door: AuditDoor;
  hearing_id: number | null;
  target: string;
  outcome: string;
}

/**
 * The access audit: appended in one transaction with its outbox row, so central gets every row
 * exactly once. Called inside an open transaction (call-audit.ts), the row and its outbox row are
 * part of that transaction (a savepoint in it) and commit with it.
 */
export class AuditLog {
  private readonly insert;

  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {
    registerAuditedConnection(db);
    this.insert = db.prepare('INSERT INTO audit_log (at, person_id, person_name, role, call, door, hearing_id, target, outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  }

  append(r: AuditRecord): void {
    const at = this.now().toISOString();
    this.db.transaction(() => {
      const id = Number(this.insert.run(at, r.personId, r.personName, r.role, r.call, r.door, r.hearingId, JSON.stringify(r.target), r.outcome).lastInsertRowid);
      enqueue(this.db, 'audit.entry', r.hearingId === null ? null : String(r.hearingId), { id, at, ...r });
    })();
  }

  list(o: { hearingId?: number; limit?: number } = {}): AuditRow[] {
    const rows = o.hearingId === undefined
      ? this.db.prepare<[number], Row>('SELECT * FROM audit_log ORDER BY id LIMIT ?').all(o.limit ?? 1000)
      : this.db.prepare<[number, number], Row>('SELECT * FROM audit_log WHERE hearing_id = ? ORDER BY id LIMIT ?').all(o.hearingId, o.limit ?? 1000);
    return rows.map((x) => ({
      id: x.id,
      at: x.at,
      personId: x.person_id,
      personName: x.person_name,
      role: x.role,
      call: x.call,
      door: x.door,
      hearingId: x.hearing_id,
      target: JSON.parse(x.target) as AuditRow['target'],
      outcome: x.outcome,
    }));
  }
}

const TARGET_KEYS = ['hearingId', 'person', 'fullName', 'entryId', 'participantId', 'sessionId', 'file', 'kind', 'personId', 'remarkId', 'format', 'lang', 'positionMs', 'channel', 'capacity', 'caseNumber', 'runId', 'track', 'path'] as const;

/** What a call was about, from its parsed input: the ids and names worth finding it by, never free text or secrets. */
export function targetOf(input: unknown): AuditRecord['target'] {
  const out: AuditRecord['target'] = {};
  if (typeof input !== 'object' || input === null) return out;
  const o = input as Record<string, unknown>;
  for (const k of TARGET_KEYS) {
    const v = o[k];
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null) out[k] = typeof v === 'string' ? v.slice(0, 200) : v;
  }
  return out;
}
