import net from 'node:net';

// A TCP proxy for fault tests: forwards 127.0.0.1:<port> to a target and, when told to, cuts
// connections at random points (after a random number of bytes in either direction). Counts
// the cuts and the bytes that went upstream, so a test can prove resumption re-sent little.

export interface CutPolicy {
  /** Probability that a new connection gets a cut point at all. */
  probability: number;
  /** The cut happens after a uniformly random number of bytes in [minBytes, maxBytes]. */
  minBytes: number;
  maxBytes: number;
}

export class TcpProxy {
  cuts = 0;
  connections = 0;
  bytesUp = 0;
  bytesDown = 0;
  policy: CutPolicy | null = null;
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  port = 0;

  constructor(
    private targetPort: number,
    private readonly targetHost = '127.0.0.1',
  ) {}

  retarget(port: number): void {
    this.targetPort = port;
  }

  async listen(port = 0): Promise<number> {
    this.server = net.createServer((client) => this.accept(client));
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
    return this.port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/`;
  }

  private accept(client: net.Socket): void {
    this.connections++;
    const upstream = net.connect(this.targetPort, this.targetHost);
    this.sockets.add(client);
    this.sockets.add(upstream);
    const p = this.policy;
    let budget = p && Math.random() < p.probability ? p.minBytes + Math.floor(Math.random() * (p.maxBytes - p.minBytes + 1)) : Infinity;
    let cut = false;
    const kill = () => {
      if (cut) return;
      cut = true;
      this.cuts++;
      client.destroy();
      upstream.destroy();
    };
    const pipe = (from: net.Socket, to: net.Socket, up: boolean) => {
      from.on('data', (chunk: Buffer) => {
        if (cut) return;
        if (chunk.length >= budget) {
          // Forward part of the chunk, then cut mid-stream.
          const part = chunk.subarray(0, Math.max(0, budget));
          if (part.length) to.write(part);
          if (up) this.bytesUp += part.length;
          else this.bytesDown += part.length;
          kill();
          return;
        }
        budget -= chunk.length;
        if (up) this.bytesUp += chunk.length;
        else this.bytesDown += chunk.length;
        to.write(chunk);
      });
      from.on('end', () => to.end());
      from.on('error', () => to.destroy());
      from.on('close', () => {
        this.sockets.delete(from);
        to.destroy();
      });
    };
    pipe(client, upstream, true);
    pipe(upstream, client, false);
  }

  /** Drops every open connection (as a network outage would). */
  dropAll(): void {
    for (const s of this.sockets) s.destroy();
  }

  async close(): Promise<void> {
    this.dropAll();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
