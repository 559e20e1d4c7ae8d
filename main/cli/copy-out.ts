import fs from 'node:fs';
import path from 'node:path';
import { HattamaError } from '../../common/errors';

// The core writes exports and signatures only under DATA/protocols/ with generated names; a
// path the person typed on the command line is theirs to fill. The CLI runs as the station's
// local user, so it copies the core's file there itself (never overwriting another file: the
// judge's signing copies the round's PDF again, which is already there byte for byte).

/** Copies `from` to the file `to` (its folder created); refuses to overwrite a different file. Returns the absolute path. */
export function copyOut(from: string, to: string): string {
  const dest = path.resolve(to);
  try {
    if (fs.existsSync(dest) && fs.readFileSync(dest).equals(fs.readFileSync(from))) return dest;
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    fs.copyFileSync(from, dest, fs.constants.COPYFILE_EXCL);
  } catch (e) {
    throw new HattamaError('protocol.outUnwritable', { path: dest }, undefined, { cause: e });
  }
  return dest;
}

/** Copies each file into the folder `dir` under its own name. */
export function copyInto(files: string[], dir: string): string[] {
  return files.map((f) => copyOut(f, path.join(dir, path.basename(f))));
}
