import type { Signature } from '../../common/contract/protocol';
import { HattamaError } from '../../common/errors';
import { enqueue } from '../sync/outbox';
import { refuseIfCancelled } from '../../common/protocol/cancelled';
import { cancelledOf, SIGNATURE_SELECT, toSignature, type SignatureRow } from './rows';
import type { ProtocolQueries } from './protocol-queries';
import type { StoreContext } from './store-context';
import type { SignatureRecord } from './store-types';
import { protocolSigned, type SignatureInsert } from './sync-payloads';

/**
 * Recording a signature. The first of a round starts it (its PDF and the hearing as rendered)
 * and freezes the content; the second, in the other capacity over the same PDF, completes it and
 * signs the protocol (hearings.signed_at, "locked").
 */
export class SignatureWrites {
  constructor(
    private readonly ctx: StoreContext,
    private readonly q: ProtocolQueries,
  ) {}

  recordSignature(s: SignatureRecord): Signature {
    const id = this.ctx.tx(() => {
      const h = this.ctx.hearingRow(s.hearingId);
      refuseIfCancelled({ id: h.id, caseNumber: h.case_number, cancelled: cancelledOf(h) });
      const db = this.ctx.db;
      let roundId: number;
      let roundNumber: number;
      if ('start' in s.round) {
        // An open round takes the other capacity's signature, not a new PDF.
        if (h.awaiting_signature) throw new HattamaError('protocol.alreadySignedAs', { capacity: h.awaiting_signature === 'judge' ? 'secretary' : 'judge' });
        roundNumber = (db.prepare<[number], { n: number }>('SELECT coalesce(max(number), 0) + 1 AS n FROM protocol_signing_rounds WHERE hearing_id = ?').get(s.hearingId)?.n ?? 1);
        const r = s.round.start;
        roundId = Number(
          db
            .prepare('INSERT INTO protocol_signing_rounds (hearing_id, number, lang, time_zone, pdf_path, pdf_sha256, document, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
            .run(s.hearingId, roundNumber, r.lang, r.timeZone, r.pdfPath, r.pdfSha256, r.document, s.signedAt).lastInsertRowid,
        );
      } else {
        const open = db
          .prepare<[number], { id: number; hearing_id: number; number: number; pdf_sha256: string; n: number; capacity: string | null }>(
            'SELECT r.id, r.hearing_id, r.number, r.pdf_sha256, count(s.id) AS n, max(s.capacity) AS capacity FROM protocol_signing_rounds r LEFT JOIN protocol_signatures s ON s.round_id = r.id WHERE r.id = ? GROUP BY r.id',
          )
          .get(s.round.complete);
        if (!open || open.hearing_id !== s.hearingId || open.n !== 1 || open.pdf_sha256 !== s.pdfSha256) {
          throw new HattamaError('protocol.signedPdfChanged', { path: s.pdfPath });
        }
        if (open.capacity === s.capacity) throw new HattamaError('protocol.alreadySignedAs', { capacity: s.capacity });
        roundId = open.id;
        roundNumber = open.number;
      }
      const completes = 'complete' in s.round;
      const row: SignatureInsert = {
        hearing_id: s.hearingId,
        signed_at: s.signedAt,
        signer: s.signer,
        issuer: s.issuer,
        serial: s.serial,
        cert_sha256: s.certSha256,
        lang: s.lang,
        pdf_path: s.pdfPath,
        p7s_path: s.p7sPath,
        pdf_sha256: s.pdfSha256,
        p7s_sha256: s.p7sSha256,
        capacity: s.capacity,
        subject: s.subject,
        iin: s.iin,
        not_before: s.notBefore,
        not_after: s.notAfter,
        completes_round: completes ? 1 : 0,
      };
      const sid = Number(
        db
          .prepare(
            `INSERT INTO protocol_signatures (hearing_id, signed_at, signer, issuer, serial, cert_sha256, lang, pdf_path, p7s_path, pdf_sha256, p7s_sha256,
               round_id, capacity, subject, iin, not_before, not_after, completes_round, copy_path)
             VALUES (@hearing_id, @signed_at, @signer, @issuer, @serial, @cert_sha256, @lang, @pdf_path, @p7s_path, @pdf_sha256, @p7s_sha256,
               @round_id, @capacity, @subject, @iin, @not_before, @not_after, @completes_round, @copy_path)`,
          )
          .run({ ...row, round_id: roundId, copy_path: s.copyPath ?? null }).lastInsertRowid,
      );
      if (completes) {
        // The round's last signature signs the protocol (a later round signs its addenda): both signers are named.
        const names = db
          .prepare<[number], { signer: string }>("SELECT signer FROM protocol_signatures WHERE round_id = ? ORDER BY capacity = 'secretary', id")
          .all(roundId)
          .map((r) => r.signer);
        db.prepare('UPDATE hearings SET signed_at = ?, signed_by = ?, updated_at = ? WHERE id = ?').run(s.signedAt, names.join(', '), s.signedAt, s.hearingId);
      }
      this.ctx.auditRow(s.author ?? s.signer, 'protocol.sign', s.hearingId, null, { signatureId: sid, round: roundNumber, ...row, ...(s.incomplete ? { incomplete: s.incomplete } : {}) });
      enqueue(db, 'protocol.signed', String(s.hearingId), protocolSigned(sid, h.uid, roundNumber, row));
      return sid;
    });
    const signature = toSignature(this.ctx.db.prepare<[number], SignatureRow>(`${SIGNATURE_SELECT} WHERE s.id = ?`).get(id)!);
    this.ctx.emit({ hearingId: s.hearingId, change: 'signed', signature, hearing: this.q.hearing(s.hearingId) });
    return signature;
  }
}
