import { randomBytes } from 'node:crypto';
import type { Settings } from '../../common/settings';
import type { ProvenKey } from '../people/people-module';
import { checkCertificate, identityOf } from '../protocol/sign/certificate';
import { verifyDetachedCms } from '../protocol/sign/cms-verify';
import { signerFor } from '../protocol/sign/signer-for';

/**
 * Proof of a signing key for sign-in: the station's signing provider (a PKCS#12 file, or
 * NCALayer) signs a fresh random challenge; the signature is verified against the certificate
 * it carries, which must be valid now. Only then is the certificate matched to a person (people
 * domain). The challenge is never reused, so a recorded signature proves nothing later.
 */
export async function proveKey(settings: Settings, i: { p12Path?: string; password?: string }): Promise<ProvenKey> {
  const challenge = Buffer.concat([Buffer.from(`hattama-sign-in\n${settings.stationId}\n${new Date().toISOString()}\n`), randomBytes(32)]);
  const signature = await signerFor(settings, i).signDetached(challenge);
  const { certificate } = verifyDetachedCms(signature.p7s, challenge);
  const id = identityOf(certificate);
  checkCertificate(id, new Date());
  return { iin: id.iin, certSha256: id.certSha256, subject: id.subject };
}
