import type { Signature } from '../../common/contract/protocol';
import { enqueue } from '../sync/outbox';
import { toSignature, type SignatureRow } from './rows';
import type { ProtocolQueries } from './protocol-queries';
import type { StoreContext } from './store-context';
import type { SignatureRecord } from './store-types';
import { protocolSigned } from './sync-payloads';

/** Recording a signature: the first locks the protocol. */
export class SignatureWrites {
  constructor(
    private readonly ctx: StoreContext,
    private readonly q: ProtocolQueries,
  ) {}

  recordSignature(s: SignatureRecord): Signature {
    const id = this.ctx.tx(() => {
      const h = this.ctx.hearingRow(s.hearingId);
      const row = {
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
      };
      const sid = Number(
        this.ctx.db
          .prepare(
            `INSERT INTO protocol_signatures (hearing_id, signed_at, signer, issuer, serial, cert_sha256, lang, pdf_path, p7s_path, pdf_sha256, p7s_sha256)
             VALUES (@hearing_id, @signed_at, @signer, @issuer, @serial, @cert_sha256, @lang, @pdf_path, @p7s_path, @pdf_sha256, @p7s_sha256)`,
          )
          .run(row).lastInsertRowid,
      );
      // The first signature locks the protocol; a later one (over addenda) records the newest signer.
      this.ctx.db.prepare('UPDATE hearings SET signed_at = ?, signed_by = ?, updated_at = ? WHERE id = ?').run(s.signedAt, s.signer, s.signedAt, s.hearingId);
      this.ctx.auditRow(s.author ?? s.signer, 'protocol.sign', s.hearingId, null, { signatureId: sid, ...row });
      enqueue(this.ctx.db, 'protocol.signed', String(s.hearingId), protocolSigned(sid, h.uid, row));
      return sid;
    });
    const signature = toSignature(this.ctx.db.prepare<[number], SignatureRow>('SELECT * FROM protocol_signatures WHERE id = ?').get(id)!);
    this.ctx.emit({ hearingId: s.hearingId, change: 'signed', signature, hearing: this.q.hearing(s.hearingId) });
    return signature;
  }
}
