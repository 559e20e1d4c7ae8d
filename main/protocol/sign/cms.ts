import { createHash, sign as nodeSign, type KeyObject } from 'node:crypto';
import forge from 'node-forge';

// A detached CMS SignedData (RFC 5652) with the CAdES-BES signed attributes (ETSI EN 319 122):
// content-type, message-digest, signing-time and signing-certificate-v2 (RFC 5035), built
// with forge's ASN.1 encoder. forge's own PKCS#7 signer cannot add signing-certificate-v2,
// so the structure is assembled here and the signature is made by Node's crypto (RSA or EC).

const { asn1 } = forge;
const C = asn1.Class;
const T = asn1.Type;

const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
};

const oid = (o: string) => asn1.create(C.UNIVERSAL, T.OID, false, asn1.oidToDer(o).getBytes());
const seq = (v: forge.asn1.Asn1[]) => asn1.create(C.UNIVERSAL, T.SEQUENCE, true, v);
const set = (v: forge.asn1.Asn1[]) => asn1.create(C.UNIVERSAL, T.SET, true, v);
const octets = (b: Buffer) => asn1.create(C.UNIVERSAL, T.OCTETSTRING, false, b.toString('binary'));
const int = (n: number) => asn1.create(C.UNIVERSAL, T.INTEGER, false, asn1.integerToDer(n).getBytes());
const der = (a: forge.asn1.Asn1) => asn1.toDer(a).getBytes();
const algo = (o: string, nullParams = true) => seq(nullParams ? [oid(o), asn1.create(C.UNIVERSAL, T.NULL, false, '')] : [oid(o)]);
const attribute = (type: string, value: forge.asn1.Asn1) => seq([oid(type), set([value])]);

function time(d: Date): forge.asn1.Asn1 {
  // RFC 5652: UTCTime for 1950–2049, GeneralizedTime otherwise.
  const y = d.getUTCFullYear();
  return y >= 1950 && y < 2050
    ? asn1.create(C.UNIVERSAL, T.UTCTIME, false, asn1.dateToUtcTime(d))
    : asn1.create(C.UNIVERSAL, T.GENERALIZEDTIME, false, asn1.dateToGeneralizedTime(d));
}

/** issuer Name and serialNumber of a certificate, as they are encoded in it. */
function issuerAndSerial(certDer: Buffer): { issuer: forge.asn1.Asn1; serial: forge.asn1.Asn1 } {
  const cert = asn1.fromDer(certDer.toString('binary'));
  const tbs = (cert.value as forge.asn1.Asn1[])[0]!;
  const fields = tbs.value as forge.asn1.Asn1[];
  const off = fields[0]!.tagClass === C.CONTEXT_SPECIFIC ? 1 : 0; // [0] version is optional
  const copy = (a: forge.asn1.Asn1) => asn1.fromDer(der(a));
  return { serial: copy(fields[off]!), issuer: copy(fields[off + 2]!) };
}

export interface CmsInput {
  content: Buffer;
  /** Signer's certificate first, then any chain certificates to embed. */
  certificates: Buffer[];
  key: KeyObject;
  signingTime: Date;
}

export function createDetachedCadesBes(input: CmsInput): Buffer {
  const signerCert = input.certificates[0];
  if (!signerCert) throw new Error('no signer certificate');
  const { issuer, serial } = issuerAndSerial(signerCert);
  const digest = createHash('sha256').update(input.content).digest();
  const certHash = createHash('sha256').update(signerCert).digest();

  // SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 }
  // ESSCertIDv2 ::= SEQUENCE { hashAlgorithm DEFAULT sha256 (omitted), certHash, issuerSerial }
  // IssuerSerial ::= SEQUENCE { issuer GeneralNames (directoryName [4]), serialNumber }
  const generalNames = seq([asn1.create(C.CONTEXT_SPECIFIC, 4, true, [asn1.fromDer(der(issuer))])]);
  const essCertIdV2 = seq([octets(certHash), seq([generalNames, asn1.fromDer(der(serial))])]);
  const signingCertificateV2 = seq([seq([essCertIdV2])]);

  const attrs = [
    attribute(OID.contentType, oid(OID.data)),
    attribute(OID.signingTime, time(input.signingTime)),
    attribute(OID.messageDigest, octets(digest)),
    attribute(OID.signingCertificateV2, signingCertificateV2),
  ];
  // DER: the members of a SET OF are sorted by their encodings. Verifiers re-encode the set
  // to check the signature, so an unsorted set would not verify.
  attrs.sort((a, b) => Buffer.compare(Buffer.from(der(a), 'binary'), Buffer.from(der(b), 'binary')));

  // The signature covers the attributes encoded as a SET (tag 0x31), not as the [0] they travel in.
  const signedBytes = Buffer.from(der(set(attrs)), 'binary');
  const isEc = input.key.asymmetricKeyType === 'ec';
  const isRsa = input.key.asymmetricKeyType === 'rsa';
  if (!isEc && !isRsa) throw new Error(`unsupported key type ${input.key.asymmetricKeyType}`);
  const signature = nodeSign('sha256', signedBytes, input.key);

  const signerInfo = seq([
    int(1),
    seq([issuer, serial]),
    algo(OID.sha256),
    asn1.create(C.CONTEXT_SPECIFIC, 0, true, attrs),
    isEc ? algo(OID.ecdsaWithSha256, false) : algo(OID.rsaEncryption),
    octets(signature),
  ]);
  const signedData = seq([
    int(1),
    set([algo(OID.sha256)]),
    seq([oid(OID.data)]), // detached: no eContent
    asn1.create(C.CONTEXT_SPECIFIC, 0, true, input.certificates.map((c) => asn1.fromDer(c.toString('binary')))),
    set([signerInfo]),
  ]);
  const contentInfo = seq([oid(OID.signedData), asn1.create(C.CONTEXT_SPECIFIC, 0, true, [signedData])]);
  return Buffer.from(der(contentInfo), 'binary');
}
