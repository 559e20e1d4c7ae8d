// Which links the shell hands to the system browser: https only, and only to hosts the court
// configured (its central system, e.g. the e-filing cabinet's remarks). Everything else is
// refused: a link in a remark or a note must not open an arbitrary site on the courtroom PC.
// Plain Node (no electron import) so that it is tested under Node.

export function allowedExternalHosts(settings: { centralUrl?: string | null }): string[] {
  if (!settings.centralUrl) return [];
  try {
    return [new URL(settings.centralUrl).host];
  } catch {
    return [];
  }
}

export function isAllowedExternal(url: string, hosts: readonly string[]): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  return u.protocol === 'https:' && u.username === '' && u.password === '' && hosts.includes(u.host);
}
