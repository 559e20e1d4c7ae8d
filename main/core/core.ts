import type { Result } from '../../common/errors';
import { openStationDatabase } from './station-schema';
import { type Db } from '../db/database';
import type { Logger } from '../log/logger';
import type { SettingsStore } from '../settings/settings-store';
import { appModule, VERSION } from './app-module';
import { lockDataDir, type DataDirLock } from './data-dir-lock';
import { makeDataDirPrivate, restrictNewFiles } from '../fs/private-modes';
import { hearingModule } from '../hearing/hearing-module';
import { followRemotePresence, remoteExpected } from '../hearing/remote-presence';
import { peopleModule } from '../people/people-module';
import { proveKey } from './key-sign-in';
import { followDirectory } from './directory-people';
import type { DirectoryUser } from '../../common/sync-api';
import { AuditLog, type AuditRecord } from '../audit/audit-log';
import { protocolModule } from '../protocol/module';
import { evidenceModule } from '../evidence/evidence-module';
import { recordingsOfHearing, sealedRangesOf } from '../evidence/hearing-recordings';
import { recordingModule } from '../recording/recording-module';
import { scheduleImportInto } from './schedule-hook';
import { syncModule } from '../sync/sync-module';
import { videoModule } from '../video/video-module';
import type { MediaAccess } from '../review/media';
import { reviewModule } from '../review/review-module';
import { roomCheckModule } from '../roomcheck/roomcheck-module';
import { observeModule } from '../observe/observe-module';
import { observationRefusal } from '../observe/observe-rules';
import { centralHearingNames } from '../sync/hearing-names';
import { dispatch, type CallContext, type Handlers } from './dispatch';
import { EventBus } from '../runtime/event-bus';
import type { KeyEncryption } from '../keys/key-encryption';
import { headlessKeyEncryption, stationKeyring } from '../keys/key-protection';
import type { CoreDeps } from '../runtime/core-deps';

export interface CoreOptions {
  dataDir: string;
  settings: SettingsStore;
  log: Logger;
  logFile: string;
  /** better-sqlite3's compiled module for this runtime (the desktop app's Electron build); absent: node_modules' own. */
  nativeBinding?: string;
  /** What seals the station's signing key: the OS keychain in the desktop app; absent, the headless passphrase file (main/keys/key-protection.ts). */
  keyEncryption?: () => KeyEncryption;
}

/** The product: everything the station does, independent of Electron or any transport. */
export interface Core {
  readonly dataDir: string;
  readonly db: Db;
  readonly events: EventBus;
  readonly settings: SettingsStore;
  readonly log: Logger;
  /** Review media (segment files under a token from review.sessions): served by `hattama serve` and the app:// protocol. */
  readonly media: MediaAccess;
  /** The one door for calls from the renderer, whatever carried them. Never throws. */
  call(name: unknown, input: unknown, ctx: CallContext): Promise<Result<unknown>>;
  close(): Promise<void>;
}

export async function createCore(opts: CoreOptions): Promise<Core> {
  // The data directory is the station user's alone: 0700, files 0600, closed segments 0400.
  restrictNewFiles();
  makeDataDirPrivate(opts.dataDir);
  // Before anything is opened: a second core on this folder is refused, and touches nothing.
  const lock = lockDataDir(opts.dataDir);
  try {
    return await composeCore(opts, lock);
  } catch (e) {
    lock.release();
    throw e;
  }
}

