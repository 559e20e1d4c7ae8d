import { z } from 'zod';
import { call } from './define';

// The judge's aids in the review: the waveform overview of a recording session (to find the
// loud and the quiet parts at a glance) and the judge's own bookmarks with a note. Bookmarks
// are private: each person lists, edits and removes only their own; a removed one is kept in
// the database, marked removed (the access audit has every act).

const Id = z.int().positive();
const SessionIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/);
const MAX_POSITION_MS = 7 * 24 * 3600 * 1000;

/** Loudness of one bucket: 0 (−60 dBFS or quieter) … 100 (full scale); null where withheld. */
const LevelSchema = z.int().min(0).max(100).nullable();

export const WaveformSchema = z.object({
  sessionId: z.string(),
  /** Each value covers this much of the session's timeline. */
  bucketMs: z.int().positive(),
  /** The loudest microphone, or the conference, per bucket (what the mix shows). */
  mix: z.array(LevelSchema),
  /** Per microphone (1-based channel n is channels[n-1]). */
  channels: z.array(z.array(LevelSchema)),
  /** The conference's sound (its loudest channel), null when the session has no conference track. */
  conference: z.array(LevelSchema).nullable(),
  /** Sealed ranges whose levels are withheld from this reader (every seal for anyone but a judge). */
  withheld: z.array(z.object({ fromMs: z.number(), toMs: z.number() })),
});
export type Waveform = z.infer<typeof WaveformSchema>;

export const BookmarkSchema = z.object({
  id: Id,
  hearingId: Id,
  sessionId: z.string(),
  positionMs: z.int().min(0),
  note: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Bookmark = z.infer<typeof BookmarkSchema>;

const NoteSchema = z.string().trim().max(2000);

export const reviewAidCalls = {
  'review.waveform': call(
    z.object({ hearingId: Id, sessionId: SessionIdSchema, buckets: z.int().min(50).max(20_000).default(2000) }).strict(),
    WaveformSchema,
    "A session's waveform overview: per bucket the peak level of the mix and of each microphone (about `buckets` values), sealed ranges withheld from anyone but a judge.",
  ),
  'review.bookmarks': call(z.object({ hearingId: Id }).strict(), z.array(BookmarkSchema), "The caller's own bookmarks in a hearing's recordings, in timeline order."),
  'review.bookmark': call(
    z.object({ hearingId: Id, sessionId: SessionIdSchema, positionMs: z.int().min(0).max(MAX_POSITION_MS), note: NoteSchema.default('') }).strict(),
    BookmarkSchema,
    'Set a bookmark at a moment of a recording, with a note (private to its author).',
  ),
  'review.bookmarkEdit': call(z.object({ id: Id, note: NoteSchema }).strict(), BookmarkSchema, "Change the note of one of the caller's bookmarks."),
  'review.bookmarkRemove': call(z.object({ id: Id }).strict(), z.object({ removed: z.boolean(), hearingId: Id }), "Remove one of the caller's bookmarks (kept in the database, marked removed)."),
};
