import { WebSocket } from 'ws';
import { HattamaError } from '../../../common/errors';
import { identityOf } from './certificate';
import { verifyDetachedCms } from './cms-verify';
import type { DetachedSignature, Signer } from './signer';

// Signs through NCALayer, the signing service of Kazakhstan's national certification centre,
// which holds the person's keys (ID card, Kaztoken, its own file store) and shows its own window
// to choose the key and type its password. Protocol: one JSON message over its local WebSocket,
// module kz.gov.pki.knca.basics, method sign, CMS detached over the bytes it is given; the answer
// is {status:true, body:{result:[base64 CMS]}} or {status:false, code, message}. It also sends a
// greeting ({result:{version}}) and heartbeats, which are skipped. docs/protocol.md says what was
// checked against what.

export interface NcalayerOptions {
  url: string;
  /** Language of NCALayer's window. */
  locale: 'kk' | 'ru' | 'en';
  /** NCALayer offers only keys of this IIN (its signerParams.iin); the station checks it again. */
  expectedIin?: string;
  /**
   * The certificate that the WebSocket's TLS must present. NCALayer's is issued by its own local
   * CA, which it installs into the system and browser stores that Node does not read; without
   * this option the loopback connection is encrypted but its certificate is not checked (the
   * returned signature is verified either way).
   */
  ca?: Buffer;
  /** The person chooses a key and types a password: give them time. */
  timeoutMs?: number;
}

interface Answer {
  status?: boolean;
  code?: string;
  message?: string;
  body?: { result?: string[] | string };
}

export class NcalayerSigner implements Signer {
  readonly kind = 'ncalayer' as const;

  constructor(private readonly o: NcalayerOptions) {}

  /** The request NCALayer gets: exported for the stand-in server's test. */
  request(data: Buffer): Record<string, unknown> {
    return {
      module: 'kz.gov.pki.knca.basics',
      method: 'sign',
      args: {
        allowedStorages: ['PKCS12', 'AKKZIDCardStore', 'AKKaztokenStore', 'AKEToken72KStore', 'AKEToken5110Store', 'AKAKEYStore'],
        format: 'cms',
        data: data.toString('base64'),
        signingParams: { decode: true, encapsulate: false, digested: false, tsaProfile: null },
        signerParams: { extKeyUsageOids: [], ...(this.o.expectedIin ? { iin: this.o.expectedIin } : {}) },
        locale: this.o.locale,
      },
    };
  }

  async signDetached(data: Buffer, at = new Date()): Promise<DetachedSignature> {
    const answer = await this.exchange(this.request(data));
    if (answer.status !== true) {
      if (answer.code === 'USER_CANCELED' || answer.code === 'CANCELED') throw new HattamaError('protocol.ncalayerCanceled', {});
      throw new HattamaError('protocol.ncalayerFailed', { message: answer.message || answer.code || '?' });
    }
    const result = answer.body?.result;
    const b64 = Array.isArray(result) ? result[0] : result;
    if (typeof b64 !== 'string' || b64 === '') throw new HattamaError('protocol.ncalayerFailed', { message: 'no signature in the answer' });
    const p7s = Buffer.from(b64, 'base64');
    // What comes back is checked like anything from outside: over our bytes, by the key of its certificate.
    const { certificate } = verifyDetachedCms(p7s, data);
    return { p7s, signedAt: at, signer: identityOf(certificate) };
  }

  private exchange(request: Record<string, unknown>): Promise<Answer> {
    const { url, ca, timeoutMs = 5 * 60_000 } = this.o;
    return new Promise<Answer>((resolve, reject) => {
      const ws = new WebSocket(url, ca ? { ca, rejectUnauthorized: true } : { rejectUnauthorized: false });
      let opened = false;
      const done = (fn: () => void) => {
        clearTimeout(timer);
        ws.removeAllListeners();
        ws.on('error', () => undefined);
        ws.close();
        fn();
      };
      const timer = setTimeout(() => done(() => reject(new HattamaError('protocol.ncalayerFailed', { message: `no answer in ${Math.round(timeoutMs / 1000)} s` }))), timeoutMs);
      ws.on('open', () => {
        opened = true;
        ws.send(JSON.stringify(request));
      });
      ws.on('message', (raw) => {
        let m: Answer & { result?: unknown };
        try {
          m = JSON.parse(raw.toString()) as Answer & { result?: unknown };
        } catch {
          return; // "--heartbeat--" and other keep-alive text
        }
        if (typeof m !== 'object' || m === null || typeof m.status !== 'boolean') return; // greeting {result:{version}}
        done(() => resolve(m));
      });
      ws.on('error', (e) => done(() => reject(new HattamaError('protocol.ncalayerUnavailable', { url }, undefined, { cause: e }))));
      ws.on('close', () =>
        done(() => reject(opened ? new HattamaError('protocol.ncalayerFailed', { message: 'NCALayer closed the connection' }) : new HattamaError('protocol.ncalayerUnavailable', { url }))),
      );
    });
  }
}
