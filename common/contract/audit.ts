import { z } from 'zod';
import { AUDIT_DOORS, call } from './define';

// The access audit: every call that changes something and every read of evidence, with who
// made it, in which role, through which door, and the outcome (ok, or the refusal's code).

export const AuditRowSchema = z.object({
  id: z.int(),
  at: z.string(),
  personId: z.int().nullable(),
  personName: z.string().nullable(),
  /** The role that allowed the call (null for a door call, or when refused before a role was found). */
  role: z.string().nullable(),
  call: z.string(),
  door: z.enum(AUDIT_DOORS),
  hearingId: z.int().nullable(),
  /** What the call was about: ids and names from its input (entry, session, file, person, …). */
  target: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  /** "ok", or the error code it was refused with. */
  outcome: z.string(),
});
export type AuditRow = z.infer<typeof AuditRowSchema>;

export const auditCalls = {
  'audit.list': call(
    z.object({ hearingId: z.int().positive().optional(), limit: z.int().min(1).max(10_000).default(1000) }).strict(),
    z.array(AuditRowSchema),
    'The access audit, oldest first: of one hearing, or of the whole station.',
  ),
};
