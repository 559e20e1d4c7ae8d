import type { ProtocolDocument } from './document';

// The signature block of the PDF, and the signature sheet of the printable signed copy.

/**
 * Paper: a line to sign on beside each name. Electronic: in place of the line, "(electronic
 * digital signature)", and once signed, who signed (from the certificate) and when; a note says
 * that the protocol is (to be) signed electronically.
 */
export function signatureBlock(pdf: PDFKit.PDFDocument, doc: ProtocolDocument, left: number, width: number, bottom: () => number): void {
  const L = doc.labels;
  const b = doc.signatureBlock;
  if (pdf.y + (b.electronic ? 150 : 90) > bottom()) pdf.addPage();
  pdf.moveDown(1);
  pdf.font('bold').fontSize(11).text(L.signatures, left);
  pdf.moveDown(0.5);
  for (const s of b.signers) {
    const y = pdf.y;
    pdf.font('regular').fontSize(10.5).text(s.role, left, y, { width: width * 0.45 });
    pdf.text(b.electronic ? L.electronicSignature : L.signLine, left + width * 0.45, y, { width: width * 0.27 });
    pdf.text(s.name || '', left + width * 0.72, y, { width: width * 0.28 });
    if (s.signed) {
      pdf.font('regular').fontSize(8.5);
      pdf.text(`${L.signedElectronically}: ${s.signed.signer}, ${L.iin} ${s.signed.iin}`, left + 12, pdf.y + 2, { width: width - 12 });
      pdf.text(`${L.signedAt}: ${s.signed.at}`, left + 12, pdf.y, { width: width - 12 });
      pdf.text(`${L.certificate}: ${s.signed.subject}`, left + 12, pdf.y, { width: width - 12 });
    }
    pdf.moveDown(1);
  }
  if (b.note) pdf.font('bold').fontSize(9.5).text(b.note, left, pdf.y, { width });
}

/** A page that names the signed file, its SHA-256, and every signature with its certificate. */
export function signatureSheet(pdf: PDFKit.PDFDocument, doc: ProtocolDocument, left: number, width: number): void {
  const L = doc.labels;
  const sheet = doc.signatureBlock.sheet;
  if (!sheet) return;
  pdf.addPage();
  pdf.font('bold').fontSize(12).text(L.signatureSheet, left, pdf.y, { width, align: 'center' });
  pdf.moveDown(0.8);
  const pair = (k: string, v: string) => {
    pdf.font('bold').fontSize(9.5).text(`${k}: `, left, pdf.y, { continued: true, width });
    pdf.font('regular').text(v);
  };
  pair(L.signedFile, sheet.pdfName);
  pair(L.sha256, sheet.pdfSha256);
  for (const s of doc.signatureBlock.signers) {
    if (!s.signed) continue;
    pdf.moveDown(0.8);
    pdf.font('bold').fontSize(10.5).text(`${s.role}: ${s.name || s.signed.signer}`, left, pdf.y, { width });
    pdf.font('regular').fontSize(9.5).text(L.signedElectronically, left, pdf.y, { width });
    pair(L.signedAt, s.signed.at);
    pair(L.certificate, s.signed.subject);
    pair(L.iin, s.signed.iin);
    pair(L.validity, s.signed.validity);
    pair(L.serial, s.signed.serial);
    pair(L.issuer, s.signed.issuer);
    pair(L.signatureFile, `${s.signed.p7sName} (${L.sha256} ${s.signed.p7sSha256})`);
  }
  pdf.moveDown(1.2);
  pdf.font('regular').fontSize(9).text(L.copyNote, left, pdf.y, { width });
}
