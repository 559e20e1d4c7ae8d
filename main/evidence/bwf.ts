import { createHash } from 'node:crypto';
import type { SessionInfo, SessionOrigin, TrackInfo } from './chain';

// The Broadcast Wave metadata of an audio segment (EBU Tech 3285 v2 `bext`, and an `iXML`
// chunk): what any archive or audio tool can read without our chain or manifest. The `bext`
// chunk is ASCII by the standard, so its Description carries the case number, the court, the
// room, the session and the segment transliterated; the text as the court wrote it (Kazakh,
// Russian) and each channel's microphone role are in the iXML, which is UTF-8.
//
// Everything here is known when the segment is opened (the first sample's wall time is), so the
// chunks are written once, at the start, and never again: closing a segment, the half-second
// syncs and crash repair only change sizes.

/** The court's clock when no setting names another (Kazakhstan, one zone since 2024). */
export const DEFAULT_COURT_TIME_ZONE = 'Asia/Almaty';
export const ORIGINATOR = 'Hattama';
export const BEXT_FIXED_BYTES = 602;
const BEXT_VERSION = 1;

export interface BwfMeta extends SessionOrigin {
  /** Segment file name (final) and its index on the track. */
  file: string;
  index: number;
  /** Wall time of the first sample (ISO). */
  startedAt: string;
  /**
   * The same in milliseconds with the fraction the capture clock carries, so that TimeReference
   * continues sample-exactly from one segment to the next of a capture run; Date.parse(startedAt)
   * when absent (recovery rebuilding a torn header).
   */
  startMs?: number;
  /** TimeReference carried on from the segment before (same capture run, same day); computed when absent. */
  timeReference?: bigint;
  sampleRate: number;
  channels: number;
  roles?: Array<{ channel: number; role: string }>;
  /** IANA zone of the court's local time; DEFAULT_COURT_TIME_ZONE when absent. */
  timeZone?: string;
}

/** The Broadcast Wave metadata of one audio segment; recovery rebuilds the same from the chain. */
export function segmentMeta(session: SessionInfo, track: TrackInfo, index: number, file: string, startedAt: string, timeZone?: string, startMs?: number): BwfMeta {
  return {
    sessionId: session.sessionId,
    stationId: session.stationId,
    court: session.court,
    courtroom: session.courtroom,
    caseRef: session.caseRef,
    hearingId: session.hearingId,
    file,
    index,
    startedAt,
    startMs,
    sampleRate: track.sampleRate!,
    channels: track.channels!,
    roles: track.roles,
    timeZone,
  };
}

export interface BextFields {
  description: string;
  originator: string;
  originatorReference: string;
  originationDate: string;
  originationTime: string;
  timeReference: bigint;
  version: number;
  codingHistory: string;
}

/** Local date "yyyy-mm-dd", time "hh:mm:ss" and milliseconds since local midnight of an instant. */
export function courtLocalTime(ms: number, timeZone: string): { date: string; time: string; msOfDay: number } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(ms));
  const p = (t: Intl.DateTimeFormatPartTypes) => parts.find((x) => x.type === t)?.value ?? '00';
  const [h, m, s] = [Number(p('hour')), Number(p('minute')), Number(p('second'))];
  return { date: `${p('year')}-${p('month')}-${p('day')}`, time: `${p('hour')}:${p('minute')}:${p('second')}`, msOfDay: (h * 3600 + m * 60 + s) * 1000 + (((ms % 1000) + 1000) % 1000) };
}

/** Unique per segment and at most 32 characters: the session id and the segment's index. */
export function originatorReference(sessionId: string, index: number): string {
  const suffix = `-${String(index).padStart(6, '0')}`;
  const id = sessionId.length + suffix.length <= 32 ? sessionId : createHash('sha256').update(sessionId).digest('hex').slice(0, 32 - suffix.length);
  return id + suffix;
}

