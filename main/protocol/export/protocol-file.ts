import fs from 'node:fs';
import path from 'node:path';
import { HattamaError } from '../../../common/errors';

// Reading back what the core wrote under DATA/protocols/ (exports, signatures, signed copies),
// for a browser to save (the browser UI cannot open a path on the station's disk) or for the
// desktop shell to open in the system's viewer. Only regular
// files of the kinds the core writes, inside that folder after resolving links, are given out.

const MIME: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.p7s': 'application/pkcs7-signature',
};
const MAX_BYTES = 64 * 1024 * 1024;

/** The real path of a file the core wrote under DATA/protocols/ (links resolved); anything else is refused. */
export function exportedFile(dataDir: string, file: string): string {
  const refuse = () => new HattamaError('protocol.notAnExport', { path: file });
  let real: string;
  let root: string;
  try {
    root = fs.realpathSync(path.join(dataDir, 'protocols'));
    real = fs.realpathSync(path.resolve(file));
  } catch {
    throw refuse();
  }
  if (!real.startsWith(root + path.sep) || !MIME[path.extname(real).toLowerCase()]) throw refuse();
  const stat = fs.statSync(real);
  if (!stat.isFile() || stat.size > MAX_BYTES) throw refuse();
  return real;
}

export function readProtocolFile(dataDir: string, file: string): { name: string; mime: string; bytes: number; base64: string } {
  const real = exportedFile(dataDir, file);
  const bytes = fs.readFileSync(real);
  return { name: path.basename(real), mime: MIME[path.extname(real).toLowerCase()]!, bytes: bytes.length, base64: bytes.toString('base64') };
}
