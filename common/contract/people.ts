import { z } from 'zod';
import { isValidIin } from '../people/iin';
import { call } from './define';

// People and sign-in. Roles: a person may hold several (a judge can also keep a protocol).
// A door's connection (desktop window, browser tab, CLI command) carries its own signed-in
// person; the core stamps that person on everything it writes.

export const ROLES = ['secretary', 'judge', 'technician', 'administrator'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

export const IinSchema = z.string().trim().refine(isValidIin, { message: 'people:errors.iinInvalid' });
export const PinSchema = z.string().regex(/^\d{4,12}$/, { message: 'people:errors.pinFormat' });
const FullName = z.string().trim().min(3).max(200);
const Id = z.int().positive();

export const PersonSchema = z.object({
  id: Id,
  fullName: z.string(),
  iin: z.string().nullable(),
  roles: z.array(RoleSchema),
  active: z.boolean(),
  /** SHA-256 (hex) of the person's signing certificate, when known. */
  certFingerprint: z.string().nullable(),
  source: z.enum(['local', 'central']),
  /** Until when wrong PINs keep this person out (ISO), or null. */
  lockedUntil: z.string().nullable(),
});
export type Person = z.infer<typeof PersonSchema>;

/** Who the connection is: the person and the roles they act in. */
export const SignedInSchema = z.object({ id: Id, fullName: z.string(), roles: z.array(RoleSchema) });
export type SignedIn = z.infer<typeof SignedInSchema>;

export const SessionSchema = z.object({
  /** Who signed in on this connection (also while it is locked), or null. */
  person: SignedInSchema.nullable(),
  /** Locked (idle or asked): the person, or another, must sign in again; the recording goes on. */
  locked: z.boolean(),
  /** Minutes without a call after which this connection locks (settings security.lockAfterMinutes). */
  lockAfterMinutes: z.number().positive(),
  /** The station has nobody yet: the first person (administrator or technician) may be added without signing in. */
  bootstrap: z.boolean(),
});
export type Session = z.infer<typeof SessionSchema>;

const Fingerprint = z.string().regex(/^[0-9a-f]{64}$/, { message: 'people:errors.fingerprintFormat' });

export const peopleCalls = {
  'auth.session': call(z.object({}).strict(), SessionSchema, 'Who is signed in on this connection, and the idle-lock time.'),
  'auth.people': call(
    z.object({}).strict(),
    z.array(z.object({ id: Id, fullName: z.string(), roles: z.array(RoleSchema) })),
    'Active people, for the sign-in screen (names and roles only).',
  ),
  'auth.signIn': call(
    z.object({ person: z.union([Id, z.string().trim().min(1).max(200)]), pin: z.string().min(1).max(100) }).strict(),
    SessionSchema,
    'Sign in on this connection with a PIN (person by id or full name). Five wrong PINs lock the person out for 5 minutes.',
  ),
  'auth.signInWithKey': call(
    z.object({ p12Path: z.string().min(1).max(4000).optional(), password: z.string().max(1000).optional() }).strict(),
    SessionSchema,
    "Sign in with one's signing key (the station's signing provider: a PKCS#12 file, or NCALayer): the core has it sign a fresh challenge, verifies the signature, and finds the person by the certificate's IIN or fingerprint.",
  ),
  'auth.touch': call(z.object({}).strict(), SessionSchema, "The person is active at this window (typing a long note): restarts the connection's idle clock."),
  'auth.signOut': call(z.object({}).strict(), SessionSchema, 'Sign out of this connection (a recording goes on).'),
  'auth.lock': call(z.object({}).strict(), SessionSchema, 'Lock this connection now (idle lock): the recording and the hearing go on.'),
  'people.list': call(z.object({}).strict(), z.array(PersonSchema), 'Everyone known to the station, active or not.'),
  'people.add': call(
    z
      .object({ fullName: FullName, roles: z.array(RoleSchema).min(1), pin: PinSchema, iin: IinSchema.optional(), certFingerprint: Fingerprint.optional() })
      .strict(),
    PersonSchema,
    'Add a person (administrator; the very first person, an administrator or technician, needs no sign-in).',
  ),
  'people.update': call(
    z
      .object({ personId: Id, fullName: FullName.optional(), roles: z.array(RoleSchema).min(1).optional(), iin: IinSchema.nullable().optional(), certFingerprint: Fingerprint.nullable().optional(), active: z.boolean().optional() })
      .strict(),
    PersonSchema,
    "Change a person's name, roles, IIN, certificate or active flag (administrator).",
  ),
  'people.setPin': call(z.object({ personId: Id, pin: PinSchema }).strict(), PersonSchema, "Set a person's PIN (administrator); clears a lock-out."),
};
