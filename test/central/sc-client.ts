import { spawnSync } from 'node:child_process';
import { expect } from 'vitest';
import { HATTAMA_BIN, type CentralProcess } from '../support/central-process';
import { enrollRaw, post } from '../support/central-raw';

// Talking to the Situation Center as its people and its stations do, over real HTTP: users
// added with `hattama central user add`, sign-in by form, pushes and heartbeats as a station.

export function addUser(data: string, database: string | undefined, login: string, role: 'supervisor' | 'admin', password: string, name = login): void {
  const r = spawnSync(process.execPath, [HATTAMA_BIN, 'central', 'user', 'add', login, '--role', role, '--name', name, '--data', data, ...(database ? ['--database', database] : [])], { input: `${password}\n`, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
}

/** Signs in with the form; the session cookie ("name=value"), or the refusal's status. */
export async function signIn(c: CentralProcess, login: string, password: string): Promise<{ status: number; cookie: string; setCookie: string }> {
  const r = await fetch(new URL('/signin', c.url), { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ login, password, next: '/' }).toString() });
  const setCookie = r.headers.get('set-cookie') ?? '';
  return { status: r.status, cookie: setCookie.split(';')[0] ?? '', setCookie };
}

export interface ScFlag {
  id: number;
  kind: string;
  hearingId: string | null;
  evidence: Record<string, unknown>;
  ackedBy: string | null;
  ackedAt: string | null;
  openedAt: string;
}
export interface ScRoom {
  stationId: string;
  state: string;
  hearing: { id: string; caseNumber: string } | null;
  flags: ScFlag[];
}

export async function situation(c: CentralProcess, cookie: string): Promise<Map<string, ScRoom>> {
  const r = await fetch(new URL('/situation.json', c.url), { headers: { cookie } });
  expect(r.status).toBe(200);
  const j = (await r.json()) as { rooms: ScRoom[] };
  return new Map(j.rooms.map((x) => [x.stationId, x]));
}

export interface SimStation {
  id: string;
  token: string;
  seq: number;
  push(...events: unknown[]): Promise<void>;
  heartbeat(o?: Partial<{ recording: boolean; hearingId: string | null; alarms: string[]; diskHoursLeft: number | null; backlog: { events: number; segments: number; bytes: number }; clock: number }>): Promise<void>;
}

/** An enrolled station of its own courtroom, driven by hand. */
export async function simStation(c: CentralProcess, id: string, court: string, courtroom: string): Promise<SimStation> {
  const { json: code } = await c.admin<{ code: string }>('POST', '/admin/codes', { court, courtroom });
  const r = await enrollRaw(c, id, code.code, { court, courtroom });
  expect(r.status).toBe(200);
  const s: SimStation = {
    id,
    token: r.json.token,
    seq: 0,
    async push(...events) {
      const res = await post(c, '/v1/events', s.token, { events });
      expect(res.status, JSON.stringify(res.json)).toBe(200);
    },
    async heartbeat(o = {}) {
      const hb = { clock: Date.now(), recording: false, hearingId: null, alarms: [], diskHoursLeft: 300, backlog: { events: 0, segments: 0, bytes: 0 }, version: '0.1.0', ...o };
      const res = await post(c, '/v1/heartbeat', s.token, hb);
      expect(res.status, JSON.stringify(res.json)).toBe(200);
    },
  };
  return s;
}
