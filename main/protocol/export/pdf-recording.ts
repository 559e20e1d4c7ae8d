import type { ProtocolDocument } from './document';

// The recording part of the PDF: the technical means, the sessions with their manifests'
// hashes, the breaks, and a QR code carrying the case number and those hashes.

const QR_SIZE = 110;

/** A heading that is never the last thing on a page: `keep` points of what follows must fit under it. */
export function heading(pdf: PDFKit.PDFDocument, text: string, left: number, bottom: () => number, keep = 48): void {
  pdf.font('bold').fontSize(11);
  if (pdf.y + pdf.currentLineHeight(true) + keep > bottom()) pdf.addPage();
  pdf.text(text, left);
}

export function recordingPart(pdf: PDFKit.PDFDocument, doc: ProtocolDocument, qr: Buffer | null, left: number, width: number, bottom: () => number): void {
  const L = doc.labels;
  heading(pdf, L.recording, left, bottom);
  pdf.font('regular').fontSize(9.5);
  const textWidth = qr ? width - QR_SIZE - 12 : width;
  const top = pdf.y;
  const startPage = pdf.page;
  for (const line of doc.recording.lines) {
    if (pdf.y + pdf.heightOfString(line, { width: textWidth }) > bottom()) pdf.addPage();
    pdf.text(line, left, pdf.y, { width: textWidth });
    pdf.moveDown(0.2);
  }
  if (!qr) return;
  // The code beside the text when the text stayed on the page it began on, else under it.
  let x = left + width - QR_SIZE;
  let y = top;
  if (pdf.page !== startPage || top + QR_SIZE + 30 > bottom()) {
    x = left;
    y = pdf.y;
    if (y + QR_SIZE + 30 > bottom()) {
      pdf.addPage();
      y = pdf.y;
    }
  }
  pdf.image(qr, x, y, { width: QR_SIZE, height: QR_SIZE });
  pdf.font('regular').fontSize(7).text(L.qrNote, x, y + QR_SIZE + 2, { width: QR_SIZE });
  pdf.x = left;
  pdf.y = Math.max(pdf.y, y + QR_SIZE + 30);
}
