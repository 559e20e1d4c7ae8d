import { AlignmentType, BorderStyle, Document, ImageRun, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { participantCell, type DocRow, type ProtocolDocument } from './document';
import { recordingQr } from './recording-section';

// Word's own fonts (Times New Roman on Windows) carry the Kazakh letters; the document names
// the font, Word renders with it. Text in DOCX is Unicode, so nothing is lost if it is missing.
const FONT = 'Times New Roman';

const run = (text: string, opts: { bold?: boolean; size?: number } = {}) =>
  new TextRun({ text, bold: opts.bold, size: (opts.size ?? 11) * 2, font: FONT });

const para = (children: TextRun[], opts: { align?: (typeof AlignmentType)[keyof typeof AlignmentType]; after?: number } = {}) =>
  new Paragraph({ children, alignment: opts.align, spacing: { after: opts.after ?? 60 } });

/** Text with line breaks as separate runs with breaks (a run's text cannot hold \n). */
function lines(text: string, opts: { bold?: boolean; size?: number } = {}): TextRun[] {
  return text.split('\n').map((line, i) => new TextRun({ text: line, bold: opts.bold, size: (opts.size ?? 10) * 2, font: FONT, break: i > 0 ? 1 : undefined }));
}

const border = { style: BorderStyle.SINGLE, size: 4, color: '777777' };
const borders = { top: border, bottom: border, left: border, right: border };

function table(widths: number[], header: string[], rows: string[][]): Table {
  const cell = (text: string, bold: boolean, w: number) =>
    new TableCell({ borders, width: { size: w, type: WidthType.PERCENTAGE }, children: [new Paragraph({ children: lines(text, { bold, size: bold ? 9.5 : 10 }) })] });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: header.map((h, i) => cell(h, true, widths[i]!)) }),
      ...rows.map((r) => new TableRow({ children: r.map((c, i) => cell(c, false, widths[i]!)) })),
    ],
  });
}

export async function renderDocx(doc: ProtocolDocument, meta: { title: string; author: string }): Promise<Buffer> {
  const L = doc.labels;
  const children: Array<Paragraph | Table> = [];
  children.push(para([run(L.title, { bold: true, size: 13 })], { align: AlignmentType.CENTER, after: 0 }));
  children.push(para([run(doc.recording.subtitle, { size: 9 })], { align: AlignmentType.CENTER, after: 200 }));
  for (const [k, v] of doc.header) children.push(para([run(`${k}: `, { bold: true }), run(v || '—')]));
  if (doc.videoconference) children.push(para([run(doc.videoconference)], { after: 120 }));
  children.push(para([run(L.composition, { bold: true })], { after: 60 }));
  for (const [k, v] of doc.composition) children.push(para([run(`${k}: `, { bold: true }), run(v || '—')]));
  if (doc.participants.length) {
    children.push(para([run(L.participants, { bold: true })]));
    children.push(
      table([30, 50, 20], [L.role, L.name, L.attendance], doc.participants.map((p) => [p.role, participantCell(p), p.attendance])),
    );
  }
  const cells = (rows: DocRow[]) => rows.map((r) => [r.time, r.position, r.edited ? `${r.text} [${L.edited}]` : r.text]);
  children.push(para([run(L.entries, { bold: true })]));
  if (doc.rows.length) children.push(table([12, 14, 74], [L.time, L.position, L.event], cells(doc.rows)));
  else children.push(para([run(L.noEntries)]));
  if (doc.recording.recorded) children.push(para([run(L.recordingNote, { size: 8.5 })]));
  if (doc.exhibits.length) {
    children.push(para([run(L.exhibits, { bold: true })]));
    children.push(table([10, 65, 25], ['№', L.description, L.exhibitStatus], doc.exhibits.map((x) => [x.number, x.description, x.status])));
  }
  // The same recording part as the PDF's, with its QR code.
  children.push(para([run(L.recording, { bold: true })]));
  for (const line of doc.recording.lines) children.push(para([run(line, { size: 10 })]));
  const qr = await recordingQr(doc.recording);
  if (qr) {
    children.push(new Paragraph({ children: [new ImageRun({ type: 'png', data: qr, transformation: { width: 140, height: 140 } })] }));
    children.push(para([run(L.qrNote, { size: 8 })], { after: 200 }));
  }
  children.push(para([run(L.signatures, { bold: true })]));
  const block = doc.signatureBlock;
  for (const s of block.signers) {
    children.push(para([run(`${s.role}  ${block.electronic ? L.electronicSignature : L.signLine}  ${s.name}`)], { after: s.signed ? 40 : 200 }));
    if (s.signed) {
      children.push(para([run(`${L.signedElectronically}: ${s.signed.signer}, ${L.iin} ${s.signed.iin}; ${L.signedAt}: ${s.signed.at}`, { size: 9 })], { after: 20 }));
      children.push(para([run(`${L.certificate}: ${s.signed.subject}`, { size: 9 })], { after: 200 }));
    }
  }
  if (block.note) children.push(para([run(block.note, { bold: true, size: 10 })], { after: 200 }));
  if (doc.addenda.length) {
    children.push(para([run(L.addenda, { bold: true })]));
    children.push(table([12, 14, 74], [L.time, L.position, L.event], cells(doc.addenda)));
  }
  const document = new Document({
    title: meta.title,
    creator: meta.author,
    description: 'Hattama',
    styles: { default: { document: { run: { font: FONT, size: 22 } } } },
    sections: [{ properties: { page: { margin: { top: 1000, bottom: 1000, left: 1400, right: 800 } } }, children }],
  });
  return Packer.toBuffer(document);
}
