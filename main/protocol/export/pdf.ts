import PDFDocument from 'pdfkit';
import { participantCell, type DocRow, type ProtocolDocument } from './document';
import { heading, recordingPart } from './pdf-recording';
import { recordingQr } from './recording-section';
import { signatureBlock, signatureSheet } from './pdf-signatures';
import { resourcePath } from './resources';

const FONT = 'DejaVuSans.ttf';
const FONT_BOLD = 'DejaVuSans-Bold.ttf';

/**
 * The short protocol as PDF/A-2b (an archive format: every font embedded, sRGB output intent,
 * XMP metadata; `qpdf --check` in the tests). DejaVu Sans is embedded (subset) because standard
 * PDF fonts have no Kazakh letters (ә ғ қ ң ө ұ ү һ і); pdfkit writes a ToUnicode map, so the
 * text can be searched and extracted.
 */
export async function renderPdf(doc: ProtocolDocument, meta: { title: string; author: string }): Promise<Buffer> {
  const qr = await recordingQr(doc.recording);
  const pdf = new PDFDocument({
    subset: 'PDF/A-2b',
    pdfVersion: '1.7',
    size: 'A4',
    margins: { top: 50, bottom: 56, left: 70, right: 45 },
    bufferPages: true,
    info: { Title: meta.title, Author: meta.author, Creator: 'Hattama' },
    lang: doc.lang === 'kk' ? 'kk-KZ' : 'ru-RU',
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (c: Buffer) => chunks.push(c));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  pdf.registerFont('regular', resourcePath('fonts', FONT));
  pdf.registerFont('bold', resourcePath('fonts', FONT_BOLD));
  const L = doc.labels;
  const left = pdf.page.margins.left;
  const width = pdf.page.width - left - pdf.page.margins.right;
  const bottom = () => pdf.page.height - pdf.page.margins.bottom;

  pdf.font('bold').fontSize(13).text(L.title, { align: 'center' });
  pdf.font('regular').fontSize(9).text(doc.recording.subtitle, { align: 'center' });
  pdf.moveDown(1);

  const pairs = (rows: Array<[string, string]>) => {
    for (const [k, v] of rows) {
      pdf.font('bold').fontSize(10.5).text(`${k}: `, left, pdf.y, { continued: true, width });
      pdf.font('regular').text(v || '—');
    }
  };
  pairs(doc.header);
  if (doc.videoconference) pdf.font('regular').fontSize(10.5).text(doc.videoconference, left, pdf.y + 4, { width });
  pdf.moveDown(0.6);
  heading(pdf, L.composition, left, bottom);
  pairs(doc.composition);
  pdf.moveDown(0.6);

  if (doc.participants.length) {
    heading(pdf, L.participants, left, bottom);
    table(
      pdf,
      [
        { title: L.role, width: width * 0.3 },
        { title: L.name, width: width * 0.5 },
        { title: L.attendance, width: width * 0.2 },
      ],
      doc.participants.map((p) => [p.role, participantCell(p), p.attendance]),
      bottom,
    );
    pdf.moveDown(0.6);
  }

  const entryCols = [
    { title: L.time, width: 58 },
    { title: L.position, width: 70 },
    { title: L.event, width: width - 128 },
  ];
  const entryCells = (rows: DocRow[]) => rows.map((r) => [r.time, r.position, r.edited ? `${r.text} [${L.edited}]` : r.text]);
  heading(pdf, L.entries, left, bottom);
  if (doc.rows.length) table(pdf, entryCols, entryCells(doc.rows), bottom);
  else pdf.font('regular').fontSize(10).text(L.noEntries, left);
  if (doc.recording.recorded) pdf.font('regular').fontSize(8.5).text(L.recordingNote, left, pdf.y + 4, { width });
  pdf.moveDown(0.6);

  if (doc.exhibits.length) {
    heading(pdf, L.exhibits, left, bottom);
    table(
      pdf,
      [
        { title: '№', width: 50 },
        { title: L.description, width: width - 50 - 110 },
        { title: L.exhibitStatus, width: 110 },
      ],
      doc.exhibits.map((x) => [x.number, x.description, x.status]),
      bottom,
    );
    pdf.moveDown(0.6);
  }

  recordingPart(pdf, doc, qr, left, width, bottom);
  pdf.moveDown(0.6);

  signatureBlock(pdf, doc, left, width, bottom);

  if (doc.addenda.length) {
    pdf.moveDown(1);
    heading(pdf, L.addenda, left, bottom);
    table(pdf, entryCols, entryCells(doc.addenda), bottom);
  }
  signatureSheet(pdf, doc, left, width);

  // Page numbers, written into the bottom margin of every page.
  const range = pdf.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    pdf.switchToPage(i);
    const saved = pdf.page.margins.bottom;
    pdf.page.margins.bottom = 0;
    pdf.font('regular').fontSize(8).text(
      L.page.replace('{{n}}', String(i + 1)).replace('{{total}}', String(range.count)),
      left,
      pdf.page.height - 36,
      { width, align: 'right', lineBreak: false },
    );
    pdf.page.margins.bottom = saved;
  }
  pdf.end();
  return await done;
}

interface Col {
  title: string;
  width: number;
}

/** A bordered table that breaks across pages, repeating its header row. */
function table(pdf: PDFKit.PDFDocument, cols: Col[], rows: string[][], bottom: () => number): void {
  const left = pdf.page.margins.left;
  const pad = 3;
  const drawRow = (cells: string[], bold: boolean) => {
    pdf.font(bold ? 'bold' : 'regular').fontSize(bold ? 9 : 9.5);
    const h = Math.max(...cells.map((c, i) => pdf.heightOfString(c || ' ', { width: cols[i]!.width - 2 * pad }))) + 2 * pad;
    return h;
  };
  const paint = (cells: string[], bold: boolean, h: number) => {
    const y = pdf.y;
    let x = left;
    pdf.font(bold ? 'bold' : 'regular').fontSize(bold ? 9 : 9.5);
    cells.forEach((c, i) => {
      const w = cols[i]!.width;
      if (bold) pdf.rect(x, y, w, h).fillAndStroke('#eeeeee', '#777777').fillColor('black');
      else pdf.rect(x, y, w, h).strokeColor('#777777').stroke();
      pdf.text(c || ' ', x + pad, y + pad, { width: w - 2 * pad });
      x += w;
    });
    pdf.x = left;
    pdf.y = y + h;
  };
  const header = cols.map((c) => c.title);
  const hh = drawRow(header, true);
  if (pdf.y + hh + 20 > bottom()) pdf.addPage();
  paint(header, true, hh);
  for (const r of rows) {
    const h = drawRow(r, false);
    if (pdf.y + h > bottom()) {
      pdf.addPage();
      paint(header, true, hh);
    }
    if (h > bottom() - pdf.page.margins.top) {
      // A row taller than a page (a very long note): no box, the text flows over pages.
      const y = pdf.y;
      let x = left;
      pdf.font('regular').fontSize(9.5);
      r.slice(0, -1).forEach((c, i) => {
        pdf.text(c, x + pad, y + pad, { width: cols[i]!.width - 2 * pad });
        x += cols[i]!.width;
      });
      pdf.text(r[r.length - 1] ?? '', x + pad, y + pad, { width: cols[r.length - 1]!.width - 2 * pad });
      pdf.x = left;
      pdf.moveDown(0.5);
      continue;
    }
    paint(r, false, h);
  }
}