export function bextFields(meta: BwfMeta): BextFields {
  const ms = meta.startMs ?? Date.parse(meta.startedAt);
  const local = courtLocalTime(ms, meta.timeZone ?? DEFAULT_COURT_TIME_ZONE);
  return {
    description: describeSegment(meta),
    originator: ORIGINATOR,
    originatorReference: originatorReference(meta.sessionId, meta.index),
    originationDate: local.date,
    originationTime: local.time,
    timeReference: meta.timeReference ?? BigInt(Math.round((local.msOfDay * meta.sampleRate) / 1000)),
    version: BEXT_VERSION,
    codingHistory: `A=PCM,F=${meta.sampleRate},W=16,M=${meta.channels === 1 ? 'mono' : meta.channels === 2 ? 'stereo' : 'multitrack'},T=${ORIGINATOR}\r\n`,
  };
}

/** The case first, so that shortening a long court name never drops it. ASCII, at most 256 bytes. */
function describeSegment(meta: BwfMeta): string {
  const head = `case ${ascii(meta.caseRef ?? '-')}`;
  const tail = `; session ${meta.sessionId}; segment ${meta.index} (${meta.file})`;
  const middle = `; court ${ascii(meta.court || '-')}; room ${ascii(meta.courtroom || '-')}`;
  return (head + middle.slice(0, Math.max(0, 256 - head.length - tail.length)) + tail).slice(0, 256);
}

/** The `bext` chunk (header included, padded to an even size). */
export function bextChunk(f: BextFields): Buffer {
  const history = Buffer.from(ascii(f.codingHistory, true), 'ascii');
  const body = Buffer.alloc(BEXT_FIXED_BYTES + history.length + (history.length & 1));
  let o = 0;
  const put = (s: string, len: number) => {
    body.write(ascii(s).slice(0, len), o, len, 'ascii');
    o += len;
  };
  put(f.description, 256);
  put(f.originator, 32);
  put(f.originatorReference, 32);
  put(f.originationDate, 10);
  put(f.originationTime, 8);
  body.writeBigUInt64LE(f.timeReference, o);
  o += 8;
  body.writeUInt16LE(f.version, o);
  // UMID (64), loudness (10, Version 2 only) and reserved (180): zeros.
  history.copy(body, BEXT_FIXED_BYTES);
  return chunk('bext', body, history.length + BEXT_FIXED_BYTES);
}

/** Reads the fields of a `bext` chunk's body. */
export function parseBext(body: Buffer): BextFields {
  const str = (o: number, len: number) => body.toString('latin1', o, o + len).replace(/\0.*$/s, '');
  return {
    description: str(0, 256),
    originator: str(256, 32),
    originatorReference: str(288, 32),
    originationDate: str(320, 10),
    originationTime: str(330, 8),
    timeReference: body.readBigUInt64LE(338),
    version: body.readUInt16LE(346),
    codingHistory: body.length > BEXT_FIXED_BYTES ? str(BEXT_FIXED_BYTES, body.length - BEXT_FIXED_BYTES) : '',
  };
}

