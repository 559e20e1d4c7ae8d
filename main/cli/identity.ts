import fs from 'node:fs';
import path from 'node:path';
import { HattamaError } from '../../common/errors';

// Who the CLI acts as: `hattama --as NAME|ID --pin-file FILE …` (the options may also follow the
// command when it has no --pin-file of its own), or HATTAMA_AS and HATTAMA_PIN_FILE. The PIN is
// read from a file (first line), never from the command line, where other users could see it.

let given: { as?: string; pinFile?: string } = {};

export function setCliIdentity(i: { as?: string; pinFile?: string }): void {
  given = i;
}

export function cliIdentity(): { person: string; pin: string } | null {
  const as = given.as ?? process.env.HATTAMA_AS;
  if (!as) return null;
  const pinFile = given.pinFile ?? process.env.HATTAMA_PIN_FILE;
  if (!pinFile) throw new HattamaError('app.badArgument', { detail: '--as needs --pin-file (or HATTAMA_PIN_FILE)' });
  return { person: as, pin: readPinFile(pinFile) };
}

export function readPinFile(file: string): string {
  try {
    return fs.readFileSync(path.resolve(file), 'utf8').split(/\r?\n/)[0]!.trim();
  } catch (e) {
    throw new HattamaError('auth.pinFileUnreadable', { path: file }, undefined, { cause: e });
  }
}
