import type { Entry, HearingDetail, Signature, SigningCapacity } from '../../../common/contract/protocol';
import protocolMessages from '../../../common/i18n/protocol';
import { renderEntry, type KindTemplates } from '../../../common/protocol/render';
import { formatPosition } from '../../../common/protocol/text';
import type { RecordedSession, SealedRange } from '../../evidence/hearing-recordings';
import { recordingSection, type RecordingSection } from './recording-section';
import { docLabels, type DocLabels, type ExportLang } from './doc-labels';

export { docLabels, type DocLabels, type ExportLang } from './doc-labels';

export interface DocRow {
  time: string;
  position: string;
  text: string;
  edited: boolean;
}

/**
 * How the signature block reads: paper lines (no electronic signing begun), "to be signed
 * electronically" (the PDF that the signers sign), or signed, with each signer from the
 * certificate; with `sheet`, a signature sheet naming the signed file and its .p7s files follows.
 */
export type DocSigning =
  | { state: 'paper' }
  | { state: 'toBeSigned' }
  | { state: 'signed'; signatures: Signature[]; sheet?: { pdfName: string; pdfSha256: string } };

export interface DocSigner {
  role: string;
  name: string;
  /** Printed details of the signature, when made. */
  signed: null | { signer: string; subject: string; iin: string; at: string; validity: string; serial: string; issuer: string; p7sName: string; p7sSha256: string };
}

export interface DocSignatureBlock {
  signers: DocSigner[];
  /** The line under the block: to be signed / signed electronically; null on paper. */
  note: string | null;
  electronic: boolean;
  sheet: null | { pdfName: string; pdfSha256: string };
}

export interface DocParticipant {
  role: string;
  name: string;
  attendance: string;
  note: string;
  /** "(by video-conference)" after the name of a remote participant; null for the others. */
  remoteMark: string | null;
}

/** The name cell of the participants' table: the name, its note, and how a remote participant took part. */
export function participantCell(p: DocParticipant): string {
  return [p.name, p.note ? `(${p.note})` : '', p.remoteMark ?? ''].filter(Boolean).join(' ');
}

/** A hearing as the protocol prints it: the protocol's record and the recording sessions it belongs to. */
export type ProtocolSource = HearingDetail & { recordings?: RecordedSession[]; sealed?: SealedRange[] };

/** Everything the PDF and DOCX writers print, already in words of the chosen language. */
export interface ProtocolDocument {
  lang: ExportLang;
  labels: DocLabels;
  header: Array<[string, string]>;
  composition: Array<[string, string]>;
  participants: DocParticipant[];
  /** "The hearing was held with the use of video-conference (TrueConf)." when anyone took part remotely; else null. */
  videoconference: string | null;
  rows: DocRow[];
  addenda: DocRow[];
  exhibits: Array<{ number: string; description: string; status: string }>;
  recording: RecordingSection;
  judge: string;
  secretary: string;
  signatureBlock: DocSignatureBlock;
}

function timeFmt(timeZone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
}
function dateFmt(timeZone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('ru-RU', { timeZone, day: '2-digit', month: '2-digit', year: 'numeric' });
}

/**
 * The short protocol of a hearing: header, composition, roster with attendance, every current
 * (non-deleted) entry with its time of day and recording position, addenda after signature.
 * Times are shown in `timeZone` (the station's zone by default).
 */
