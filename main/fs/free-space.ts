import fs from 'node:fs';

// Free space as the station reports it: in bytes, and in hours of recording at a given rate.

/** Bytes available to this user on the file system holding `dir`; null when it cannot be read. */
export function freeBytes(dir: string): number | null {
  try {
    const st = fs.statfsSync(dir);
    return st.bavail * st.bsize;
  } catch {
    return null;
  }
}

/** How many hours of recording at `bytesPerHour` still fit; null when the free space is unknown. */
export function freeHours(dir: string, bytesPerHour: number): number | null {
  const free = freeBytes(dir);
  return free === null || !(bytesPerHour > 0) ? null : free / bytesPerHour;
}
