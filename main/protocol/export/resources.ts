import fs from 'node:fs';
import path from 'node:path';
import { appRoot } from '../../paths';

/**
 * The app's resources/ folder: HATTAMA_RESOURCES when set (the packaged app points it at
 * process.resourcesPath), else resources/ in the application's folder.
 */
export function resourcesDir(): string {
  const env = process.env.HATTAMA_RESOURCES;
  if (env) return env;
  return path.join(appRoot(), 'resources');
}

export function resourcePath(...parts: string[]): string {
  const p = path.join(resourcesDir(), ...parts);
  if (!fs.existsSync(p)) throw new Error(`resource missing: ${p}`);
  return p;
}
