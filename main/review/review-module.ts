import type { ReviewAuditRow, ReviewSegment, ReviewSession, ReviewTrack } from '../../common/contract/review';
import { CONFERENCE_TRACK } from '../../common/contract/recording';
import { HattamaError } from '../../common/errors';
import { actor, authorOf, type CallContext } from '../runtime/handlers';
import type { CoreDeps, CoreModule } from '../runtime/core-deps';
import type { SessionCatalog } from '../evidence/session-catalog';
import { SESSION_ID_RE } from '../evidence/session-folder';
import { readSessionFiles, type SessionFiles } from '../evidence/session-reader';
import { MediaAccess, type MediaReader } from './media';
import type { StationKey } from '../keys/station-key';
import { activeSeals } from '../evidence/seals';
import { clock, isJudge, sealAt, sealCalls, sealedView, type SealCalls } from './seal-calls';
import { makeClip } from './clip-maker';
import { makeCopy } from './copy-maker';
import { withCopyRequests, type CopyRequestCalls } from './copy-requests';
import { bookmarkCalls, type BookmarkCalls } from './bookmark-calls';
import { sessionWaveform } from './waveform';

export type ReviewCalls = 'review.sessions' | 'review.play' | 'review.audit' | 'review.clip' | 'review.copy' | 'review.waveform' | SealCalls | BookmarkCalls | CopyRequestCalls;

// The judge's review: which recording sessions belong to a hearing, laid out on their
// timelines, and the review audit. A hearing's sessions are those the recorder started for it
// (asked of the evidence catalog) and those its protocol entries point at (asked of the
// protocol, which the core hands in): review reads no other domain's tables.

/** What review needs of the protocol: the hearing (throws protocol.hearingNotFound) and where its entries were recorded. */
export interface ReviewHearings {
  detail(hearingId: number): { hearing: { id: number; caseNumber: string; court: string; courtroom: string }; entries: ReadonlyArray<{ recordingSessionId: string | null }> };
}

export interface ReviewSources {
  catalog: Pick<SessionCatalog, 'sessionIdsOfHearing'>;
  hearings: ReviewHearings;
  /** Signs seal records and clip manifests (the session host's stationKey()). */
  stationKey: () => StationKey;
  /** A judge started playback inside a sealed range: the core writes it to the access audit. */
  /** The protocol PDF as exported (a participants' copy carries it): writes it and answers its path. */
  protocolPdf?: (hearingId: number, lang: 'kk' | 'ru') => Promise<string>;
  onSealedPlay?: (r: { ctx: CallContext; hearingId: number; sessionId: string; positionMs: number; channel: number | null; seal: number; reason: string }) => void;
}

type AuditDbRow = { id: number; at: string; actor: string; action: 'open' | 'play'; hearing_id: number; session_id: string | null; position_ms: number | null; channel: number | null; role: string | null; track: ReviewTrack; transport: ReviewAuditRow['transport'] };

