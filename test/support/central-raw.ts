import { generateKeyPairSync, sign } from 'node:crypto';
import { enrollmentMessage } from '../../common/sync-api';
import type { CentralProcess } from './central-process';

// Talking to central as a station does, with nothing of the station's code in between: what an
// attacker holding a token (or none) can send.

export async function enrollRaw(c: CentralProcess, stationId: string, code: string, where: { court?: string; courtroom?: string } = {}) {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const body = {
    code,
    stationId,
    court: where.court ?? 'Court',
    courtroom: where.courtroom ?? 'Room 7',
    publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    signature: sign(null, Buffer.from(enrollmentMessage(stationId, code)), privateKey).toString('base64'),
  };
  const r = await fetch(new URL('/v1/enroll', c.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: r.status, json: (await r.json()) as { token: string; error?: string; courtroom?: string } };
}

export async function post(c: CentralProcess, path: string, token: string, body: unknown, raw = false) {
  const r = await fetch(new URL(path, c.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: raw ? (body as string) : JSON.stringify(body),
  });
  return { status: r.status, json: (await r.json().catch(() => null)) as Record<string, unknown> };
}

/** A fresh one-time code from the admin API. */
export async function code(c: CentralProcess, where: { court?: string; courtroom?: string } = {}): Promise<string> {
  const { json } = await c.admin<{ code: string }>('POST', '/admin/codes', where);
  return json.code;
}
