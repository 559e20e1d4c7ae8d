// Ogg pages out of ffmpeg's byte stream. The live observation sends whole pages to central (the
// supervisor's player parses pages, and a page is the smallest unit a relay can cut at without
// corrupting the stream), but a pipe delivers bytes in arbitrary pieces, so pages are
// reassembled here. Layout (RFC 3533): "OggS", version, flags, granule (int64), serial,
// sequence, CRC, segment count, segment table (lacing values), body.

const CAPTURE = Buffer.from('OggS', 'latin1');
const HEADER_BYTES = 27;
/** Header type flags (byte 5). */
export const OGG_CONTINUED = 0x01;
export const OGG_BOS = 0x02;
export const OGG_EOS = 0x04;

const OPUS_HEAD = Buffer.from('OpusHead', 'latin1');
const OPUS_TAGS = Buffer.from('OpusTags', 'latin1');

export class OggPageSplitter {
  private pending: Buffer = Buffer.alloc(0);
  private offset = 0; // bytes of the stream consumed so far, for the error message

  /** Every page completed by `bytes`; a partial page stays until the next push. Throws when the bytes are not Ogg. */
  push(bytes: Buffer): Buffer[] {
    const buf = this.pending.length ? Buffer.concat([this.pending, bytes]) : bytes;
    const pages: Buffer[] = [];
    let at = 0;
    for (;;) {
      const len = pageLength(buf, at, this.offset + at);
      if (len === null) break;
      // Copied: the caller may keep pages long after the pipe's buffer is reused.
      pages.push(Buffer.from(buf.subarray(at, at + len)));
      at += len;
    }
    this.offset += at;
    this.pending = Buffer.from(buf.subarray(at));
    return pages;
  }

  /** Bytes of an unfinished page held back (0 at a page boundary). */
  get buffered(): number {
    return this.pending.length;
  }
}

/** Length of the page starting at `at`, or null when it is not all there yet. Throws on a bad header. */
function pageLength(buf: Buffer, at: number, streamOffset: number): number | null {
  const have = buf.length - at;
  if (have <= 0) return null;
  // Checked on as many bytes as there are, so garbage fails at once, not after 27 bytes.
  const probe = Math.min(have, CAPTURE.length);
  if (buf.compare(CAPTURE, 0, probe, at, at + probe) !== 0) {
    throw new Error(`not an Ogg stream: no "OggS" capture pattern at byte ${streamOffset} (found ${JSON.stringify(buf.subarray(at, at + probe).toString('latin1'))})`);
  }
  if (have < HEADER_BYTES) return null;
  const version = buf[at + 4];
  if (version !== 0) throw new Error(`not an Ogg stream: page version ${version} at byte ${streamOffset}`);
  const segments = buf[at + 26] ?? 0;
  if (have < HEADER_BYTES + segments) return null;
  let body = 0;
  for (let i = 0; i < segments; i++) body += buf[at + HEADER_BYTES + i] ?? 0;
  const len = HEADER_BYTES + segments + body;
  return have < len ? null : len;
}

export function pageFlags(page: Buffer): number {
  return page[5] ?? 0;
}

/** The page's granule position (for Opus: 48 kHz samples at the end of the last packet ending on it, pre-skip included). */
export function pageGranule(page: Buffer): bigint {
  return page.readBigInt64LE(6);
}

/** The page's body (its packets' bytes, laced together). */
export function pageBody(page: Buffer): Buffer {
  const segments = page[26] ?? 0;
  return page.subarray(HEADER_BYTES + segments);
}

/** How many packets end on the page (lacing values below 255 close a packet). */
export function packetsEnding(page: Buffer): number {
  const segments = page[26] ?? 0;
  let n = 0;
  for (let i = 0; i < segments; i++) if ((page[HEADER_BYTES + i] ?? 0) < 255) n++;
  return n;
}

/** Which Opus header packet starts on the page, if one does (a continued page starts mid-packet). */
export function opusHeaderOn(page: Buffer): 'OpusHead' | 'OpusTags' | null {
  if (pageFlags(page) & OGG_CONTINUED) return null;
  const body = pageBody(page);
  if (startsWith(body, OPUS_HEAD)) return 'OpusHead';
  if (startsWith(body, OPUS_TAGS)) return 'OpusTags';
  return null;
}

/**
 * A page of the Ogg Opus head: the first page (BOS, the OpusHead packet) or one starting the
 * OpusTags packet. Audio pages never start with either magic: RFC 7845 has audio begin on a
 * fresh page after the tags. (A tags packet over 64 KiB would continue on a page with the
 * continued flag and no magic; OpusStream follows it by counting packet ends.)
 */
export function isHeadPage(page: Buffer): boolean {
  return (pageFlags(page) & OGG_BOS) !== 0 || opusHeaderOn(page) !== null;
}

function startsWith(b: Buffer, magic: Buffer): boolean {
  return b.length >= magic.length && b.compare(magic, 0, magic.length, 0, magic.length) === 0;
}
