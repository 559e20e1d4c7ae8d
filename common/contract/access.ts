import type { CallName } from './index';
import type { Role } from './people';

// Who may make each call: the role matrix of the station, in one table that must name every
// call of the contract (a new call without a row does not compile). The dispatcher checks it
// for every door before any handler runs; docs/roles.md is this table in words.
//
// 'door': any client of a door (the desktop window, a browser with the bridge's token, the
// control socket's local user), signed in or not, also while the screen is locked: the status
// bar, the sign-in screen, and the cameras, whose chunks must keep flowing through an idle lock.

export type Access = 'door' | readonly Role[];

const PROTOCOL: readonly Role[] = ['secretary', 'judge'];
const STATION: readonly Role[] = ['technician', 'administrator'];

export const ACCESS: { readonly [K in CallName]: Access } = {
  'app.status': 'door',
  'app.alarms': 'door',
  'app.ping': 'door',
  // Acknowledging is a person's: each one who saw the alarm says so, and the audit keeps who.
  'app.acknowledgeAlarm': ['secretary', 'judge', 'technician', 'administrator'],
  'auth.session': 'door',
  'auth.people': 'door',
  'auth.signIn': 'door',
  'auth.signInWithKey': 'door',
  'auth.signOut': 'door',
  'auth.lock': 'door',
  // Any signed-in person; the dispatcher's role check is what restarts the idle clock.
  'auth.touch': ['secretary', 'judge', 'technician', 'administrator'],
  // The very first person needs no sign-in; after that the handler asks for an administrator.
  'people.add': 'door',
  'people.list': ['administrator'],
  'people.update': ['administrator'],
  'people.setPin': ['administrator'],
  'protocol.hearings': PROTOCOL,
  'protocol.createHearing': PROTOCOL,
  'protocol.updateHearing': PROTOCOL,
  'protocol.cancelHearing': PROTOCOL,
  'protocol.getHearing': PROTOCOL,
  'protocol.addParticipant': PROTOCOL,
  'protocol.updateParticipant': PROTOCOL,
  'protocol.setAttendance': PROTOCOL,
  'protocol.withdrawParticipant': PROTOCOL,
  'protocol.participantHistory': PROTOCOL,
  'protocol.startHearing': PROTOCOL,
  'hearing.allowed': PROTOCOL,
  'hearing.privacyMute': PROTOCOL,
  'protocol.logEntry': PROTOCOL,
  'protocol.editEntry': PROTOCOL,
  'protocol.deleteEntry': PROTOCOL,
  'protocol.entryHistory': PROTOCOL,
  'protocol.search': PROTOCOL,
  'protocol.export': PROTOCOL,
  'protocol.sign': PROTOCOL,
  'protocol.signCheck': PROTOCOL,
  'protocol.file': PROTOCOL,
  'protocol.openFile': PROTOCOL,
  'protocol.importSchedule': ['secretary', 'judge', 'technician', 'administrator'],
  'protocol.audit': ['judge', 'administrator'],
  'recording.state': 'door',
  // The console's notice that someone observes is for everyone at the station; frames flow like camera chunks, also through a lock.
  'observe.state': 'door',
  'observe.frame': 'door',
  'recording.start': ['secretary', 'judge', 'technician'],
  'recording.pause': ['secretary', 'judge', 'technician'],
  'recording.resume': ['secretary', 'judge', 'technician'],
  'recording.stop': ['secretary', 'judge', 'technician'],
  'recording.check': ['technician', 'secretary'],
  'recording.devices': ['technician', 'administrator'],
  'recording.roomTest': ['technician', 'secretary'],
  'recording.lastRoomTest': ['secretary', 'judge', 'technician'],
  'recording.roomTestAudio': ['technician', 'secretary'],
  'review.sessions': ['judge', 'secretary'],
  'review.play': ['judge', 'secretary'],
  'review.audit': ['judge', 'administrator'],
  'review.seal': ['judge'],
  'review.unseal': ['judge'],
  'review.seals': ['judge', 'secretary'],
  'review.clip': ['judge'],
  'review.copy': ['judge', 'secretary'],
  'review.copyRequests': ['judge', 'secretary'],
  'review.fulfilCopyRequest': ['judge', 'secretary'],
  'review.waveform': ['judge', 'secretary'],
  'review.bookmarks': ['judge'],
  'review.bookmark': ['judge'],
  'review.bookmarkEdit': ['judge'],
  'review.bookmarkRemove': ['judge'],
  'settings.get': 'door',
  'settings.update': STATION,
  'sync.state': 'door',
  'sync.enroll': STATION,
  'sync.now': ['technician', 'administrator', 'secretary'],
  'sync.runOnce': ['technician', 'administrator', 'secretary'],
  'sync.remarks': PROTOCOL,
  // Remarks on the protocol are decided by the presiding judge.
  'sync.decideRemark': ['judge'],
  'sync.directory': STATION,
  'sync.schedule': ['secretary', 'judge', 'technician'],
  'video.open': 'door',
  'video.chunk': 'door',
  'video.close': 'door',
  'video.lost': 'door',
  'video.status': 'door',
  'audit.list': ['judge', 'administrator'],
};

/**
 * Calls the access audit does not record: they change nothing and read no evidence (status,
 * lists, the protocol's own text as it is shown). Every other call is recorded with its outcome,
 * refusals included. `video.chunk` is left out for its rate (several a second per camera): the
 * run it belongs to is recorded by `video.open` and `video.close`, and its bytes by the chain.
 */
export const UNAUDITED: ReadonlySet<CallName> = new Set<CallName>([
  'app.status',
  'app.alarms',
  'app.ping',
  'auth.session',
  'auth.people',
  'auth.touch',
  'people.list',
  'protocol.hearings',
  'protocol.getHearing',
  'protocol.signCheck',
  'hearing.allowed',
  // The console's notice and the camera's frames while observed; the observation itself is audited by the core (observe.start/stop/refused).
  'observe.state',
  'observe.frame',
  'protocol.entryHistory',
  'protocol.participantHistory',
  'protocol.search',
  'protocol.audit',
  'recording.state',
  'recording.lastRoomTest',
  // A list of the station's sound devices: nothing changes, no evidence is read.
  'recording.devices',
  // A room test's sound is no evidence (docs/recording.md, Room test).
  'recording.roomTestAudio',
  'review.audit',
  // The requests central's feed carried: their state, no evidence.
  'review.copyRequests',
  'settings.get',
  'sync.state',
  'sync.remarks',
  'sync.directory',
  'sync.schedule',
  'video.chunk',
  'video.status',
  'audit.list',
]);
