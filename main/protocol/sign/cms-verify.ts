import { createHash, verify, X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { HattamaError } from '../../../common/errors';

// Checks a detached CMS SignedData that a key holder outside the station made (NCALayer): that
// it is detached, that its message-digest attribute is the digest of exactly our bytes, and that
// the signature over its signed attributes verifies with the public key of a certificate it
// carries. That certificate is the signer's. Only RSA and ECDSA with SHA-1/SHA-2 can be checked
// with Node's crypto; other algorithms (GOST) are refused rather than recorded unchecked.

const { asn1 } = forge;
type Asn1 = forge.asn1.Asn1;

const DIGESTS: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};
const RSA_OR_EC = new Set([
  '1.2.840.113549.1.1.1', // rsaEncryption
  '1.2.840.113549.1.1.5', // sha1WithRSAEncryption
  '1.2.840.113549.1.1.11', // sha256WithRSAEncryption
  '1.2.840.113549.1.1.12',
  '1.2.840.113549.1.1.13',
  '1.2.840.10045.4.1', // ecdsa-with-SHA1
  '1.2.840.10045.4.3.2', // ecdsa-with-SHA256
  '1.2.840.10045.4.3.3',
  '1.2.840.10045.4.3.4',
]);
const MESSAGE_DIGEST = '1.2.840.113549.1.9.4';
const SIGNING_TIME = '1.2.840.113549.1.9.5';

const invalid = (reason: string): HattamaError => new HattamaError('protocol.signatureInvalid', { reason });
const kids = (a: Asn1 | undefined): Asn1[] => (a && Array.isArray(a.value) ? (a.value as Asn1[]) : []);
const oidOf = (a: Asn1 | undefined): string => (a && typeof a.value === 'string' ? asn1.derToOid(a.value) : '');
const bytes = (a: Asn1): Buffer => Buffer.from(asn1.toDer(a).getBytes(), 'binary');

export interface VerifiedCms {
  /** The signer's certificate (its key verified the signature). */
  certificate: X509Certificate;
  /** The signing-time attribute, when the signer put one in. */
  signingTime: Date | null;
}

export function verifyDetachedCms(p7s: Buffer, content: Buffer): VerifiedCms {
  let ci: Asn1;
  try {
    // Bit strings stay raw, so certificates and attributes re-encode to the very bytes they came in.
    ci = (asn1.fromDer as unknown as (bytes: string, options: { decodeBitStrings: boolean }) => Asn1)(p7s.toString('binary'), { decodeBitStrings: false });
  } catch (e) {
    throw invalid(`not DER: ${(e as Error).message}`);
  }
  if (oidOf(kids(ci)[0]) !== '1.2.840.113549.1.7.2') throw invalid('not a CMS SignedData');
  const sd = kids(kids(ci)[1])[0];
  const parts = kids(sd);
  const encap = parts[2];
  if (kids(encap).length > 1) throw invalid('the signature is not detached');
  const certs = parts
    .filter((p) => p.tagClass === asn1.Class.CONTEXT_SPECIFIC && p.type === 0)
    .flatMap(kids)
    .map((c) => new X509Certificate(bytes(c)));
  const signerInfos = parts[parts.length - 1];
  const si = kids(signerInfos)[0];
  if (!si || certs.length === 0) throw invalid('no signer or no certificate in the signature');

  const f = kids(si);
  const digestName = DIGESTS[oidOf(kids(f[2])[0])];
  const attrsNode = f[3];
  if (!attrsNode || attrsNode.tagClass !== asn1.Class.CONTEXT_SPECIFIC || attrsNode.type !== 0) throw invalid('no signed attributes');
  const sigAlg = oidOf(kids(f[4])[0]);
  const signature = f[5] && typeof f[5].value === 'string' ? Buffer.from(f[5].value, 'binary') : null;
  if (!digestName || !RSA_OR_EC.has(sigAlg) || !signature) {
    throw new HattamaError('protocol.keyUnsupported', { type: `${oidOf(kids(f[2])[0])} / ${sigAlg}` });
  }

  const attrs = new Map(kids(attrsNode).map((a) => [oidOf(kids(a)[0]), kids(kids(a)[1])[0]]));
  const md = attrs.get(MESSAGE_DIGEST);
  const expected = createHash(digestName).update(content).digest();
  if (!md || typeof md.value !== 'string' || !Buffer.from(md.value, 'binary').equals(expected)) {
    throw invalid('its message digest is not the digest of the protocol file');
  }
  // The signature covers the attributes as a SET (tag 0x31), not as the [0] they travel in.
  const signed = bytes(attrsNode);
  signed[0] = 0x31;
  const certificate = certs.find((c) => verify(digestName, signed, c.publicKey, signature));
  if (!certificate) throw invalid('no certificate in it verifies the signature');

  const st = attrs.get(SIGNING_TIME);
  let signingTime: Date | null = null;
  if (st && typeof st.value === 'string') {
    signingTime = st.type === asn1.Type.UTCTIME ? asn1.utcTimeToDate(st.value) : asn1.generalizedTimeToDate(st.value);
  }
  return { certificate, signingTime };
}
