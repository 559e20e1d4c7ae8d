import { fetch, type Agent, type Response } from 'undici';
import type { z } from 'zod';
import { HattamaError } from '../../common/errors';
import {
  CopyRequestStatusSchema,
  EnrollResponseSchema,
  FeedResponseSchema,
  HeartbeatResponseSchema,
  PushEventsResponseSchema,
  SegmentStatusSchema,
  type EnrollRequest,
  type Heartbeat,
  type OutboxEvent,
} from '../../common/sync-api';
import { ObservationAnswerSchema, ObservationPollResponseSchema, type ObservationStatus } from '../../common/observe-api';
import { assertSecureCentralUrl, dispatcherFor, untrustedCertificate } from './tls-trust';

// The station's side of the HTTP API: every answer is parsed with the shared schemas, every
// failure becomes a HattamaError with a sync:errors code (translated wherever it surfaces).
// A URL that is not https:// (or http:// to this machine) is refused before any connection.

export const REQUEST_TIMEOUT_MS = 20_000;

/** Central's refusals that a technician can act on, each with its own message. */
const REFUSALS: Record<string, string> = { station_exists: 'sync.stationExists', code_bound: 'sync.codeBound', rate_limited: 'sync.rateLimited' };

export class CentralClient {
  private readonly dispatcher: Agent | undefined;

  constructor(
    readonly baseUrl: string,
    private readonly token: string | null,
    private readonly timeoutMs = REQUEST_TIMEOUT_MS,
    /** A court's private CA (PEM) trusted beside the system's. */
    ca?: string,
  ) {
    assertSecureCentralUrl(baseUrl);
    this.dispatcher = dispatcherFor(ca);
  }

  /** `body` is sent as JSON, or as itself when it is bytes with their type; `timeoutMs` for a long poll. */
  private async request<T extends z.ZodType>(method: string, path: string, schema: T, body?: unknown, o: { bytes?: { data: Buffer; type: string }; timeoutMs?: number; signal?: AbortSignal } = {}): Promise<z.output<T>> {
    let res: Response;
    const type = o.bytes ? o.bytes.type : body !== undefined ? 'application/json' : null;
    try {
      res = await fetch(new URL(path, this.baseUrl), {
        method,
        dispatcher: this.dispatcher,
        headers: { ...(type ? { 'content-type': type } : {}), ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
        body: o.bytes ? o.bytes.data : body !== undefined ? JSON.stringify(body) : undefined,
        signal: o.signal ? AbortSignal.any([o.signal, AbortSignal.timeout(o.timeoutMs ?? this.timeoutMs)]) : AbortSignal.timeout(o.timeoutMs ?? this.timeoutMs),
      });
    } catch (e) {
      const tlsCode = untrustedCertificate(e);
      if (tlsCode) throw new HattamaError('sync.untrusted', { url: this.baseUrl, detail: tlsCode }, undefined, { cause: e });
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      throw new HattamaError('sync.unreachable', { detail: cause?.code ?? cause?.message ?? (e as Error).message }, undefined, { cause: e });
    }
    let text: string;
    try {
      text = await res.text();
    } catch (e) {
      throw new HattamaError('sync.unreachable', { detail: `answer cut: ${(e as Error).message}` }, undefined, { cause: e });
    }
    if (!res.ok) {
      let code = '';
      let message = text.slice(0, 300);
      try {
        const j = JSON.parse(text) as { error?: string; message?: string };
        code = j.error ?? '';
        message = j.message ?? message;
      } catch {
        // not our JSON (a proxy's page): keep the text
      }
      if (res.status === 401) throw new HattamaError(code === 'code_invalid' ? 'sync.codeInvalid' : 'sync.unauthorized', { detail: message, status: 401 });
      const refusal = REFUSALS[code];
      if (refusal) throw new HattamaError(refusal, { detail: message, status: res.status });
      throw new HattamaError('sync.rejected', { status: res.status, detail: `${code ? `${code}: ` : ''}${message}` });
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new HattamaError('sync.rejected', { status: res.status, detail: 'answer is not JSON' });
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new HattamaError('sync.rejected', { status: res.status, detail: `unexpected answer: ${parsed.error.issues[0]?.message}` });
    return parsed.data;
  }

  enroll(req: EnrollRequest) {
    return this.request('POST', '/v1/enroll', EnrollResponseSchema, req);
  }
  pushEvents(events: OutboxEvent[]) {
    return this.request('POST', '/v1/events', PushEventsResponseSchema, { events });
  }
  segmentStatus(seq: number) {
    return this.request('GET', `/v1/segments/${seq}`, SegmentStatusSchema);
  }
  heartbeat(hb: Heartbeat) {
    return this.request('POST', '/v1/heartbeat', HeartbeatResponseSchema, hb);
  }
  feeds(since: number) {
    return this.request('GET', `/v1/feeds?since=${since}`, FeedResponseSchema);
  }
  /** Live observation: the long poll for the station's open observations (waits up to `waitS`). */
  observations(waitS: number, known: string[], signal?: AbortSignal) {
    return this.request('GET', `/v1/observations?wait=${waitS}&known=${known.map(encodeURIComponent).join(',')}`, ObservationPollResponseSchema, undefined, { timeoutMs: waitS * 1000 + this.timeoutMs, signal });
  }
  observationStatus(id: string, status: ObservationStatus) {
    return this.request('POST', `/v1/observations/${encodeURIComponent(id)}/status`, ObservationAnswerSchema, status);
  }
  observationAudio(id: string, seq: number, data: Buffer) {
    return this.request('POST', `/v1/observations/${encodeURIComponent(id)}/audio?seq=${seq}`, ObservationAnswerSchema, undefined, { bytes: { data, type: 'application/octet-stream' } });
  }
  observationFrame(id: string, jpeg: Buffer) {
    return this.request('POST', `/v1/observations/${encodeURIComponent(id)}/frame`, ObservationAnswerSchema, undefined, { bytes: { data: jpeg, type: 'image/jpeg' } });
  }
  copyRequestStatus(requestId: string) {
    return this.request('GET', `/v1/copy-requests/${encodeURIComponent(requestId)}`, CopyRequestStatusSchema);
  }
}
