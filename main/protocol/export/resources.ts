import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The app's resources/ folder: HATTAMA_RESOURCES when set (the packaged app points it at
 * process.resourcesPath), else the repository's resources/ next to main/.
 */
export function resourcesDir(): string {
  const env = process.env.HATTAMA_RESOURCES;
  if (env) return env;
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../resources');
}

export function resourcePath(...parts: string[]): string {
  const p = path.join(resourcesDir(), ...parts);
  if (!fs.existsSync(p)) throw new Error(`resource missing: ${p}`);
  return p;
}
