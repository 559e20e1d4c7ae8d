import { CentralKeysResponseSchema, SessionChainResponseSchema, type CentralKeysResponse, type SessionChainResponse } from '../../common/chain-anchor';
import fs from 'node:fs';
import path from 'node:path';
import { HattamaError } from '../../common/errors';
import { fetch as undiciFetch } from 'undici';
import { readCredentials } from '../sync/enrollment';
import { dispatcherFor, readCa } from '../sync/tls-trust';

// Central's anchored chain of one session (GET /v1/sessions/:id/chain, the station's token)
// and central's published keys (GET /v1/keys), for `hattama verify --central`.

export interface CentralAnchor {
  /** null: central holds no link of this session. */
  chain: SessionChainResponse | null;
  keys: CentralKeysResponse['keys'];
}

async function getJson(url: URL, token: string | null, ca: string | undefined, timeoutMs: number): Promise<{ status: number; json: unknown }> {
  let res: Awaited<ReturnType<typeof undiciFetch>>;
  try {
    // The court's private CA, when it has one, as for every other request to central.
    const dispatcher = dispatcherFor(ca);
    res = await undiciFetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {}, signal: AbortSignal.timeout(timeoutMs), ...(dispatcher ? { dispatcher } : {}) });
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    throw new HattamaError('sync.unreachable', { detail: cause?.code ?? cause?.message ?? (e as Error).message });
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  if (res.status === 401) throw new HattamaError('sync.unauthorized', { detail: text.slice(0, 300), status: 401 });
  if (!res.ok && res.status !== 404) throw new HattamaError('sync.rejected', { status: res.status, detail: text.slice(0, 300) });
  return { status: res.status, json };
}

export async function fetchCentralAnchor(centralUrl: string, token: string, sessionId: string, opts: { ca?: string; timeoutMs?: number } = {}): Promise<CentralAnchor> {
  const get = (u: URL, t: string | null) => getJson(u, t, opts.ca, opts.timeoutMs ?? 20_000);
  const keys = await get(new URL('/v1/keys', centralUrl), null);
  const k = CentralKeysResponseSchema.safeParse(keys.json);
  if (!k.success) throw new HattamaError('sync.rejected', { status: keys.status, detail: 'unexpected answer to /v1/keys' });
  const r = await get(new URL(`/v1/sessions/${encodeURIComponent(sessionId)}/chain`, centralUrl), token);
  if (r.status === 404) return { chain: null, keys: k.data.keys };
  const c = SessionChainResponseSchema.safeParse(r.json);
  if (!c.success) throw new HattamaError('sync.rejected', { status: r.status, detail: 'unexpected answer to the chain of a session' });
  return { chain: c.data, keys: k.data.keys };
}

/** For a session folder: central's anchor, asked with the station's token (DATA/keys/central.json), trusting `caFile` too. */
export async function centralAnchorFor(target: string, centralUrl: string, dataDir?: string, caFile?: string): Promise<CentralAnchor> {
  let dir = path.resolve(target);
  if (fs.existsSync(dir) && fs.statSync(dir).isFile()) dir = path.dirname(dir);
  const data = dataDir ? path.resolve(dataDir) : path.resolve(dir, '..', '..');
  const creds = readCredentials(data);
  if (!creds) throw new HattamaError('recording.noCentralToken', { path: data });
  return fetchCentralAnchor(centralUrl, creds.token, path.basename(dir), { ca: readCa(caFile) });
}

/**
 * The links central anchored for a session, for recovery to hold the disk against: null when the
 * station is not enrolled, central cannot be reached in `timeoutMs`, or answers otherwise (recovery
 * then relies on the database's record alone, and says so in the log).
 */
export async function centralLinksOf(dataDir: string, caFile: string, sessionId: string, timeoutMs = 3000): Promise<Array<{ idx: number; hash: string }> | null> {
  const creds = readCredentials(dataDir);
  if (!creds) return null;
  try {
    const a = await fetchCentralAnchor(creds.centralUrl, creds.token, sessionId, { ca: readCa(caFile), timeoutMs });
    return (a.chain?.links ?? []).map((l) => ({ idx: l.index, hash: l.hash }));
  } catch {
    return null;
  }
}
