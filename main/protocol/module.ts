import type { CoreDeps, CoreModule } from '../runtime/core-deps';
import { exportToFile } from './export/export';
import { importSchedule } from './schedule-import';
import { search } from './search';
import { P12Signer } from './sign/p12-signer';
import { signProtocol } from './sign/sign-protocol';
import { ProtocolStore } from './store';

export type ProtocolCalls =
  | 'protocol.hearings'
  | 'protocol.createHearing'
  | 'protocol.updateHearing'
  | 'protocol.getHearing'
  | 'protocol.addParticipant'
  | 'protocol.updateParticipant'
  | 'protocol.setAttendance'
  | 'protocol.editEntry'
  | 'protocol.deleteEntry'
  | 'protocol.entryHistory'
  | 'protocol.search'
  | 'protocol.export'
  | 'protocol.sign'
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


export function protocolModule(deps: CoreDeps): CoreModule<ProtocolCalls> & { store: ProtocolStore } {
  const store = createProtocolStore(deps);
  return {
    store,
    handlers: {
      'protocol.hearings': (i) => store.hearings(i),
      'protocol.createHearing': ({ author, ...h }) => store.createHearing({ ...h, source: 'adhoc', author }),
      'protocol.updateHearing': ({ hearingId, patch, author }) => store.updateHearing(hearingId, patch, author),
      'protocol.getHearing': ({ hearingId }) => store.detail(hearingId),
      'protocol.addParticipant': (i) => store.addParticipant(i),
      'protocol.updateParticipant': (i) => store.updateParticipant(i),
      'protocol.setAttendance': (i) => store.updateParticipant(i),
      'protocol.editEntry': (i) => store.editEntry(i),
      'protocol.deleteEntry': (i) => store.deleteEntry(i),
      'protocol.entryHistory': ({ entryId }) => store.history(entryId),
      'protocol.search': (q) => search(deps.db, q),
      'protocol.export': ({ hearingId, format, lang, out, timeZone }) => exportToFile(store, deps.dataDir, { hearingId, format, lang, out, timeZone }),
      'protocol.sign': ({ hearingId, p12Path, password, lang, outDir }) =>
        signProtocol(store, deps.dataDir, { hearingId, signer: new P12Signer(p12Path, password), lang, outDir }),
      'protocol.importSchedule': ({ schedule }) => importSchedule(store, schedule, { lang: deps.settings.get().language }),
      'protocol.audit': ({ hearingId }) => store.audit(hearingId),
    },
  };
}
