import { OBSERVATION_AUDIO_MAX_BYTES, OBSERVATION_FRAME_MAX_BYTES, ObservationAnswerSchema, ObservationAudioQuerySchema, ObservationPollQuerySchema, ObservationPollResponseSchema, ObservationStatusSchema } from '../common/observe-api';
import { z } from 'zod';
import {
  AdminCodeResponseSchema,
  AdminCodeSchema,
  AdminCopyRequestSchema,
  AdminCopyRequestViewSchema,
  COPY_TUS_PATH,
  CopyRequestSchema,
  CopyRequestStatusSchema,
  AdminDirectorySchema,
  AdminRemarkSchema,
  AdminScheduleSchema,
  EnrollRequestSchema,
  EnrollResponseSchema,
  ErrorResponseSchema,
  FeedResponseSchema,
  HeartbeatResponseSchema,
  HeartbeatSchema,
  PushEventsRequestSchema,
  PushEventsResponseSchema,
  RemarkSchema,
  SegmentStatusSchema,
  StationOverviewSchema,
  TUS_PATH,
  TypedPushEventsRequestSchema,
} from '../common/sync-api';
import { CentralKeysResponseSchema, SessionChainResponseSchema } from '../common/chain-anchor';

// Every route of central, declared once: the server registers handlers against this table and
// /openapi.json is generated from it, so the published API cannot drift from the served one.

export type Auth = 'none' | 'station' | 'admin';
export interface RouteSpec {
  method: 'GET' | 'POST' | 'PUT';
  url: string;
  auth: Auth;
  summary: string;
  body?: z.ZodType;
  /** What the body must also satisfy after that first check (answered 422 when not); published instead of `body`. */
  documentedBody?: z.ZodType;
  query?: z.ZodObject;
  response?: z.ZodType;
}

export const FeedQuerySchema = z.object({ since: z.coerce.number().int().min(0).default(0) });
export const EventsQuerySchema = z.object({ station: z.string(), after: z.coerce.number().int().min(0).default(0) });

