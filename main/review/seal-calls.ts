import type { SealedRange, SealRecordView } from '../../common/contract/review';
import { HattamaError } from '../../common/errors';
import type { Db } from '../db/database';
import type { StationKey } from '../keys/station-key';
import { actor, type CallContext, type Handlers } from '../runtime/handlers';
import { activeSeals, appendSeal, readSealFiles, type ActiveSeal, type SealRecord } from '../evidence/seals';
import { recordSeal } from '../evidence/seals-store';
import { readSessionFiles, type SessionFiles } from '../evidence/session-reader';

// The judge's seals on a session's recording (review.seal, review.unseal, review.seals): each
// act is a signed record in the session's evidence (main/evidence/seals.ts), its hash in the
// station's database and its record in the outbox. Who may is the access table's (judge only);
// what a seal means for playback and clips is review-module.ts, media.ts and clip-maker.ts.

export type SealCalls = 'review.seal' | 'review.unseal' | 'review.seals';

export interface SealDeps {
  dataDir: string;
  db: Db;
  stationKey: () => StationKey;
  now: () => Date;
}

/** hh:mm:ss of a position, for messages. */
export function clock(ms: number): string {
  const s = Math.floor(ms / 1000);
  return [Math.floor(s / 3600), Math.floor(s / 60) % 60, s % 60].map((n) => String(n).padStart(2, '0')).join(':');
}

export function requireSession(dataDir: string, sessionId: string): SessionFiles {
  const s = readSessionFiles(dataDir, sessionId);
  if (!s) throw new HattamaError('review.noSuchSession', { sessionId });
  return s;
}

export function isJudge(ctx: CallContext): boolean {
  return !!actor(ctx)?.roles.includes('judge');
}

/** A sealed range as the caller may see it: the judge's words only to a judge. */
export function sealedView(s: ActiveSeal, judge: boolean): SealedRange {
  return { seq: s.seq, fromMs: s.fromMs, toMs: s.toMs, reason: s.reason, text: judge ? s.text : null, by: judge ? s.by : null, at: s.at };
}

export function recordView(r: SealRecord, file: string): SealRecordView {
  return { seq: r.seq, file, op: r.op, sealSeq: r.sealSeq, fromMs: r.fromMs, toMs: r.toMs, reason: r.reason, text: r.text, by: r.by.name, at: r.at, hash: r.hash };
}

/** The seal in force at `positionMs`, if any. */
export function sealAt(dir: string, positionMs: number): ActiveSeal | null {
  return activeSeals(dir).find((s) => positionMs >= s.fromMs && positionMs < s.toMs) ?? null;
}

export function sealCalls(d: SealDeps): Pick<Handlers, SealCalls> {
  const byOf = (ctx: CallContext) => {
    const p = actor(ctx);
    return { personId: p?.id ?? null, name: p?.fullName ?? 'station' };
  };
  const write = (s: SessionFiles, fields: Parameters<typeof appendSeal>[2]): SealRecordView => {
    const r = appendSeal(s.dir, s.sessionId, fields, d.stationKey());
    recordSeal(d.db, r);
    return recordView(r, `seals/seal-${String(r.seq).padStart(6, '0')}.json`);
  };
  return {
    'review.seal': ({ sessionId, fromMs, toMs, reason, text }, ctx) => {
      const s = requireSession(d.dataDir, sessionId);
      if (toMs <= fromMs) throw new HattamaError('review.badRange', { from: clock(fromMs), to: clock(toMs) }, [{ path: 'toMs', message: '>' }]);
      const words = text?.trim() ? text.trim() : null;
      if (reason === 'other' && !words) throw new HattamaError('review.sealNeedsText', {}, [{ path: 'text', message: 'required' }]);
      return write(s, { op: 'seal', sealSeq: 0, fromMs, toMs, reason, text: words, by: byOf(ctx), at: d.now().toISOString() });
    },
    'review.unseal': ({ sessionId, seal, text }, ctx) => {
      const s = requireSession(d.dataDir, sessionId);
      const held = activeSeals(s.dir).find((x) => x.seq === seal);
      if (!held) throw new HattamaError('review.noSuchSeal', { sessionId, seal }, [{ path: 'seal', message: String(seal) }]);
      return write(s, { op: 'unseal', sealSeq: seal, fromMs: null, toMs: null, reason: held.reason, text: text.trim(), by: byOf(ctx), at: d.now().toISOString() });
    },
    'review.seals': ({ sessionId }, ctx) => {
      const s = requireSession(d.dataDir, sessionId);
      const judge = isJudge(ctx);
      const records = readSealFiles(s.dir).flatMap((f) => (f.record ? [recordView(f.record, f.file)] : []));
      return {
        records: judge ? records : records.map((r) => ({ ...r, text: null })),
        inForce: activeSeals(s.dir).map((x) => sealedView(x, judge)),
      };
    },
  };
}
