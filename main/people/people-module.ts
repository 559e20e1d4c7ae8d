import type { Session } from '../../common/contract/people';
import { HattamaError } from '../../common/errors';
import type { CoreDeps, CoreModule } from '../runtime/core-deps';
import { actor, type CallContext, type DoorSession } from '../runtime/handlers';
import { PeopleStore } from './people-store';

export type PeopleCalls = 'auth.session' | 'auth.people' | 'auth.signIn' | 'auth.signInWithKey' | 'auth.touch' | 'auth.signOut' | 'auth.lock' | 'people.list' | 'people.add' | 'people.update' | 'people.setPin';

function sessionOf(ctx: CallContext): DoorSession {
  // Every door gives each connection a session; a context without one cannot hold a sign-in.
  if (!ctx.session) throw new HattamaError('auth.noSession');
  return ctx.session;
}

/**
 * People and sign-in. Signing in binds a person to this connection only (one window, one tab,
 * one CLI command); the dispatcher then checks that person's roles for every call.
 */
/** What a key sign-in proves: the certificate whose key signed a fresh challenge (checked valid now). */
export interface ProvenKey {
  iin: string | null;
  certSha256: string;
  subject: string;
}

export interface PeopleOptions {
  /** Has the station's signing provider sign a fresh challenge with the person's key, verifies it, and returns the certificate; wired by the core. */
  proveKey?: (i: { p12Path?: string; password?: string }) => Promise<ProvenKey>;
}

export function peopleModule(deps: CoreDeps, opts: PeopleOptions = {}): CoreModule<PeopleCalls> & { store: PeopleStore } {
  const store = new PeopleStore(deps.db);
  const view = (ctx: CallContext): Session => ({
    person: ctx.session?.person ?? null,
    locked: Boolean(ctx.session?.person && ctx.session.locked),
    lockAfterMinutes: deps.settings.get().security.lockAfterMinutes,
    bootstrap: store.count() === 0,
  });
  return {
    store,
    handlers: {
      'auth.session': (_i, ctx) => view(ctx),
      'auth.people': () => store.list().filter((p) => p.active).map((p) => ({ id: p.id, fullName: p.fullName, roles: p.roles })),
      'auth.signIn': async ({ person, pin }, ctx) => {
        const session = sessionOf(ctx);
        const who = store.find(person);
        const r = await store.checkPin(who.id, pin);
        if (!r.ok) {
          deps.log.warn({ personId: who.id, door: ctx.transport, refusal: r.code }, 'sign-in refused');
          // The lock-out's end is shown as a time of day in the reader's language (the message formats untilMs).
          throw new HattamaError(r.code, r.code === 'auth.lockedOut' ? { ...r.params, untilMs: Date.parse(String(r.params.until)) } : r.params);
        }
        Object.assign(session, { person: r.person, locked: false, lastActiveAt: Date.now() });
        deps.log.info({ personId: r.person.id, roles: r.person.roles, door: ctx.transport }, 'signed in');
        return view(ctx);
      },
      'auth.signInWithKey': async (input, ctx) => {
        const session = sessionOf(ctx);
        if (!opts.proveKey) throw new HattamaError('auth.keyUnavailable');
        const key = await opts.proveKey(input);
        const person = store.byCertificate(key.iin, key.certSha256);
        if (!person) {
          deps.log.warn({ subject: key.subject, door: ctx.transport }, 'key sign-in refused: no person has this certificate');
          throw new HattamaError('auth.unknownCertificate', { subject: key.subject });
        }
        Object.assign(session, { person, locked: false, lastActiveAt: Date.now() });
        deps.log.info({ personId: person.id, door: ctx.transport, certSha256: key.certSha256 }, 'signed in with a signing key');
        return view(ctx);
      },
      'auth.touch': (_i, ctx) => view(ctx),
      'auth.signOut': (_i, ctx) => {
        const session = sessionOf(ctx);
        if (session.person) deps.log.info({ personId: session.person.id, door: ctx.transport }, 'signed out');
        Object.assign(session, { person: null, locked: false });
        return view(ctx);
      },
      'auth.lock': (_i, ctx) => {
        const session = sessionOf(ctx);
        if (session.person) session.locked = true;
        return view(ctx);
      },
      'people.list': () => store.list(),
      'people.add': async (input, ctx) => {
        if (store.count() === 0) {
          // Bootstrap: the first person sets the station up, so must be able to add the others.
          if (!input.roles.includes('administrator') && !input.roles.includes('technician')) throw new HattamaError('people.firstMustBeAdmin');
        } else {
          // After that an administrator adds people (a technician may, until the station has one).
          const by = actor(ctx);
          if (!by) throw new HattamaError('auth.required');
          const noAdmin = !store.list().some((p) => p.active && p.roles.includes('administrator'));
          if (!by.roles.includes('administrator') && !(noAdmin && by.roles.includes('technician'))) throw new HattamaError('auth.forbidden', { name: by.fullName });
        }
        const p = await store.add(input);
        deps.log.info({ personId: p.id, roles: p.roles, by: actor(ctx)?.id ?? null }, 'person added');
        return p;
      },
      'people.update': ({ personId, ...patch }, ctx) => {
        const p = store.update(personId, patch);
        deps.log.info({ personId, patch: Object.keys(patch), by: actor(ctx)?.id }, 'person changed');
        return p;
      },
      'people.setPin': async ({ personId, pin }, ctx) => {
        const p = await store.setPin(personId, pin);
        deps.log.info({ personId, by: actor(ctx)?.id }, 'PIN set');
        return p;
      },
    },
  };
}
