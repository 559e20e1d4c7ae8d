import type { AdminCopyRequestView } from '../common/sync-api';
import type { CopyRequests } from './copy-requests';
import type { CopyUploads } from './copy-uploads';
import type { CentralDb } from './schema';
import { sealsInForce } from './seal-book';

// A copy leaves out the seals in force when it was made (its receipt names them, per session). A
// seal laid on one of its sessions afterwards is not left out of it: central then withholds the
// copy's video and protocol, as it withholds any sealed recording, until the seal is lifted.

export async function sealedSince(db: CentralDb, requests: CopyRequests, uploads: CopyUploads, requestId: string): Promise<AdminCopyRequestView['sealedSince']> {
  const r = await requests.row(requestId);
  const receipt = (await requests.received(requestId)).find((f) => f.name === 'receipt.json');
  if (!r?.station_id || !receipt) return [];
  let made: { sessions?: Array<{ sessionId?: unknown; recordedMs?: unknown }>; removed?: Array<{ sessionId?: unknown; fromMs?: unknown; toMs?: unknown }> };
  try {
    made = JSON.parse((await uploads.bytes(receipt.uploadId)).toString('utf8')) as typeof made;
  } catch {
    return [];
  }
  const sessions = (made.sessions ?? []).map((s) => s.sessionId).filter((s): s is string => typeof s === 'string');
  const seals = await sealsInForce(db, r.station_id, sessions);
  const removed = made.removed ?? [];
  const out: AdminCopyRequestView['sealedSince'] = [];
  for (const list of seals.values()) {
    for (const s of list) {
      // The copy took out the part of a seal that lies on the recording (rounded to the ms).
      const recorded = made.sessions?.find((x) => x.sessionId === s.sessionId)?.recordedMs;
      const from = Math.max(0, s.fromMs);
      const to = Math.min(typeof recorded === 'number' ? recorded : s.toMs, s.toMs);
      const left = to <= from || removed.some((x) => x.sessionId === s.sessionId && typeof x.fromMs === 'number' && typeof x.toMs === 'number' && x.fromMs <= from + 1 && x.toMs >= to - 1);
      if (!left) out.push({ sessionId: s.sessionId, fromMs: s.fromMs, toMs: s.toMs });
    }
  }
  return out;
}
