// The tables of live observation (migration step 10, migrations-observation.ts). Central keeps
// what is being observed and the last seconds of the stream in the database, so that the
// station's requests and the supervisor's may reach different central processes.

/** One supervisor's observation of one room, from asking until it ends. */
export interface ObservationsTable {
  id: string;
  station_id: string;
  login: string;
  name: string;
  role: string;
  asked_at: string;
  /** The supervisor's page last fetched the stream: an observation no one fetches for a while ends. */
  seen_at: string;
  /** What the station said: asked (nothing yet), streaming, refused, ended. */
  station_state: string;
  /** Why the station refused or stopped (common/observe-api.ts OBSERVATION_REASONS). */
  reason: string | null;
  hearing_id: string | null;
  ended_at: string | null;
  /** Who or what ended it: the supervisor, left (the page went away), the station. */
  ended_by: string | null;
}

/** The stream's recent bytes: seq 0 is the Ogg head, then audio chunks in order; kept for seconds only. */
export interface ObservationChunksTable {
  observation_id: string;
  seq: number;
  at: string;
  bytes: Buffer;
}

/** The newest camera frame of an observation (one row, replaced). */
export interface ObservationFramesTable {
  observation_id: string;
  at: string;
  jpeg: Buffer;
}

export interface ObservationTables {
  observations: ObservationsTable;
  observation_chunks: ObservationChunksTable;
  observation_frames: ObservationFramesTable;
}