export const routes = {
  enroll: { method: 'POST', url: '/v1/enroll', auth: 'none', summary: 'Register a station with a one-time code and its Ed25519 key; returns its bearer token.', body: EnrollRequestSchema, response: EnrollResponseSchema },
  pushEvents: { method: 'POST', url: '/v1/events', auth: 'station', summary: 'Push outbox events; stored exactly once by (station, seq). An unknown kind or a payload its kind does not allow: 422, nothing of the batch stored.', body: PushEventsRequestSchema, documentedBody: TypedPushEventsRequestSchema, response: PushEventsResponseSchema },
  highestSeq: { method: 'GET', url: '/v1/events/highest', auth: 'station', summary: 'Highest seq central holds for the calling station.', response: z.object({ highestSeq: z.int() }) },
  segmentStatus: { method: 'GET', url: '/v1/segments/:seq', auth: 'station', summary: "A segment's state on central: declared, verified (hash checked) or rejected.", response: SegmentStatusSchema },
  heartbeat: { method: 'POST', url: '/v1/heartbeat', auth: 'station', summary: 'Station health and recording state (every 30 s).', body: HeartbeatSchema, response: HeartbeatResponseSchema },
  feeds: { method: 'GET', url: '/v1/feeds', auth: 'station', summary: "Schedule of the station's courtroom, user directory and remarks changed after ?since=.", query: FeedQuerySchema, response: FeedResponseSchema },
  keys: { method: 'GET', url: '/v1/keys', auth: 'none', summary: "Central's public Ed25519 key(s) that sign chain receipts.", response: CentralKeysResponseSchema },
  sessionChain: { method: 'GET', url: '/v1/sessions/:id/chain', auth: 'station', summary: "The calling station's anchored chain of one recording session, with a receipt for its head signed by central and the session's evidence flags.", response: SessionChainResponseSchema },
  adminCode: { method: 'POST', url: '/admin/codes', auth: 'admin', summary: 'Issue a one-time enrollment code.', body: AdminCodeSchema, response: AdminCodeResponseSchema },
  adminSchedule: { method: 'PUT', url: '/admin/schedule', auth: 'admin', summary: 'Add or change a hearing in the schedule.', body: AdminScheduleSchema, response: z.object({ version: z.int() }) },
  adminDirectory: { method: 'PUT', url: '/admin/directory', auth: 'admin', summary: 'Add or change users of the directory.', body: AdminDirectorySchema, response: z.object({ version: z.int() }) },
  adminRemark: { method: 'POST', url: '/admin/remarks', auth: 'admin', summary: 'File a remark on a protocol.', body: AdminRemarkSchema, response: RemarkSchema },
  adminRemarkGet: { method: 'GET', url: '/admin/remarks/:id', auth: 'admin', summary: 'One remark with its decision.', response: RemarkSchema },
  adminRevoke: { method: 'POST', url: '/admin/stations/:id/revoke', auth: 'admin', summary: "Revoke a station: its token stops working.", response: z.object({ revoked: z.boolean() }) },
  adminRekey: { method: 'POST', url: '/admin/stations/:id/rekey', auth: 'admin', summary: 'Re-key a station: its token stops working and its next enrollment (with a fresh code) may bring a new key.', response: z.object({ rekeyed: z.boolean() }) },
  adminStations: { method: 'GET', url: '/admin/stations', auth: 'admin', summary: 'Every station with its last heartbeat and flags.', response: z.array(StationOverviewSchema) },
  adminEvents: { method: 'GET', url: '/admin/events', auth: 'admin', summary: "A station's events as stored.", query: EventsQuerySchema },
  adminRegions: { method: 'PUT', url: '/admin/regions', auth: 'admin', summary: "Which region each court belongs to (the Situation Center's region filter).", body: z.object({ courts: z.array(z.object({ court: z.string().max(200), region: z.string().max(200) }).strict()).max(10_000) }).strict(), response: z.object({ courts: z.int() }) },
  adminSegments: {
    method: 'GET',
    url: '/admin/segments',
    auth: 'admin',
    summary: "A station's segments with their state and the stored object's id; a segment overlapping a seal in force is marked sealed (the seals' numbers) and its object withheld.",
    query: z.object({ station: z.string() }),
  },
  observations: {
    method: 'GET',
    url: '/v1/observations',
    auth: 'station',
    summary: "Live observation: the station's open observations (who observes, since when). Waits up to ?wait= seconds for the set to differ from ?known= (comma-separated ids), then answers.",
    query: ObservationPollQuerySchema,
    response: ObservationPollResponseSchema,
  },
  observationStatus: {
    method: 'POST',
    url: '/v1/observations/:id/status',
    auth: 'station',
    summary: 'What the station does about an observation: streaming, or refused/ended with the reason (closed session, a seal in force, no hearing recorded, stopped). Answers whether anyone still observes.',
    body: ObservationStatusSchema,
    response: ObservationAnswerSchema,
  },
  observationAudio: {
    method: 'POST',
    url: '/v1/observations/:id/audio',
    auth: 'station',
    summary: `The stream's bytes (application/octet-stream, Ogg Opus pages, at most ${OBSERVATION_AUDIO_MAX_BYTES} bytes): ?seq=0 is the head (OpusHead and OpusTags), then 1, 2, ... in order. Answers whether anyone still observes.`,
    query: ObservationAudioQuerySchema,
    response: ObservationAnswerSchema,
  },
  observationFrame: {
    method: 'POST',
    url: '/v1/observations/:id/frame',
    auth: 'station',
    summary: `One camera's newest frame (image/jpeg, at most ${OBSERVATION_FRAME_MAX_BYTES} bytes), every 2 s while observed. Answers whether anyone still observes.`,
    response: ObservationAnswerSchema,
  },
  copyRequestStatus: { method: 'GET', url: '/v1/copy-requests/:id', auth: 'station', summary: "A copy request of the station's courtroom: its state and the files central holds of it (404 for another courtroom's).", response: CopyRequestStatusSchema },
  adminCopyRequest: {
    method: 'POST',
    url: '/admin/copy-requests',
    auth: 'admin',
    summary: "File a party's request for a copy of a hearing's recording (the hearing as the schedule or a station names it; 404 when central knows no such hearing, 422 when the body is no request). The hearing's station receives it in its feed.",
    body: z.record(z.string(), z.unknown()),
    documentedBody: AdminCopyRequestSchema,
    response: CopyRequestSchema,
  },
  adminCopyRequestGet: {
    method: 'GET',
    url: '/admin/copy-requests/:id',
    auth: 'admin',
    summary: 'One copy request: requested, delivered or rejected (with the reason), the files received with SHA-256 and size, the receipt check, and seals laid since the copy was made.',
    response: AdminCopyRequestViewSchema,
  },
  adminCopyRequestFile: {
    method: 'GET',
    url: '/admin/copy-requests/:id/files/:name',
    auth: 'admin',
    summary: "One received file of a copy request, by its name (copy.mp4, protocol.pdf, receipt.json, receipt.sig; any other name is 404). The video and the protocol are withheld (403 sealed) while a seal laid after the copy was made is in force.",
  },
} satisfies Record<string, RouteSpec>;

