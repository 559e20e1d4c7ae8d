import { sign } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { enrollmentMessage } from '../../common/sync-api';
import { writeFileDurable } from '../fs/durable';
import { loadOrCreateStationKey } from '../keys/station-key';
import { CentralClient } from './client';

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
export type Credentials = z.infer<typeof CredentialsSchema>;

/** "http://host:port/" with one trailing slash, so that two spellings of a URL compare equal. */
export function normaliseUrl(u: string): string {
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

export async function enrollStation(opts: { dataDir: string; centralUrl: string; code: string; stationId: string; court: string; courtroom: string }): Promise<Credentials> {
  const key = loadOrCreateStationKey(opts.dataDir);
  const centralUrl = normaliseUrl(opts.centralUrl);
  const signature = sign(null, Buffer.from(enrollmentMessage(opts.stationId, opts.code)), key.privateKey).toString('base64');
  const client = new CentralClient(centralUrl, null);
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
  return creds;
}
