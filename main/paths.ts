import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The application's folder (the repository, or the installed app): HATTAMA_ROOT when set (the
 * `hattama` launcher sets it, so a bundled build finds the same folders), else the folder above
 * main/.
 */
export function appRoot(): string {
  return process.env.HATTAMA_ROOT ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
}