function schema(s: z.ZodType, io: 'input' | 'output'): unknown {
  return z.toJSONSchema(s, { io, unrepresentable: 'any' });
}

/** OpenAPI 3.1 from the route table (zod 4's JSON Schema is draft 2020-12, as 3.1 wants). */
export function openApiDocument(version: string): unknown {
  const paths: Record<string, Record<string, unknown>> = {};
  const err = { description: 'Error', content: { 'application/json': { schema: schema(ErrorResponseSchema, 'output') } } };
  for (const [id, r] of Object.entries(routes) as Array<[string, RouteSpec]>) {
    const p = r.url.replace(/:(\w+)/g, '{$1}');
    const params = [...r.url.matchAll(/:(\w+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    if (r.query) {
      for (const [name, s] of Object.entries(r.query.shape)) params.push({ name, in: 'query', required: false, schema: schema(s as z.ZodType, 'input') as { type: string } });
    }
    (paths[p] ??= {})[r.method.toLowerCase()] = {
      operationId: id,
      summary: r.summary,
      ...(r.auth !== 'none' ? { security: [{ [r.auth === 'admin' ? 'adminToken' : 'stationToken']: [] }] } : {}),
      ...(params.length ? { parameters: params } : {}),
      ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: schema(r.documentedBody ?? r.body, 'input') } } } } : {}),
      responses: {
        200: { description: 'OK', ...(r.response ? { content: { 'application/json': { schema: schema(r.response, 'output') } } } : {}) },
        400: err,
        401: err,
        409: err,
        413: err,
        ...(r.documentedBody ? { 422: err } : {}),
      },
    };
  }
  paths[`${TUS_PATH}{uploadId}`] = {
    patch: {
      operationId: 'tusUpload',
      summary:
        'Segment upload, tus 1.0.0 resumable protocol (POST creates at ' +
        TUS_PATH +
        ' with Upload-Metadata seq, sha256, filename; HEAD/PATCH resume). Central hashes the finished upload and accepts it only when the SHA-256 equals the one declared by the segment event.',
      security: [{ stationToken: [] }],
      parameters: [{ name: 'uploadId', in: 'path', required: true, schema: { type: 'string' } }],
      responses: { 204: { description: 'Chunk stored' }, 401: err, 409: err, 422: err },
    },
  };
  paths[`${COPY_TUS_PATH}{uploadId}`] = {
    patch: {
      operationId: 'tusCopyUpload',
      summary:
        "A copy's file upload against a copy request, tus 1.0.0 (POST creates at " +
        COPY_TUS_PATH +
        ' with Upload-Length and Upload-Metadata request, file (copy.mp4, protocol.pdf, receipt.json, receipt.sig), sha256). Central hashes the finished upload and keeps it only when it has the declared SHA-256 and size; with all four in it checks the receipt and marks the request delivered or rejected.',
      security: [{ stationToken: [] }],
      parameters: [{ name: 'uploadId', in: 'path', required: true, schema: { type: 'string' } }],
      responses: { 204: { description: 'Chunk stored' }, 401: err, 404: err, 409: err, 422: err },
    },
  };
  return {
    openapi: '3.1.0',
    info: { title: 'Hattama central sync API', version },
    components: {
      securitySchemes: {
        stationToken: { type: 'http', scheme: 'bearer', description: 'Token issued by /v1/enroll: "<stationId>.<secret>"' },
        adminToken: { type: 'http', scheme: 'bearer', description: 'Contents of DATA/admin-token on central' },
      },
    },
    paths,
  };
}