export function buildDocument(
  d: ProtocolSource,
  lang: ExportLang,
  timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone,
  signing: DocSigning = { state: 'paper' },
  o: { publicCopy?: boolean } = {},
): ProtocolDocument {
  const labels = docLabels(lang);
  const m = protocolMessages[lang];
  const templates = m.templates as unknown as KindTemplates;
  const tf = timeFmt(timeZone);
  const df = dateFmt(timeZone);
  const h = d.hearing;
  const day = h.actualStart ?? h.scheduledStart;

  const header: Array<[string, string]> = [
    [labels.court, h.court],
    [labels.courtroom, h.courtroom],
    [labels.caseNumber, h.caseNumber],
    [labels.category, m.categories[h.category]],
    [labels.date, day ? df.format(new Date(day)) : ''],
    [labels.start, h.actualStart ? tf.format(new Date(h.actualStart)) : labels.notStarted],
    [labels.end, h.actualEnd ? tf.format(new Date(h.actualEnd)) : labels.notEnded],
  ];
  // Stated only when known: a hearing rendered before these were kept prints neither, and an
  // unstated language is left out rather than guessed.
  if (h.sessionMode) header.push([labels.sessionMode, h.sessionMode === 'closed' ? labels.sessionClosed : labels.sessionOpen]);
  if (h.proceedingsLanguage) header.push([labels.proceedingsLanguage, h.proceedingsLanguage === 'kk' ? labels.languageKk : labels.languageRu]);
  if (h.cancelled) header.push([labels.cancelled, `${df.format(new Date(h.cancelled.at))} ${tf.format(new Date(h.cancelled.at))}, ${h.cancelled.by}: ${h.cancelled.reason}`]);
  // A withdrawn line was entered by mistake: it is no participant of the hearing (the audit keeps it).
  const roster = d.participants.filter((p) => !p.withdrawnAt);
  const judges = roster.filter((p) => p.role === 'judge').map((p) => p.name);
  const judge = h.judge || judges[0] || '';
  const composition: Array<[string, string]> = [
    [labels.judge, [judge, ...judges.filter((j) => j !== judge)].filter(Boolean).join(', ')],
    [labels.secretary, h.secretary],
  ];
  // An interpreter on the roster takes part in the composition of the hearing, as the protocol states it.
  const interpreters = roster.filter((p) => p.role === 'interpreter' && p.attendance !== 'absent').map((p) => p.name);
  if (interpreters.length) composition.push([labels.interpreter, interpreters.join(', ')]);
  const participants = roster
    .filter((p) => p.role !== 'judge' && p.role !== 'secretary')
    .map((p): DocParticipant => {
      const remote = p.attendance === 'remote';
      return { role: m.roles[p.role], name: p.name, attendance: remote ? labels.attendanceRemote : m.attendance[p.attendance], note: p.note, remoteMark: remote ? labels.remoteMark : null };
    });
  // As Kazakh protocols state it: the hearing was held with the use of video-conference, naming
  // the programs used. A line marked remote before programs were kept (or in a round's stored
  // hearing from then) has none: the sentence is said without them.
  const remote = roster.filter((p) => p.attendance === 'remote');
  const apps = [...new Set(remote.map((p) => p.app).filter((a): a is string => !!a))];
  const videoconference = remote.length ? labels.videoconference.replace('{{apps}}', apps.length ? ` (${apps.join(', ')})` : '') : null;

  // An entry inside a judge's sealed range is marked as such; a participant's copy withholds its text.
  const sealed = (e: Entry) =>
    e.recordingPositionMs !== null && (d.sealed ?? []).some((s) => s.sessionId === e.recordingSessionId && e.recordingPositionMs! >= s.fromMs && e.recordingPositionMs! < s.toMs);
  const row = (e: Entry): DocRow => {
    const text = renderEntry(templates, { kind: e.kind, speaker: e.speaker, exhibit: e.exhibitLabel, text: e.text });
    const inSeal = sealed(e);
    return {
      time: tf.format(new Date(e.startedAt)),
      position: formatPosition(e.recordingPositionMs),
      text: !inSeal ? text : o.publicCopy ? labels.sealedWithheld : `${labels.sealedMark} ${text}`,
      edited: e.revision > 1 && !(inSeal && o.publicCopy),
    };
  };
  const current = d.entries.filter((e) => !e.deleted);
  if (o.publicCopy) header.push([labels.publicCopy, labels.publicCopyNote]);
  return {
    lang,
    labels,
    header,
    composition,
    participants,
    videoconference,
    rows: current.filter((e) => !e.addendum).map(row),
    addenda: current.filter((e) => e.addendum).map(row),
    exhibits: d.exhibits.map((x) => ({ number: x.number, description: x.description, status: m.exhibitStatus[x.status] })),
    // Times of the hearing's own day as times; another day's with its date.
    recording: recordingSection(d.recordings ?? [], h.caseNumber, labels, lang, (iso) => {
      const date = df.format(new Date(iso));
      return day && date === df.format(new Date(day)) ? tf.format(new Date(iso)) : `${date} ${tf.format(new Date(iso))}`;
    }),
    judge,
    secretary: h.secretary,
    signatureBlock: signatureBlock(labels, { judge, secretary: h.secretary }, signing, (iso) => `${df.format(new Date(iso))} ${tf.format(new Date(iso))}`),
  };
}

function signatureBlock(L: DocLabels, names: Record<SigningCapacity, string>, signing: DocSigning, when: (iso: string) => string): DocSignatureBlock {
  const signed = signing.state === 'signed' ? signing.signatures : [];
  const byCapacity = new Map(signed.flatMap((s): Array<[SigningCapacity, Signature]> => (s.capacity ? [[s.capacity, s]] : [])));
  const signers = (['judge', 'secretary'] as const).map((capacity): DocSigner => {
    const s = byCapacity.get(capacity);
    return {
      role: capacity === 'judge' ? L.signJudge : L.signSecretary,
      name: names[capacity],
      signed: s
        ? {
            signer: s.signer,
            subject: s.subject,
            iin: s.iin ?? '—',
            at: when(s.signedAt),
            validity: s.notBefore && s.notAfter ? `${when(s.notBefore)} – ${when(s.notAfter)}` : '—',
            serial: s.serial,
            issuer: s.issuer,
            p7sName: s.p7sPath.split(/[/\\]/).pop() ?? s.p7sPath,
            p7sSha256: s.p7sSha256,
          }
        : null,
    };
  });
  return {
    signers,
    note: signing.state === 'paper' ? null : signing.state === 'signed' ? L.signedElectronically : L.toBeSigned,
    electronic: signing.state !== 'paper',
    sheet: signing.state === 'signed' ? (signing.sheet ?? null) : null,
  };
}
