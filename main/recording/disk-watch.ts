import { bytesPerHour } from '../../common/settings';
import { freeHours } from '../fs/free-space';
import type { RecordingConfig } from './recording-config';

// Free disk in hours of recording at the session's settings: below `lowHours` the diskLow
// alarm is raised (and cleared when space comes back), well before the disk is full.

export class DiskWatch {
  private low = false;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly dataDir: string,
    private readonly config: RecordingConfig,
    private readonly lowHours: number,
    everyMs: number,
    private readonly onChange: (low: boolean, hours: number) => void,
  ) {
    this.timer = setInterval(() => this.check(), everyMs);
    this.timer.unref();
  }

  check(): void {
    const hours = freeHours(this.dataDir, bytesPerHour(this.config));
    if (hours === null) return;
    const low = hours < this.lowHours;
    if (low === this.low) return;
    this.low = low;
    this.onChange(low, Math.round(hours * 10) / 10);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