async function composeCore(opts: CoreOptions, lock: DataDirLock): Promise<Core> {
  const db = openStationDatabase(opts.dataDir, opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {});
  const events = new EventBus();
  const deps: CoreDeps = { dataDir: opts.dataDir, db, settings: opts.settings, events, log: opts.log };

  // Each domain contributes the calls it answers. `handlers` is typed against the whole
  // contract, so a call without a handler does not compile. A new domain adds two lines.
  const app = appModule(deps);
  const people = peopleModule(deps, { proveKey: (i) => proveKey(opts.settings.get(), i) });
  const protocol = protocolModule(deps, {
    personIin: (id) => people.store.get(id).iin,
    // The protocol states the recording it belongs to: sessions, devices, manifests' hashes, breaks.
    recordingsOf: (d) => recordingsOfHearing(db, opts.dataDir, d.hearing.id, d.entries.map((e) => e.recordingSessionId)),
    sealedOf: (d) => sealedRangesOf(opts.dataDir, d.entries.map((e) => e.recordingSessionId)),
  });
  const stationKey = stationKeyring(opts.dataDir, () => opts.keyEncryption?.() ?? headlessKeyEncryption(opts.settings.get().keys.passphraseFile));
  const sync = syncModule(deps, { version: VERSION, stationKey, importSchedule: scheduleImportInto(protocol.store, deps) });
  // The evidence store recovers crashed sessions first; recording opens sessions in its host, video attaches to them.
  const evidence = await evidenceModule(deps, stationKey);
  const recording = recordingModule(deps, evidence.host);
  const video = videoModule(deps, evidence.host);
  const review = reviewModule(deps, {
    catalog: evidence.catalog,
    hearings: protocol.store,
    stationKey: () => evidence.host.stationKey(),
    // A participants' copy carries the protocol as the protocol's own export prints it.
    // A participant's copy: the text of entries inside a sealed range is withheld.
    protocolPdf: async (hearingId, lang) => (await protocol.handlers['protocol.export']({ hearingId, format: 'pdf', lang, publicCopy: true }, { transport: 'cli' })).path,
    // A judge's playback inside a sealed range is its own row of the access audit, naming the seal.
    onSealedPlay: (r) => sealedPlay(r),
  });
  const hearing = hearingModule(deps, protocol.store, recording.service);
  // Who attends remotely (the roster) decides whether the conference's silence matters, live and in the room test.
  const offRemote = followRemotePresence({ events, store: protocol.store, recorder: recording.service, log: opts.log });
  const roomCheck = roomCheckModule(deps, recording.service, VERSION, () => remoteExpected(protocol.store, opts.settings.get().check.validHours));
  const audit = new AuditLog(db);
  const sealedPlay: NonNullable<Parameters<typeof reviewModule>[1]['onSealedPlay']> = ({ ctx, hearingId, sessionId, positionMs, channel, seal, reason }) => {
    const p = ctx.session && !ctx.session.locked ? ctx.session.person : null;
    audit.append({ personId: p?.id ?? null, personName: p?.fullName ?? null, role: p ? 'judge' : null, call: 'review.play', door: ctx.transport, hearingId, target: { sessionId, positionMs, channel, sealed: seal, sealReason: reason }, outcome: 'ok' });
  };
  // Live observation from the Situation Center: the rules are the court's, asked here for every observer.
  const observe = observeModule(deps, {
    recorder: recording.service,
    client: () => sync.worker()?.client ?? null,
    refusal: () =>
      observationRefusal(recording.service.state(), {
        sessionModeOf: (id) => {
          try {
            return protocol.store.hearing(id).sessionMode;
          } catch {
            return null;
          }
        },
        sealsOf: (sessionId) => sealedRangesOf(opts.dataDir, [sessionId]),
      }),
    centralHearingId: centralHearingNames(db),
    audit: (r) => audit.append(r),
  });
  const offDirectory = followDirectory({ events, people: people.store, directory: () => sync.handlers['sync.directory']({}, { transport: 'cli' }) as DirectoryUser[], log: opts.log });
  // Media bytes are read outside the dispatcher (the media route): each file a reader fetches is audited too.
  review.media.onRead = ({ reader, sessionId, file }) =>
    audit.append({
      personId: reader?.personId ?? null,
      personName: reader?.personName ?? null,
      role: reader?.role ?? null,
      call: 'media.read',
      door: reader?.door ?? 'bridge',
      hearingId: reader?.hearingId ?? null,
      target: { sessionId, file },
      outcome: 'ok',
    });
  // Closed in reverse: the recorder stops (and the session finishes its video track) before video shuts down.
  const modules = [app, people, protocol, sync, video, recording, review, hearing, observe];
  const handlers: Handlers = { 'audit.list': (i) => audit.list(i), ...app.handlers, ...people.handlers, ...protocol.handlers, ...sync.handlers, ...recording.handlers, ...roomCheck.handlers, ...video.handlers, ...review.handlers, ...hearing.handlers, ...observe.handlers };

  for (const p of opts.settings.problems) opts.log.warn(p, 'settings file was invalid; kept aside, defaults in use');

  const dispatchOpts = {
    handlers,
    language: () => opts.settings.get().language,
    logError: (e: unknown, name: string) => opts.log.error({ err: e, call: name }, 'call failed'),
    logFile: opts.logFile,
    audit: (r: AuditRecord) => audit.append(r),
    access: {
      lockAfterMs: () => opts.settings.get().security.lockAfterMinutes * 60_000,
      currentPerson: (id: number) => people.store.signedIn(id),
    },
  };
  let closed = false;
  return {
    dataDir: opts.dataDir,
    db,
    events,
    settings: opts.settings,
    log: opts.log,
    media: review.media,
    call: (name, input, ctx) => dispatch(dispatchOpts, name, input, ctx),
    async close() {
      if (closed) return;
      closed = true;
      offDirectory();
      offRemote();
      for (const m of [...modules].reverse()) await m.close?.();
      db.close();
      lock.release();
    },
  };
}
