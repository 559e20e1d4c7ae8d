import type { DirectoryUser, EnrollRequest, Heartbeat, PushEventsRequest, ScheduleEntry } from '../common/sync-api';
import type { CentralDb, DbKind } from './db';
import { ingestEvents, storedEvents } from './event-ingest';
import { Feeds } from './feeds';
import { storeHeartbeat } from './heartbeats';
import { stationOverview } from './overview';
import { SegmentBook } from './segment-book';
import { StationRegistry } from './stations';

// Central's rules, independent of HTTP, composed from one part per job: stations (codes,
// enrollment, tokens), event ingest (typed, exactly once), segments, heartbeats, feeds and the
// Situation Center's overview. The HTTP routes, tus and the CLI use this one object.

export { CentralError, sha256Hex } from './errors';
export { normaliseCode } from './stations';
export { CLOCK_DRIFT_MS, LATE_START_MS, STALE_AFTER_MS } from './overview';

export class CentralStore {
  readonly stations: StationRegistry;
  readonly segmentBook: SegmentBook;
  readonly feeds: Feeds;

  constructor(
    readonly db: CentralDb,
    readonly kind: DbKind = 'sqlite',
  ) {
    this.stations = new StationRegistry(db);
    this.segmentBook = new SegmentBook(db);
    this.feeds = new Feeds(db);
  }

  issueCode(opts: { court?: string; courtroom?: string; ttlHours?: number } = {}) {
    return this.stations.issueCode(opts);
  }
  enroll(req: EnrollRequest) {
    return this.stations.enroll(req);
  }
  rekey(stationId: string) {
    return this.stations.rekey(stationId);
  }
  revoke(stationId: string) {
    return this.stations.revoke(stationId);
  }
  authenticate(authorization: string | null | undefined) {
    return this.stations.authenticate(authorization);
  }
  highestSeq(stationId: string) {
    return this.stations.highestSeq(stationId);
  }

  pushEvents(stationId: string, events: PushEventsRequest['events']) {
    return ingestEvents(this.db, this.kind, stationId, events);
  }
  events(stationId: string, afterSeq?: number, limit?: number) {
    return storedEvents(this.db, stationId, afterSeq, limit);
  }

  segment(stationId: string, seq: number) {
    return this.segmentBook.segment(stationId, seq);
  }
  setSegmentUpload(stationId: string, seq: number, uploadId: string) {
    return this.segmentBook.setSegmentUpload(stationId, seq, uploadId);
  }
  markSegment(stationId: string, seq: number, status: 'verified' | 'rejected', uploadId: string | null) {
    return this.segmentBook.markSegment(stationId, seq, status, uploadId);
  }
  segments(stationId: string) {
    return this.segmentBook.segments(stationId);
  }

  heartbeat(stationId: string, hb: Heartbeat) {
    return storeHeartbeat(this.db, stationId, hb);
  }
  feed(stationId: string, since: number) {
    return this.feeds.feed(stationId, since);
  }
  putSchedule(e: Omit<ScheduleEntry, 'version'>) {
    return this.feeds.putSchedule(e);
  }
  putDirectory(users: Array<Omit<DirectoryUser, 'version'>>) {
    return this.feeds.putDirectory(users);
  }
  addRemark(r: { remarkId?: string; hearingId: string; author: string; text: string }) {
    return this.feeds.addRemark(r);
  }
  remark(remarkId: string) {
    return this.feeds.remark(remarkId);
  }
  overview(now?: number) {
    return stationOverview(this.db, now);
  }
}
