import type { CentralDb } from './schema';
import { sealedAt, sealsInForce } from './seal-book';

// The raw events log as central serves it (GET /admin/events): the text of a protocol entry pinned
// inside a seal in force is withheld (its first revision, rides with the entry, and every later
// one), with the speaker's name, as a participant's copy of the protocol withholds them; so are
// the judge's own words on a seal record, which the station shows to a judge only. The stored log
// is untouched: the events are the station's, byte for byte; an unseal brings the text back.

type Stored = { seq: number; kind: string; ref: string | null; payload: unknown; createdAt: string; receivedAt: string };
type Revision = { text: string; speaker: string | null; reason: string };

export async function withholdSealed(db: CentralDb, stationId: string, events: Stored[]): Promise<Array<Stored & { withheld?: 'sealed' }>> {
  const seals = await sealsInForce(db, stationId);
  // Where each entry was pinned: the entry event carries it; a revision names the entry.
  const revised = events.filter((e) => e.kind === 'protocol.revision').map((e) => (e.payload as { entryUid: string }).entryUid);
  const pinned = new Map<string, { session: string | null; ms: number | null }>();
  if (seals.size && revised.length) {
    const rows = await db.selectFrom('protocol_entries').select(['entry_uid', 'recording_session', 'recording_ms']).where('station_id', '=', stationId).where('entry_uid', 'in', [...new Set(revised)]).execute();
    for (const r of rows) pinned.set(r.entry_uid, { session: r.recording_session, ms: r.recording_ms === null ? null : Number(r.recording_ms) });
  }
  const inSeal = (at: { session: string | null; ms: number | null } | undefined) => !!at?.session && sealedAt(seals.get(at.session), at.ms);
  const blank = (r: Revision): Revision => ({ ...r, text: '', speaker: null, reason: '' });
  return events.map((e) => {
    if (e.kind === 'review.seal') {
      const p = e.payload as { text: string | null };
      return p.text === null ? e : { ...e, payload: { ...p, text: null }, withheld: 'sealed' as const };
    }
    if (e.kind === 'protocol.entry') {
      const p = e.payload as { recording_session: string | null; recording_ms: number | null; revision: Revision };
      if (!inSeal({ session: p.recording_session, ms: p.recording_ms })) return e;
      return { ...e, payload: { ...p, revision: blank(p.revision) }, withheld: 'sealed' as const };
    }
    if (e.kind === 'protocol.revision') {
      const p = e.payload as { entryUid: string; revision: Revision };
      if (!inSeal(pinned.get(p.entryUid))) return e;
      return { ...e, payload: { ...p, revision: blank(p.revision) }, withheld: 'sealed' as const };
    }
    return e;
  });
}
