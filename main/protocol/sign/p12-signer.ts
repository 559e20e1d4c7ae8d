import { createPrivateKey, createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import forge from 'node-forge';
import { HattamaError } from '../../../common/errors';
import { checkCertificate, identityOf } from './certificate';
import { createDetachedCadesBes } from './cms';
import type { DetachedSignature, Signer, SignerIdentity } from './signer';

/** Reads a password file: its first line, without the line end (a trailing newline is normal). */
export function readPasswordFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').split(/\r?\n/)[0] ?? '';
  } catch (e) {
    throw new HattamaError('protocol.passwordFileUnreadable', { path: file }, undefined, { cause: e });
  }
}

/** Signs with the private key and certificate of a PKCS#12 (.p12/.pfx) file. */
export class P12Signer implements Signer {
  readonly kind = 'p12' as const;
  private readonly key: KeyObject;
  private readonly chain: Buffer[];
  private readonly cert: X509Certificate;

  constructor(p12Path: string, password: string) {
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(p12Path);
    } catch (e) {
      throw new HattamaError('protocol.keyUnreadable', { path: p12Path }, undefined, { cause: e });
    }
    let p12: forge.pkcs12.Pkcs12Pfx;
    try {
      p12 = parsePkcs12(bytes.toString('binary'), password);
    } catch (e) {
      throw new HattamaError('protocol.keyPassword', { path: p12Path }, undefined, { cause: e });
    }
    const keyBags = [
      ...(p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag! })[forge.pki.oids.pkcs8ShroudedKeyBag!] ?? []),
      ...(p12.getBags({ bagType: forge.pki.oids.keyBag! })[forge.pki.oids.keyBag!] ?? []),
    ];
    const certBags = p12.getBags({ bagType: forge.pki.oids.certBag! })[forge.pki.oids.certBag!] ?? [];
    const keyBag = keyBags[0];
    if (!keyBag || certBags.length === 0) throw new HattamaError('protocol.keyMissing', { path: p12Path });
    if (!keyBag.key) throw new HattamaError('protocol.keyUnsupported', { type: 'non-RSA' });
    this.key = createPrivateKey(forge.pki.privateKeyToPem(keyBag.key));

    const certs = certBags.filter((b) => b.cert).map((b) => Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(b.cert!)).getBytes(), 'binary'));
    // The signer's certificate is the one whose public key matches the private key; the rest is chain.
    const keyId = keyBag.attributes?.localKeyId?.[0];
    let signerIdx = certBags.findIndex((b) => keyId && b.attributes?.localKeyId?.[0] === keyId);
    if (signerIdx < 0) {
      const spki = (k: KeyObject) => k.export({ format: 'der', type: 'spki' }).toString('hex');
      const mine = spki(createPublicKey(this.key));
      signerIdx = certs.findIndex((c) => spki(new X509Certificate(c).publicKey) === mine);
    }
    if (signerIdx < 0) throw new HattamaError('protocol.keyMissing', { path: p12Path });
    this.chain = [certs[signerIdx]!, ...certs.filter((_, i) => i !== signerIdx)];
    this.cert = new X509Certificate(this.chain[0]!);
  }

  async identity(): Promise<SignerIdentity> {
    return identityOf(this.cert);
  }

  async signDetached(data: Buffer, at = new Date()): Promise<DetachedSignature> {
    const id = identityOf(this.cert);
    checkCertificate(id, at);
    const p7s = createDetachedCadesBes({ content: data, certificates: this.chain, key: this.key, signingTime: at });
    return { p7s, signedAt: at, signer: id };
  }
}

/**
 * forge derives the PKCS#12 MAC key from the password as UTF-16 (right), but feeds PBES2
 * (PBKDF2, OpenSSL 3's default for the key) the password's UTF-16 code units as if they were
 * bytes, while OpenSSL feeds it UTF-8. A password with Kazakh letters therefore fails in forge.
 * For such a password the MAC is checked here with the UTF-16 password, then the contents are
 * decrypted with the UTF-8 bytes.
 */
function parsePkcs12(der: string, password: string): forge.pkcs12.Pkcs12Pfx {
  try {
    return forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(der), false, password);
  } catch (e) {
    // eslint-disable-next-line no-control-regex
    if (/^[\x00-\x7f]*$/.test(password)) throw e;
    const pfx = forge.asn1.fromDer(der);
    const parts = pfx.value as forge.asn1.Asn1[];
    const macData = parts[2];
    if (macData) {
      verifyMac(parts[1]!, macData, password);
      pfx.value = parts.slice(0, 2);
    }
    return forge.pkcs12.pkcs12FromAsn1(pfx, false, forge.util.encodeUtf8(password));
  }
}

function verifyMac(authSafe: forge.asn1.Asn1, macData: forge.asn1.Asn1, password: string): void {
  const [digestInfo, saltA, iterA] = macData.value as forge.asn1.Asn1[];
  const [algId, digestA] = digestInfo!.value as forge.asn1.Asn1[];
  const oid = forge.asn1.derToOid((algId!.value as forge.asn1.Asn1[])[0]!.value as string);
  const mdName = forge.pki.oids[oid] as string | undefined;
  const md = mdName === 'sha256' ? forge.md.sha256.create() : mdName === 'sha512' ? forge.md.sha512.create() : mdName === 'sha384' ? forge.md.sha384.create() : forge.md.sha1.create();
  const iterations = iterA ? forge.util.createBuffer(iterA.value as string).getInt((iterA.value as string).length * 8) : 1;
  const key = forge.pkcs12.generateKey(password, forge.util.createBuffer(saltA!.value as string), 3, iterations, md.digestLength, md);
  const content = (authSafe.value as forge.asn1.Asn1[])[1]!;
  const octets = (content.value as forge.asn1.Asn1[])[0]!;
  const data = typeof octets.value === 'string' ? octets.value : (octets.value as forge.asn1.Asn1[]).map((c) => c.value as string).join('');
  const hmac = forge.hmac.create();
  hmac.start(md, key.getBytes());
  hmac.update(data);
  if (hmac.digest().getBytes() !== (digestA!.value as string)) throw new Error('PKCS#12 MAC could not be verified');
}
