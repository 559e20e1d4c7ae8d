import { describe, expect, it } from 'vitest';
import { allowedExternalHosts, isAllowedExternal } from '../../main/electron/external-links';

// The shell opens in the system browser only https links to the court's own central host.

describe('external links', () => {
  const hosts = allowedExternalHosts({ centralUrl: 'https://central.sud.kz:7480/' });

  it('allows https to the central host only', () => {
    expect(hosts).toEqual(['central.sud.kz:7480']);
    expect(isAllowedExternal('https://central.sud.kz:7480/remarks/12', hosts)).toBe(true);
    for (const url of ['http://central.sud.kz:7480/', 'https://central.sud.kz/', 'https://evil.example/', 'https://user:pw@central.sud.kz:7480/', 'file:///etc/passwd', 'javascript:alert(1)', 'not a url']) {
      expect(isAllowedExternal(url, hosts), url).toBe(false);
    }
  });

  it('allows nothing when no central is configured', () => {
    expect(allowedExternalHosts({ centralUrl: '' })).toEqual([]);
    expect(isAllowedExternal('https://example.org/', [])).toBe(false);
  });
});
