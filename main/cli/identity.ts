import { Option, type Command } from 'commander';
import fs from 'node:fs';
import path from 'node:path';
import { HattamaError } from '../../common/errors';

// Who the CLI acts as: `--as NAME|ID --pin-file FILE` on any acting command, or HATTAMA_AS and
// HATTAMA_PIN_FILE. Where a command's own --pin-file is someone else's PIN (`user add`,
// `user set-pin`), the acting person's comes from `--as-pin-file` or HATTAMA_PIN_FILE. A PIN is
// read from a file (first line), never from the command line, where other users could see it.

let given: { as?: string; pinFile?: string } = {};

/** Commands whose --pin-file is the PIN they set, not the acting person's. */
const pinFileIsTarget = new WeakSet<Command>();

/** `--pin-file`: the PIN of the person an acting command runs as (--as). */
export function actingPinFileOption(): Option {
  return new Option('--pin-file <file>', 'file whose first line is the PIN of the person given by --as');
}

/** Marks a command whose --pin-file is the PIN it sets. */
export function pinFileSets<C extends Command>(cmd: C): C {
  pinFileIsTarget.add(cmd);
  return cmd;
}

/** The identity the command line gives: --as (anywhere), then --as-pin-file, else the acting command's --pin-file. */
export function identityFromCommand(root: Command, leaf: Command): { as?: string; pinFile?: string } {
  const g = root.opts() as { as?: string; asPinFile?: string };
  const own = pinFileIsTarget.has(leaf) ? undefined : (leaf.opts() as { pinFile?: string }).pinFile;
  const pinFile = g.asPinFile ?? own;
  return { ...(g.as ? { as: g.as } : {}), ...(pinFile ? { pinFile } : {}) };
}

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
