import { createHash } from 'node:crypto';

// What central's parts share: the refusal every route turns into `{error, message}`, hashing, now.

export class CentralError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const sha256Hex = (s: string | Buffer): string => createHash('sha256').update(s).digest('hex');
export const nowIso = (): string => new Date().toISOString();
