import { OBSERVATION_AUDIO_MAX_BYTES, type Observation } from '../../common/observe-api';
import type { Logger } from '../log/logger';
import type { CentralClient } from '../sync/client';

// One observer's stream to central: the head first (seq 0), then the audio pages in order, one
// request at a time and at most SEND_EVERY_MS apart (what comes meanwhile goes with the next:
// four requests a second, not one per 20 ms page), and the camera's
// frame when none is on its way. Live beats complete: when central is slow, the oldest unsent
// audio is dropped rather than queued without end. Central's answer says whether the observer
// is still there; when not, the link ends.

/** Least time between two audio requests (ms): a quarter second of sound each. */
const SEND_EVERY_MS = 250;

export class ObserverLink {
  private seq = 0;
  private head: Buffer | null = null;
  private headSent = false;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private sending = false;
  private framing = false;
  private sentAt = 0;
  private ended = false;
  /** Audio bytes dropped because central did not keep up. */
  dropped = 0;

  constructor(
    readonly observation: Observation,
    private readonly client: CentralClient,
    private readonly log: Logger,
    /** Central answered that no one observes any more. */
    private readonly onGone: () => void,
  ) {}

  setHead(head: Buffer): void {
    this.head = head;
    void this.flush();
  }

  pages(bytes: Buffer): void {
    if (this.ended) return;
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    while (this.pendingBytes > OBSERVATION_AUDIO_MAX_BYTES && this.pending.length > 1) {
      const old = this.pending.shift()!;
      this.pendingBytes -= old.length;
      this.dropped += old.length;
    }
    void this.flush();
  }

  frame(jpeg: Buffer): boolean {
    if (this.ended || this.framing) return false;
    this.framing = true;
    void this.client
      .observationFrame(this.observation.id, jpeg)
      .then((a) => this.answered(a.continue))
      .catch((e) => this.log.debug({ err: (e as Error).message }, 'observation frame not sent'))
      .finally(() => (this.framing = false));
    return true;
  }

  end(): void {
    this.ended = true;
    this.pending = [];
    this.pendingBytes = 0;
  }

  private answered(go: boolean): void {
    if (go || this.ended) return;
    this.end();
    this.onGone();
  }

  private async flush(): Promise<void> {
    if (this.sending || this.ended) return;
    this.sending = true;
    try {
      while (!this.ended) {
        if (!this.headSent) {
          if (!this.head) return;
          this.answered((await this.client.observationAudio(this.observation.id, 0, this.head)).continue);
          this.headSent = true;
          continue;
        }
        if (!this.pending.length) return;
        const wait = this.sentAt + SEND_EVERY_MS - Date.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        if (this.ended) return;
        this.sentAt = Date.now();
        const body = Buffer.concat(this.pending);
        this.pending = [];
        this.pendingBytes = 0;
        this.answered((await this.client.observationAudio(this.observation.id, ++this.seq, body)).continue);
      }
    } catch (e) {
      // The stream is not the record: a failed send is logged, and the next pages try again.
      this.log.debug({ err: (e as Error).message, observation: this.observation.id }, 'observation audio not sent');
    } finally {
      this.sending = false;
    }
  }
}