export function reviewModule(deps: CoreDeps, sources: ReviewSources, opts: { now?: () => Date } = {}): CoreModule<ReviewCalls> & { media: MediaAccess } {
  const { db, dataDir } = deps;
  const now = opts.now ?? (() => new Date());
  const media = new MediaAccess(dataDir);
  const seals = sealCalls({ dataDir, db, stationKey: sources.stationKey, now });
  const insert = db.prepare(
    'INSERT INTO review_audit (at, actor, action, hearing_id, session_id, position_ms, channel, role, track, transport) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const byId = db.prepare<[number | bigint], AuditDbRow>('SELECT * FROM review_audit WHERE id = ?');
  const list = db.prepare<[number], AuditDbRow>('SELECT * FROM review_audit WHERE hearing_id = ? ORDER BY id');

  /** The hearing's entries; review's own error when there is no such hearing. */
  function requireHearing(hearingId: number): ReturnType<ReviewHearings['detail']> {
    try {
      return sources.hearings.detail(hearingId);
    } catch (e) {
      if (e instanceof HattamaError && e.code === 'protocol.hearingNotFound') throw new HattamaError('review.hearingNotFound', { hearingId });
      throw e;
    }
  }

  /**
   * A judge reviews any hearing kept on this station; a secretary (without the judge's role) only
   * the hearings of the station's own courtroom.
   */
  function mayReview(hearingId: number, ctx: CallContext): void {
    const person = actor(ctx);
    if (!person || person.roles.includes('judge')) return;
    const { hearing } = requireHearing(hearingId);
    const own = deps.settings.get().courtroom;
    if (hearing.courtroom !== own) throw new HattamaError('review.otherCourtroom', { name: person.fullName, courtroom: hearing.courtroom || '—' });
  }

  function sessionsOf(hearingId: number): SessionFiles[] {
    const { entries } = requireHearing(hearingId);
    const ids = new Set(sources.catalog.sessionIdsOfHearing(String(hearingId)));
    for (const e of entries) if (e.recordingSessionId) ids.add(e.recordingSessionId);
    const out: SessionFiles[] = [];
    for (const id of ids) {
      if (!SESSION_ID_RE.test(id)) continue;
      const s = readSessionFiles(dataDir, id);
      if (s) out.push(s);
      else deps.log.warn({ hearingId, sessionId: id }, 'review: a session of the hearing has no readable folder');
    }
    return out.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  }

  function sessionOfHearing(hearingId: number, sessionId: string): SessionFiles {
    const session = sessionsOf(hearingId).find((s) => s.sessionId === sessionId);
    if (!session) throw new HattamaError('review.sessionNotInHearing', { sessionId, hearingId });
    return session;
  }
  const bookmarks = bookmarkCalls({
    db,
    now,
    requireHearing: (hearingId, ctx) => mayReview(hearingId, ctx),
    requireSession: (hearingId, sessionId, ctx) => {
      mayReview(hearingId, ctx);
      sessionOfHearing(hearingId, sessionId);
    },
  });

  function audit(row: Omit<AuditDbRow, 'id' | 'at'>): ReviewAuditRow {
    const r = insert.run(now().toISOString(), row.actor, row.action, row.hearing_id, row.session_id, row.position_ms, row.channel, row.role, row.track, row.transport);
    return toRow(byId.get(r.lastInsertRowid)!);
  }

  const review: CoreModule<Exclude<ReviewCalls, CopyRequestCalls>> & { media: MediaAccess } = {
    media,
    handlers: {
      'review.sessions': ({ hearingId }, ctx: CallContext) => {
        mayReview(hearingId, ctx);
        const person = actor(ctx);
        const role = person ? (['judge', 'secretary'] as const).find((r) => person.roles.includes(r)) ?? null : null;
        const reader = { personId: person?.id ?? null, personName: person?.fullName ?? null, role, door: ctx.transport, hearingId };
        const sessions = sessionsOf(hearingId).map((s) => toReviewSession(s, media, reader, isJudge(ctx)));
        audit({ actor: authorOf(ctx), action: 'open', hearing_id: hearingId, session_id: null, position_ms: null, channel: null, role: null, track: 'audio', transport: ctx.transport });
        return sessions;
      },
      'review.play': ({ hearingId, sessionId, positionMs, channel, track }, ctx: CallContext) => {
        mayReview(hearingId, ctx);
        const session = sessionOfHearing(hearingId, sessionId);
        const sound = track === 'conference' ? session.tracks.find((t) => t.id === CONFERENCE_TRACK) : session.tracks.find((t) => t.kind === 'audio');
        if (track === 'conference' && !sound) throw new HattamaError('review.noConference', {}, [{ path: 'track', message: track }]);
        let role: string | null = track === 'conference' ? 'conference' : null;
        if (channel !== null) {
          const channels = sound?.channels ?? 0;
          if (channel > channels) throw new HattamaError('review.noSuchChannel', { channel, channels }, [{ path: 'channel', message: `1–${channels}` }]);
          role = sound?.roles?.find((r) => r.channel === channel)?.role ?? null;
        }
        // A sealed range plays for a judge only, and each such start is in the access audit too.
        const sealed = sealAt(session.dir, positionMs);
        if (sealed && !isJudge(ctx)) throw new HattamaError('review.sealedRange', { from: clock(sealed.fromMs), to: clock(sealed.toMs) });
        if (sealed) sources.onSealedPlay?.({ ctx, hearingId, sessionId, positionMs, channel, seal: sealed.seq, reason: sealed.reason });
        return audit({ actor: authorOf(ctx), action: 'play', hearing_id: hearingId, session_id: sessionId, position_ms: positionMs, channel, role, track, transport: ctx.transport });
      },
      'review.audit': ({ hearingId }) => {
        requireHearing(hearingId);
        return list.all(hearingId).map(toRow);
      },
      ...seals,
      ...bookmarks,
      // The overview shows how loud each moment is: a sealed part's is withheld from anyone who may not hear it.
      'review.waveform': ({ hearingId, sessionId, buckets }, ctx: CallContext) => {
        mayReview(hearingId, ctx);
        const session = sessionOfHearing(hearingId, sessionId);
        return sessionWaveform(session, buckets, isJudge(ctx) ? [] : activeSeals(session.dir));
      },
      'review.clip': ({ sessionId, fromMs, toMs, tracks, excludeSealed }, ctx: CallContext) => {
        const person = actor(ctx);
        return makeClip(dataDir, { sessionId, fromMs, toMs, ...(tracks ? { tracks } : {}), ...(excludeSealed !== undefined ? { excludeSealed } : {}), by: { personId: person?.id ?? null, name: authorOf(ctx) } }, sources.stationKey(), now());
      },
      // A copy for a party: whoever may review the hearing may make it; sealed ranges are always taken out.
      'review.copy': ({ hearingId, lang }, ctx: CallContext) => {
        mayReview(hearingId, ctx);
        const { hearing } = requireHearing(hearingId);
        const person = actor(ctx);
        const pdf = sources.protocolPdf;
        if (!pdf) throw new HattamaError('review.copyFailed', { detail: 'protocol' });
        return makeCopy(
          dataDir,
          { hearing: { id: hearingId, caseNumber: hearing.caseNumber, court: hearing.court, courtroom: hearing.courtroom }, sessions: sessionsOf(hearingId), timeZone: deps.settings.get().timeZone, protocolPdf: () => pdf(hearingId, lang), by: { personId: person?.id ?? null, name: authorOf(ctx) } },
          sources.stationKey(),
          now(),
        );
      },
    },
  };
  return withCopyRequests(db, dataDir, review);
}

function toRow(r: AuditDbRow): ReviewAuditRow {
  return { id: r.id, at: r.at, actor: r.actor, action: r.action, hearingId: r.hearing_id, sessionId: r.session_id, positionMs: r.position_ms, channel: r.channel, role: r.role, track: r.track, transport: r.transport };
}

/** A session as the player needs it: every segment placed on the timeline, with its URL. */
export function toReviewSession(s: SessionFiles, media: MediaAccess, reader: MediaReader | null = null, judge = false): ReviewSession {
  const token = media.grant(s.sessionId, reader);
  const audio = s.tracks.find((t) => t.kind === 'audio');
  const conference = s.tracks.find((t) => t.id === CONFERENCE_TRACK && t.kind === 'audio' && t.channels);
  const rate = audio?.sampleRate ?? null;
  const segments: ReviewSegment[] = [];
  for (const seg of s.segments) {
    if (!s.allowed.has(seg.file)) continue;
    const track = s.tracks.find((t) => t.id === seg.track);
    const kind = track?.kind ?? (seg.frames !== undefined ? 'audio' : 'video');
    const trackRate = track?.sampleRate ?? rate;
    const isAudio = kind === 'audio' && trackRate;
    segments.push({
      track: seg.track,
      kind,
      index: seg.index,
      file: seg.file,
      url: media.url(s.sessionId, seg.file, token),
      startMs: isAudio ? ((seg.startFrame ?? 0) / trackRate) * 1000 : (seg.position ?? 0) * 1000,
      durationMs: isAudio ? ((seg.frames ?? 0) / trackRate) * 1000 : (seg.durationMs ?? 0),
      startedAt: seg.startedAt,
      bytes: seg.bytes,
      sha256: seg.sha256,
      recovered: !!seg.recovered,
    });
  }
  segments.sort((a, b) => (a.kind === b.kind ? (a.track === b.track ? a.startMs - b.startMs : a.track.localeCompare(b.track)) : a.kind === 'audio' ? -1 : 1));
  const audioSegs = segments.filter((x) => x.kind === 'audio' && x.track === (audio?.id ?? 'audio'));
  const last = audioSegs[audioSegs.length - 1];
  return {
    sessionId: s.sessionId,
    startedAt: s.startedAt,
    status: s.status,
    signed: s.signed,
    durationMs: last ? last.startMs + last.durationMs : 0,
    sampleRate: rate,
    channels: Array.from({ length: audio?.channels ?? 0 }, (_, i) => ({ channel: i + 1, role: audio?.roles?.find((r) => r.channel === i + 1)?.role ?? '' })),
    conference: conference ? { channels: conference.channels!, device: conference.device ?? null } : null,
    segments,
    timeline: s.timeline,
    chainIntact: s.chainIntact,
    sealed: activeSeals(s.dir).map((x) => sealedView(x, judge)),
  };
}
