import { createHash, X509Certificate } from 'node:crypto';
import { HattamaError } from '../../../common/errors';
import type { SignerIdentity } from './signer';

// What a signature records of its certificate, and the checks a certificate must pass before
// its signature is recorded: valid now, and issued to the expected person.

/** The IIN in a subject: Kazakh certificates carry SERIALNUMBER=IIN<12 digits>. */
export function iinOf(subject: string): string | null {
  return /(?:^|[\n,]\s*)serialNumber=IIN(\d{12})(?=$|[\n,])/i.exec(subject)?.[1] ?? null;
}

export function identityOf(cert: X509Certificate): SignerIdentity {
  const subject = cert.subject.split('\n').join(', ');
  const cn = /(?:^|\n)CN=([^\n]*)/.exec(cert.subject)?.[1] ?? subject;
  return {
    subject,
    commonName: cn,
    iin: iinOf(cert.subject),
    issuer: cert.issuer.split('\n').join(', '),
    serial: cert.serialNumber.toLowerCase(),
    certSha256: createHash('sha256').update(cert.raw).digest('hex'),
    notBefore: new Date(cert.validFrom).toISOString(),
    notAfter: new Date(cert.validTo).toISOString(),
  };
}

/**
 * Refuses a certificate that is not valid at `at` (expired, or not yet valid) or, when the
 * station knows who must sign, whose IIN is not that person's. Throws before anything is written.
 */
export function checkCertificate(id: SignerIdentity, at: Date, expectedIin?: string): void {
  if (at > new Date(id.notAfter)) throw new HattamaError('protocol.certificateExpired', { notBefore: id.notBefore, notAfter: id.notAfter });
  if (at < new Date(id.notBefore)) throw new HattamaError('protocol.certificateNotYetValid', { notBefore: id.notBefore, notAfter: id.notAfter });
  if (expectedIin !== undefined && id.iin !== expectedIin) {
    throw new HattamaError('protocol.certificateIinMismatch', { expected: expectedIin, actual: id.iin ?? '—' });
  }
}
