import { sign } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { enrollmentMessage } from '../../common/sync-api';
import { writeFileDurable } from '../fs/durable';
import type { StationKey } from '../keys/station-key';
import { CentralClient } from './client';
import { assertSecureCentralUrl } from './tls-trust';

// Enrollment: the station proves it holds its Ed25519 key (the same key that signs its
// recording manifests, DATA/keys/) and trades a one-time code for a bearer token. The token is
// kept beside the key, readable by the station's user only.

export const CREDENTIALS_FILE = 'central.json';

const CredentialsSchema = z.object({
  centralUrl: z.string(),
  stationId: z.string(),
  token: z.string(),
  court: z.string(),
  courtroom: z.string(),
  enrolledAt: z.string(),
});
/** What central.json holds, and (not stored) the court's CA the connection trusts. */
export type Credentials = z.infer<typeof CredentialsSchema> & { ca?: string };

/**
 * "https://host:port/" with one trailing slash, so that two spellings of a URL compare equal.
 * Refuses (sync.insecureUrl) an address that is not https:// or http:// to this machine.
 */
export function normaliseUrl(u: string): string {
  assertSecureCentralUrl(u);
  const url = new URL(u);
  return `${url.origin}${url.pathname.replace(/\/*$/, '/')}`;
}

export function credentialsPath(dataDir: string): string {
  return path.join(dataDir, 'keys', CREDENTIALS_FILE);
}

export function readCredentials(dataDir: string): Credentials | null {
  try {
    return CredentialsSchema.parse(JSON.parse(fs.readFileSync(credentialsPath(dataDir), 'utf8')));
  } catch {
    return null;
  }
}

/** Credentials usable against this central URL (enrolled there), else null. */
export function credentialsFor(dataDir: string, centralUrl: string): Credentials | null {
  const c = readCredentials(dataDir);
  if (!c || !centralUrl) return null;
  try {
    return normaliseUrl(c.centralUrl) === normaliseUrl(centralUrl) ? c : null;
  } catch {
    return null;
  }
}

export async function enrollStation(opts: { dataDir: string; key: StationKey; centralUrl: string; code: string; stationId: string; court: string; courtroom: string; ca?: string }): Promise<Credentials> {
  const centralUrl = normaliseUrl(opts.centralUrl);
  const key = opts.key;
  const signature = sign(null, Buffer.from(enrollmentMessage(opts.stationId, opts.code)), key.privateKey).toString('base64');
  const client = new CentralClient(centralUrl, null, undefined, opts.ca);
  const r = await client.enroll({
    code: opts.code.trim(),
    stationId: opts.stationId,
    court: opts.court,
    courtroom: opts.courtroom,
    publicKey: key.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    signature,
  });
  const creds: Credentials = { centralUrl, stationId: r.stationId, token: r.token, court: r.court, courtroom: r.courtroom, enrolledAt: new Date().toISOString() };
  const file = credentialsPath(opts.dataDir);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileDurable(file, JSON.stringify(creds, null, 2), 0o600);
  return { ...creds, ca: opts.ca };
}
