import type { Settings } from '../../../common/settings';
import { HattamaError } from '../../../common/errors';
import { NcalayerSigner } from './ncalayer-signer';
import { P12Signer } from './p12-signer';
import type { Signer } from './signer';

/** The signer the station's settings choose (signing.provider): a PKCS#12 file, or NCALayer. */
export function signerFor(settings: Settings, i: { p12Path?: string; password?: string; expectedIin?: string }): Signer {
  if (settings.signing.provider === 'ncalayer') {
    return new NcalayerSigner({ url: settings.signing.ncalayerUrl, locale: settings.language, expectedIin: i.expectedIin });
  }
  if (i.p12Path === undefined || i.password === undefined) throw new HattamaError('protocol.p12Required', {});
  return new P12Signer(i.p12Path, i.password);
}
