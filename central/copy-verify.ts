import { createHash, createPublicKey, verify } from 'node:crypto';
import type { ReceiptCheck } from '../common/sync-api';
import type { CentralDb } from './schema';

// When a request's four files are in: does receipt.sig hold over receipt.json's exact bytes with
// the delivering station's enrolled Ed25519 key (not merely the key the signature names), do
// copy.mp4 and protocol.pdf have the SHA-256 and size the receipt gives them, and is the receipt
// of the requested hearing (the station's own number of it, as its protocol header told central)?

const COPY_FORMAT = 'hattama-copy/1';

interface Receipt {
  format?: unknown;
  copyId?: unknown;
  hearingId?: unknown;
  files?: Array<{ role?: unknown; file?: unknown; sha256?: unknown; bytes?: unknown }>;
}

export async function checkReceipt(
  db: CentralDb,
  o: { stationId: string; hearingId: string; receipt: Buffer; signature: Buffer; stored: Map<string, { sha256: string; bytes: number }> },
): Promise<ReceiptCheck> {
  const problems: string[] = [];
  const station = await db.selectFrom('stations').select(['public_key']).where('station_id', '=', o.stationId).executeTakeFirstOrThrow();
  const enrolled = createPublicKey(station.public_key);
  const der = enrolled.export({ type: 'spki', format: 'der' });
  const enrolledId = `sha256:${createHash('sha256').update(der).digest('hex')}`;
  let sig: { alg?: unknown; keyId?: unknown; publicKey?: unknown; value?: unknown } = {};
  try {
    sig = JSON.parse(o.signature.toString('utf8')) as typeof sig;
  } catch {
    problems.push('receipt.sig is not JSON');
  }
  let signatureValid = false;
  if (sig.publicKey !== undefined && sig.publicKey !== der.toString('base64')) problems.push(`receipt.sig names key ${String(sig.keyId)}, not the station's enrolled key ${enrolledId}`);
  else if (typeof sig.value === 'string') {
    try {
      signatureValid = sig.alg === 'Ed25519' && verify(null, o.receipt, enrolled, Buffer.from(sig.value, 'base64'));
    } catch {
      signatureValid = false;
    }
  }
  if (!signatureValid && !problems.some((p) => p.startsWith('receipt.sig'))) problems.push("receipt.sig does not hold over receipt.json with the station's enrolled key");
  let r: Receipt = {};
  try {
    r = JSON.parse(o.receipt.toString('utf8')) as Receipt;
  } catch {
    problems.push('receipt.json is not JSON');
  }
  if (r.format !== undefined && r.format !== COPY_FORMAT) problems.push(`receipt.json is of format ${String(r.format)}, not ${COPY_FORMAT}`);
  let filesMatch = true;
  for (const name of ['copy.mp4', 'protocol.pdf']) {
    const said = (r.files ?? []).find((f) => f.file === name);
    const got = o.stored.get(name);
    if (!said || !got || said.sha256 !== got.sha256 || said.bytes !== got.bytes) {
      filesMatch = false;
      problems.push(said ? `${name} has SHA-256 ${got?.sha256 ?? '—'}, the receipt says ${String(said.sha256)}` : `the receipt does not name ${name}`);
    }
  }
  let hearingMatch = false;
  if (typeof r.hearingId === 'number') {
    const h = await db.selectFrom('protocol_hearings').select(['hearing_uid', 'external_id']).where('station_id', '=', o.stationId).where('local_id', '=', r.hearingId).executeTakeFirst();
    hearingMatch = !!h && (h.external_id === o.hearingId || h.hearing_uid === o.hearingId);
  }
  if (!hearingMatch) problems.push(`the receipt is of the station's hearing ${String(r.hearingId)}, not of ${o.hearingId}`);
  return {
    checkedAt: new Date().toISOString(),
    copyId: typeof r.copyId === 'string' ? r.copyId : null,
    keyId: typeof sig.keyId === 'string' ? sig.keyId : null,
    signatureValid,
    filesMatch,
    hearingMatch,
    problem: problems.length ? problems.join('; ') : null,
  };
}
