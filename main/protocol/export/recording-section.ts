import QRCode from 'qrcode';
import appMessages from '../../../common/i18n/app';
import type { RecordedSession } from '../../evidence/hearing-recordings';
import type { DocLabels, ExportLang } from './doc-labels';

// The protocol's part on the recording it belongs to (CPC, CrPC art. 347: the technical means
// used; where the hearing was not recorded, that fact): which microphones and cameras recorded,
// each session with its times and the SHA-256 of its signed manifest, every recess, gap and
// interruption with its times, and the QR code's text. Without a session it says that no
// audio-video record was made: a protocol never claims a record that does not exist.

export interface RecordingSection {
  /** What the subtitle under the title says. */
  subtitle: string;
  /** Sentences: the technical means, each session, each break. */
  lines: string[];
  /** Case number and the manifests' hashes, for the QR code; null when nothing was signed. */
  qr: string | null;
  /** Whether entry positions refer to a recording (the note under the entries table). */
  recorded: boolean;
}

const fill = (t: string, p: Record<string, string>) => t.replace(/\{\{(\w+)\}\}/g, (_m, k: string) => p[k] ?? '');

export function recordingSection(
  sessions: RecordedSession[],
  caseNumber: string,
  L: DocLabels,
  lang: ExportLang,
  at: (iso: string) => string,
): RecordingSection {
  if (!sessions.length) return { subtitle: L.subtitleNotRecorded, lines: [L.notRecorded], qr: null, recorded: false };
  const roles = appMessages[lang].roles as Record<string, string>;
  const roleName = (r: string) => roles[r] ?? r;
  const lines: string[] = [];

  const mics = new Map<number, string>();
  const devices = new Set<string>();
  const cams = new Map<string, string>();
  let screen = false;
  for (const s of sessions) {
    for (const m of s.microphones) mics.set(m.channel, roleName(m.role));
    if (s.audioDevice) devices.add(s.audioDevice);
    for (const c of s.cameras) {
      if (c.source === 'screen') screen = true;
      else cams.set(c.id, `${roleName(c.role)}${c.width && c.height ? ` (${c.width}×${c.height})` : ''}`);
    }
  }
  const micList = [...mics].sort(([a], [b]) => a - b).map(([ch, role]) => `${fill(L.channel, { n: String(ch) })} — ${role}`);
  lines.push(`${L.microphones}: ${micList.length ? micList.join('; ') : '—'}${devices.size ? ` [${[...devices].join(', ')}]` : ''}.`);
  if (cams.size) lines.push(`${L.cameras}: ${[...cams.values()].join('; ')}.`);
  if (screen) lines.push(`${L.screenCapture}.`);

  sessions.forEach((s, i) => {
    const span = fill(L.fromTo, { from: at(s.startedAt), to: s.endedAt ? at(s.endedAt) : L.stillRecording });
    const state = s.state === 'signed' ? `${L.manifestHash}: ${s.manifestSha256}` : s.state === 'damaged' ? L.damaged : s.state === 'recording' ? L.stillRecording : L.notSigned;
    lines.push(`${L.session} ${i + 1} (${s.sessionId}): ${span}; ${state}.`);
    for (const b of s.breaks) {
      const t = fill(L.fromTo, { from: at(b.from), to: b.to ? at(b.to) : L.stillRecording });
      lines.push(fill(b.kind === 'pause' ? L.paused : L.gap, { span: t }));
    }
    if (s.status === 'recovered') lines.push(fill(L.crashed, { at: s.endedAt ? at(s.endedAt) : '—' }));
    const next = sessions[i + 1];
    if (next && s.endedAt && Date.parse(next.startedAt) - Date.parse(s.endedAt) >= 1000) {
      lines.push(fill(L.interrupted, { span: fill(L.fromTo, { from: at(s.endedAt), to: at(next.startedAt) }) }));
    }
  });

  const signed = sessions.filter((s) => s.state === 'signed' && s.manifestSha256);
  const video = cams.size > 0 || screen;
  return {
    subtitle: video ? L.subtitle : L.subtitleAudio,
    lines,
    qr: signed.length ? qrText(caseNumber, signed.map((s) => s.manifestSha256!)) : null,
    recorded: true,
  };
}

/** What the QR code carries: the case and the SHA-256 of every signed manifest, one per line. */
export function qrText(caseNumber: string, manifestSha256: string[]): string {
  return ['HATTAMA-PROTOCOL/1', `case=${caseNumber}`, ...manifestSha256.map((h) => `manifest-sha256=${h}`)].join('\n');
}

/** The QR code as PNG (error correction M: a printed copy with a smudge still reads), or null without a signed recording. */
export async function recordingQr(section: Pick<RecordingSection, 'qr'>): Promise<Buffer | null> {
  if (!section.qr) return null;
  return QRCode.toBuffer(section.qr, { type: 'png', errorCorrectionLevel: 'M', margin: 2, scale: 4, color: { dark: '#000000', light: '#ffffff' } });
}
