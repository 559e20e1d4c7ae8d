// Which central addresses a station may talk to: https:// anywhere, http:// only on this
// machine (tests, a central beside the station). Tokens and recordings never cross a network
// in clear. Pure, shared by the settings schema and the station's sync code.

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname.toLowerCase()) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/** True for https:// URLs and for http:// URLs of a loopback host. */
export function isSecureCentralUrl(u: string): boolean {
  let url: URL;
  try {
    url = new URL(u);
  } catch {
    return false;
  }
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && isLoopbackHost(url.hostname);
}
