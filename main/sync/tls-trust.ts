import fs from 'node:fs';
import tls from 'node:tls';
import * as tus from 'tus-js-client';
import { Agent } from 'undici';
import { isSecureCentralUrl } from '../../common/central-url';
import { HattamaError } from '../../common/errors';

// What the station trusts when it talks to central: https:// (http:// only to this machine),
// checked against the system's CAs and, when a court runs its own, its private CA
// (settings.central.caFile, `hattama enroll --ca`). The same trust serves every request: enroll,
// event pushes, heartbeats, feeds (undici) and tus uploads (Node's https).

/** Refuses a central URL that would carry tokens and recordings in clear. */
export function assertSecureCentralUrl(u: string): void {
  if (!isSecureCentralUrl(u)) throw new HattamaError('sync.insecureUrl', { url: u });
}

/** The PEM text of a CA file, or undefined when none is configured. */
export function readCa(caFile: string | undefined): string | undefined {
  if (!caFile) return undefined;
  try {
    const pem = fs.readFileSync(caFile, 'utf8');
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new Error('no PEM certificate in it');
    return pem;
  } catch (e) {
    throw new HattamaError('sync.caUnreadable', { file: caFile, detail: (e as Error).message }, undefined, { cause: e });
  }
}

/** An undici dispatcher that also trusts `ca` (the system's CAs stay trusted). */
export function dispatcherFor(ca: string | undefined): Agent | undefined {
  return ca ? new Agent({ connect: { ca: withSystemCas(ca) } }) : undefined;
}

/** tus-js-client's Node HTTP stack, trusting `ca` too. */
export function tusHttpStack(ca: string | undefined): tus.HttpStack | undefined {
  return ca ? new tus.DefaultHttpStack({ ca: withSystemCas(ca) }) : undefined;
}

function withSystemCas(ca: string): string[] {
  // Giving `ca` replaces Node's default list: keep the system's roots beside the court's own.
  return [...tls.rootCertificates, ca];
}

const TLS_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** The code of a failed connection when it is central's certificate that was not trusted. */
export function untrustedCertificate(err: unknown): string | null {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, i = 0; e && i < 5; e = e.cause as typeof e, i++) {
    if (typeof e.code === 'string' && TLS_CODES.has(e.code)) return e.code;
  }
  return null;
}
