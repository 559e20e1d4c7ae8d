import type { CentralDb } from './schema';
import { openFlags, reconcileFlags, type FlagRow } from './flag-book';
import { loadRooms } from './situation-load';
import { assessRoom, DEFAULT_THRESHOLDS, type RoomView, type Thresholds } from './situation-rules';

// The Situation Center as one central process sees it: every few seconds (and soon after a
// heartbeat or a push) it reads the rooms from the database, computes their states and findings,
// opens and clears flags, and tells its live pages which rooms changed. It holds nothing the
// database does not: any number of central processes may run side by side.

export interface Snapshot {
  at: number;
  rooms: RoomView[];
  byId: Map<string, RoomView>;
  flags: Map<string, FlagRow[]>;
}

export type Listener = (changed: string[], snap: Snapshot) => void;

export class SituationCenter {
  private snap: Snapshot = { at: 0, rooms: [], byId: new Map(), flags: new Map() };
  private running: Promise<Snapshot> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private soon: NodeJS.Timeout | null = null;
  private readonly listeners = new Set<Listener>();
  private readonly fingerprints = new Map<string, string>();
  private startedAt = 0;

  constructor(
    private readonly db: CentralDb,
    readonly thresholds: Thresholds = DEFAULT_THRESHOLDS,
    private readonly everyMs = 2_000,
    private readonly log: (level: 'info' | 'warn' | 'error', msg: string, extra?: unknown) => void = () => undefined,
  ) {}

  start(): void {
    if (this.timer) return;
    // Every tick while someone watches; every fifth while nobody does (flags still open and clear, for the history).
    let ticks = 0;
    this.timer = setInterval(() => {
      if (this.listeners.size === 0 && ticks++ % 5 !== 0) return;
      void this.refresh().catch((e: unknown) => this.log('error', 'situation refresh failed', { err: String((e as Error)?.stack ?? e) }));
    }, this.everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.soon) clearTimeout(this.soon);
    this.timer = this.soon = null;
    this.listeners.clear();
  }

  /**
   * Something arrived (a heartbeat, events): while someone watches, refresh shortly — once for a
   * burst, and never sooner than half a tick after the last refresh began, so that 1,479 stations
   * beating every 30 s do not keep the process refreshing without a pause.
   */
  poke(): void {
    if (this.soon || !this.timer || this.listeners.size === 0) return;
    const wait = Math.max(250, this.startedAt + this.everyMs / 2 - Date.now());
    this.soon = setTimeout(() => {
      this.soon = null;
      void this.refresh().catch(() => undefined);
    }, wait);
    this.soon.unref();
  }

  subscribe(fn: Listener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** What a room's row shows, as a string: equal strings, equal rows (the pages cache rows by it). */
  fingerprint(stationId: string): string {
    return this.fingerprints.get(stationId) ?? '';
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  /** The latest snapshot, no older than maxAgeMs (refreshed now when it is). */
  async current(maxAgeMs = this.everyMs): Promise<Snapshot> {
    if (Date.now() - this.snap.at <= maxAgeMs) return this.snap;
    return this.refresh();
  }

  refresh(): Promise<Snapshot> {
    // One refresh at a time; a caller during one gets its result.
    this.running ??= this.compute().finally(() => (this.running = null));
    return this.running;
  }

  private async compute(): Promise<Snapshot> {
    const now = Date.now();
    this.startedAt = now;
    const inputs = await loadRooms(this.db, now);
    const rooms = inputs.map((r) => assessRoom(r, now, this.thresholds));
    await reconcileFlags(this.db, rooms, now);
    const flags = await openFlags(this.db);
    const snap: Snapshot = { at: now, rooms, byId: new Map(rooms.map((r) => [r.stationId, r])), flags };
    const changed: string[] = [];
    for (const r of rooms) {
      const f = flags.get(r.stationId) ?? [];
      const fp = `${r.state}|${r.hearing?.id ?? ''}|${r.hearing?.status ?? ''}|${f.map((x) => `${x.id}:${x.ackedAt ?? ''}`).join(',')}`;
      if (this.fingerprints.get(r.stationId) !== fp) {
        this.fingerprints.set(r.stationId, fp);
        changed.push(r.stationId);
      }
    }
    this.snap = snap;
    if (changed.length) for (const l of this.listeners) l(changed, snap);
    return snap;
  }
}
