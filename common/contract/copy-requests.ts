import { z } from 'zod';
import { CopyRequestSchema } from '../sync-api';
import { call } from './define';
import { ExportLangSchema } from './protocol';
import { CopyResultSchema } from './review';

// Participants' copies a party asked for through the e-filing cabinet: central's feed carries
// each request to the station of the hearing's courtroom; the judge or the secretary fulfils one
// (the copy is made as review.copy makes it, and its four files go up to central against the
// request, resumably); central checks the receipt and marks the request delivered or rejected.

export const StationCopyRequestSchema = CopyRequestSchema.extend({
  /** The copy this station made for the request, and where its four files are on their way up. */
  delivery: z
    .object({
      copyId: z.string(),
      at: z.string(),
      by: z.string(),
      files: z.array(
        z.object({
          name: z.string(),
          /** Declared to central when its upload began; null until then. */
          sha256: z.string().nullable(),
          bytes: z.int().nullable(),
          /** Central holds it with that hash. */
          confirmed: z.boolean(),
          /** Why it is not up (yet): the last failure, or why it was set aside. */
          problem: z.string().nullable(),
        }),
      ),
    })
    .nullable(),
});
export type StationCopyRequest = z.infer<typeof StationCopyRequestSchema>;

export const copyRequestCalls = {
  'review.copyRequests': call(
    z.object({ hearingId: z.int().positive().optional() }).strict(),
    z.array(StationCopyRequestSchema),
    "Copy requests from central: a hearing's (its number on this station), or every request not yet delivered or rejected; each with the copy made for it and its upload.",
  ),
  'review.fulfilCopyRequest': call(
    z.object({ requestId: z.string().min(1).max(200), lang: ExportLangSchema.default('kk') }).strict(),
    z.object({ request: StationCopyRequestSchema, copy: CopyResultSchema }),
    "Fulfil a copy request (judge, secretary): make the participants' copy of its hearing as review.copy does and queue its four files (MP4, protocol PDF, receipt, signature) for upload to central against the request.",
  ),
};
