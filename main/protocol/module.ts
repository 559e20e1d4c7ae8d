import type { CoreDeps, CoreModule } from '../runtime/core-deps';
import { HattamaError } from '../../common/errors';
import { actor, authorOf } from '../runtime/handlers';
import { signingAs } from './sign/signer-checks';
import { exportToFile, type PrintSources } from './export/export';
import { exportedFile, readProtocolFile } from './export/protocol-file';
import { importSchedule } from './schedule-import';
import { search } from './search';
import { missingBeforeSigning } from './sign/sign-check';
import { signProtocol } from './sign/sign-protocol';
import { signerFor } from './sign/signer-for';
import { ProtocolStore } from './store';

export type ProtocolCalls =
  | 'protocol.hearings'
  | 'protocol.createHearing'
  | 'protocol.updateHearing'
  | 'protocol.getHearing'
  | 'protocol.addParticipant'
  | 'protocol.updateParticipant'
  | 'protocol.setAttendance'
  | 'protocol.withdrawParticipant'
  | 'protocol.participantHistory'
  | 'protocol.deleteEntry'
  | 'protocol.entryHistory'
  | 'protocol.search'
  | 'protocol.export'
  | 'protocol.sign'
  | 'protocol.signCheck'
  | 'protocol.file'
  | 'protocol.openFile'
  | 'protocol.importSchedule'
  | 'protocol.audit';

/** The store as the core's other modules and the CLI get it, with the station's defaults and events. */
export function createProtocolStore(deps: Pick<CoreDeps, 'db' | 'settings' | 'events'>): ProtocolStore {
  return new ProtocolStore(deps.db, {
    defaults: () => {
      const s = deps.settings.get();
      return { court: s.court, courtroom: s.courtroom };
    },
    // The event is checked against the contract like a call's output: a bad payload is a core bug.
    onChange: (change) => deps.events.emit('protocol.changed', change),
  });
}


export interface ProtocolOptions {
  /** The signed-in person's IIN as the station's people records know it (wired by the core). */
  personIin?: (personId: number) => string | null;
  /** The recording sessions a hearing's protocol states (wired by the core from the evidence store). */
  recordingsOf?: PrintSources['recordingsOf'];
  /** The judge's sealed ranges over a hearing's recording (wired by the core from the evidence store). */
  sealedOf?: PrintSources['sealedOf'];
}

export function protocolModule(deps: CoreDeps, opts: ProtocolOptions = {}): CoreModule<ProtocolCalls> & { store: ProtocolStore } {
  const store = createProtocolStore(deps);
  // A court is printed under its name in the protocol's language: the station's own from the
  // settings (courtNames), another from the names its schedule gave (court_names).
  const courtName = (court: string, lang: 'kk' | 'ru') => {
    const s = deps.settings.get();
    if (court === s.court && s.courtNames[lang]) return s.courtNames[lang];
    const known = deps.db.prepare<[string], { kk: string | null; ru: string | null }>('SELECT kk, ru FROM court_names WHERE court = ?').get(court);
    return known?.[lang] || court;
  };
  const sources: PrintSources = { recordingsOf: opts.recordingsOf, sealedOf: opts.sealedOf, courtName };
  return {
    store,
    handlers: {
      'protocol.hearings': (i) => store.hearings(i),
      'protocol.createHearing': (h, ctx) => store.createHearing({ ...h, source: 'adhoc', author: authorOf(ctx) }),
      'protocol.updateHearing': ({ hearingId, patch }, ctx) => store.updateHearing(hearingId, patch, authorOf(ctx)),
      'protocol.getHearing': ({ hearingId }) => store.detail(hearingId),
      'protocol.addParticipant': (i, ctx) => store.addParticipant({ ...i, author: authorOf(ctx) }),
      'protocol.updateParticipant': (i, ctx) => store.updateParticipant({ ...i, author: authorOf(ctx) }),
      'protocol.setAttendance': (i, ctx) => store.updateParticipant({ ...i, author: authorOf(ctx) }),
      'protocol.withdrawParticipant': (i, ctx) => store.withdrawParticipant({ ...i, author: authorOf(ctx) }),
      'protocol.participantHistory': ({ participantId }) => store.participantHistory(participantId),
      'protocol.deleteEntry': (i, ctx) => store.deleteEntry({ ...i, author: authorOf(ctx) }),
      'protocol.entryHistory': ({ entryId }) => store.history(entryId),
      'protocol.search': (q) => search(deps.db, q),
      // `saveAs` is the desktop shell's (its save dialog copies the file); the core writes under DATA/protocols only.
      'protocol.export': ({ hearingId, format, lang, timeZone, publicCopy }) =>
        exportToFile(store, deps.dataDir, { hearingId, format, lang, timeZone: timeZone ?? deps.settings.get().timeZone, publicCopy: publicCopy ?? false }, sources),
      'protocol.sign': ({ p12Path, password, ...o }, ctx) => {
        const person = actor(ctx);
        const as = signingAs(person, person ? (opts.personIin?.(person.id) ?? null) : null, o);
        const { capacity: _c, expectedIin: _e, ...rest } = o;
        return signProtocol(store, deps.dataDir, { ...rest, ...as, timeZone: rest.timeZone ?? deps.settings.get().timeZone, sources, author: authorOf(ctx), signer: signerFor(deps.settings.get(), { p12Path, password, ...(as.expectedIin ? { expectedIin: as.expectedIin } : {}) }) });
      },
      'protocol.file': ({ path }) => readProtocolFile(deps.dataDir, path),
      // The core checks the path and the door; the desktop shell opens what it answers (main/electron/open-file.ts).
      'protocol.openFile': ({ path }, ctx) => {
        if (ctx.transport !== 'ipc') throw new HattamaError('protocol.openDesktopOnly');
        return { path: exportedFile(deps.dataDir, path) };
      },
      'protocol.signCheck': ({ hearingId }) => ({ missing: missingBeforeSigning(store.detail(hearingId)) }),
      'protocol.importSchedule': ({ schedule }, ctx) => importSchedule(store, schedule, { lang: deps.settings.get().language, author: authorOf(ctx) }),
      'protocol.audit': ({ hearingId }) => store.audit(hearingId),
    },
  };
}