/** The `iXML` chunk: UTF-8, the court's own spelling, and each channel's microphone role. */
export function ixmlChunk(meta: BwfMeta, bext: BextFields): Buffer {
  const roleOf = (ch: number) => meta.roles?.find((r) => r.channel === ch)?.role || `ch${ch}`;
  const tr = bext.timeReference;
  const tracks = Array.from({ length: meta.channels }, (_, i) =>
    `    <TRACK><CHANNEL_INDEX>${i + 1}</CHANNEL_INDEX><INTERLEAVE_INDEX>${i + 1}</INTERLEAVE_INDEX><NAME>${xml(roleOf(i + 1))}</NAME><FUNCTION>MICROPHONE</FUNCTION></TRACK>`,
  );
  const user = [
    `court=${meta.court}`,
    `courtroom=${meta.courtroom}`,
    `case=${meta.caseRef ?? ''}`,
    `hearing=${meta.hearingId ?? ''}`,
    `station=${meta.stationId}`,
    `session=${meta.sessionId}`,
    `segment=${meta.index}`,
    `first_sample=${meta.startedAt}`,
    `time_zone=${meta.timeZone ?? DEFAULT_COURT_TIME_ZONE}`,
  ].join('\n');
  const text = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<BWFXML>',
    '  <IXML_VERSION>2.10</IXML_VERSION>',
    `  <PROJECT>${xml(meta.caseRef ?? '')}</PROJECT>`,
    `  <SCENE>${xml(meta.courtroom)}</SCENE>`,
    `  <TAPE>${xml(meta.sessionId)}</TAPE>`,
    `  <TAKE>${meta.index}</TAKE>`,
    `  <FILE_UID>${xml(bext.originatorReference)}</FILE_UID>`,
    `  <NOTE>${xml([meta.court, meta.courtroom, meta.caseRef ?? ''].filter(Boolean).join(', '))}</NOTE>`,
    '  <SPEED>',
    `    <FILE_SAMPLE_RATE>${meta.sampleRate}</FILE_SAMPLE_RATE>`,
    '    <AUDIO_BIT_DEPTH>16</AUDIO_BIT_DEPTH>',
    `    <TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_HI>${tr >> 32n}</TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_HI>`,
    `    <TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_LO>${tr & 0xffff_ffffn}</TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_LO>`,
    `    <TIMESTAMP_SAMPLE_RATE>${meta.sampleRate}</TIMESTAMP_SAMPLE_RATE>`,
    '  </SPEED>',
    '  <TRACK_LIST>',
    `    <TRACK_COUNT>${meta.channels}</TRACK_COUNT>`,
    ...tracks,
    '  </TRACK_LIST>',
    '  <BEXT>',
    `    <BWF_DESCRIPTION>${xml(bext.description)}</BWF_DESCRIPTION>`,
    `    <BWF_ORIGINATOR>${xml(bext.originator)}</BWF_ORIGINATOR>`,
    `    <BWF_ORIGINATOR_REFERENCE>${xml(bext.originatorReference)}</BWF_ORIGINATOR_REFERENCE>`,
    `    <BWF_ORIGINATION_DATE>${bext.originationDate}</BWF_ORIGINATION_DATE>`,
    `    <BWF_ORIGINATION_TIME>${bext.originationTime}</BWF_ORIGINATION_TIME>`,
    `    <BWF_TIME_REFERENCE_LOW>${tr & 0xffff_ffffn}</BWF_TIME_REFERENCE_LOW>`,
    `    <BWF_TIME_REFERENCE_HIGH>${tr >> 32n}</BWF_TIME_REFERENCE_HIGH>`,
    `    <BWF_VERSION>${bext.version}</BWF_VERSION>`,
    '  </BEXT>',
    `  <USER>${xml(user)}</USER>`,
    '</BWFXML>',
    '',
  ].join('\n');
  const body = Buffer.from(text, 'utf8');
  return chunk('iXML', Buffer.concat([body, Buffer.alloc(body.length & 1)]), body.length);
}

/** A RIFF chunk: id, size (the unpadded length), body (already padded to even). */
export function chunk(id: string, body: Buffer, size = body.length): Buffer {
  const h = Buffer.alloc(8);
  h.write(id, 0, 4, 'ascii');
  h.writeUInt32LE(size, 4);
  return Buffer.concat([h, body]);
}

// Cyrillic (Russian and Kazakh) to plain Latin letters, for the ASCII-only bext fields.
const TRANSLIT: Record<string, string> = {
  а: 'a', ә: 'a', б: 'b', в: 'v', г: 'g', ғ: 'g', д: 'd', е: 'e', ё: 'yo', ж: 'zh', з: 'z', и: 'i', й: 'y', і: 'i',
  к: 'k', қ: 'q', л: 'l', м: 'm', н: 'n', ң: 'n', о: 'o', ө: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ұ: 'u',
  ү: 'u', ф: 'f', х: 'kh', һ: 'h', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
};

/** Printable ASCII only (keeping CR/LF when asked): Cyrillic transliterated, accents dropped, the rest '?'. */
export function ascii(s: string, keepLines = false): string {
  let out = '';
  for (const ch of s) {
    const lower = ch.toLowerCase();
    const t = TRANSLIT[lower];
    if (t !== undefined) {
      out += ch !== lower && t ? t[0]!.toUpperCase() + t.slice(1) : t;
    } else if (/^[\x20-\x7e]$/.test(ch) || (keepLines && (ch === '\r' || ch === '\n'))) {
      out += ch;
    } else if (/^\s$/.test(ch)) {
      out += ' ';
    } else {
      const plain = ch.normalize('NFKD').replace(/[^\x20-\x7e]/g, '');
      out += plain || '?';
    }
  }
  return out;
}

// XML 1.0 text: the five escapes, and no control characters it forbids.
function xml(s: string): string {
  return s
    .replace(/[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
