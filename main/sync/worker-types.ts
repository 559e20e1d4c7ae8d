// Types the worker's parts share (kept apart so the parts need not import the loop).

export interface WorkerLog {
  info(o: object, msg: string): void;
  warn(o: object, msg: string): void;
}

export interface WorkerStats {
  cycles: number;
  failures: number;
  eventsSent: number;
  batches: number;
  segmentsConfirmed: number;
  uploadAttempts: number;
  /** Bytes the station put on the wire in PATCH bodies, summed over every attempt. */
  bytesSent: number;
  filesDeleted: number;
}

export const newStats = (): WorkerStats => ({ cycles: 0, failures: 0, eventsSent: 0, batches: 0, segmentsConfirmed: 0, uploadAttempts: 0, bytesSent: 0, filesDeleted: 0 });
