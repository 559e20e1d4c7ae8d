import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../common/contract/people';
import type { Core } from '../../main/core/core';
import { newDoorSession, type CallContext } from '../../main/runtime/handlers';
import { openTestCore, staffOf } from '../support/core';
import { missingTools, tempDir } from '../support/tools';

// Sign-in with one's signing key: the station's PKCS#12 provider signs a fresh challenge, the
// core verifies the signature and finds the person by the certificate's IIN (or fingerprint).

const skip = missingTools('openssl');
let core: Core;
let keys: string;

/** A PKCS#12 whose certificate carries SERIALNUMBER=IIN<iin>, as Kazakh certificates do. */
function p12(name: string, iin: string, days = 30): string {
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: keys, stdio: ['ignore', 'pipe', 'pipe'] });
  run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', String(days), '-utf8', '-subj', `/CN=${name}/serialNumber=IIN${iin}/C=KZ`);
  run('pkcs12', '-export', '-inkey', `${name}.key`, '-in', `${name}.pem`, '-out', `${name}.p12`, '-passout', 'pass:кілт');
  return path.join(keys, `${name}.p12`);
}
const conn = (): CallContext => ({ transport: 'test', session: newDoorSession() });

describe.skipIf(skip)('sign-in with a signing key', () => {
  beforeAll(async () => {
    keys = tempDir('hattama-keys-');
    core = await openTestCore();
    const r = await core.call('people.add', { fullName: 'Әбенов Серік', roles: ['judge'], pin: '2468', iin: '900101500129' }, await staffOf(core));
    expect(r.ok).toBe(true);
  });
  afterAll(() => core?.close());

  it('signs in the person whose IIN the certificate carries; another certificate or a wrong password is refused', async () => {
    const judgeKey = p12('Әбенов Серік', '900101500129');
    const ctx = conn();
    const r = await core.call('auth.signInWithKey', { p12Path: judgeKey, password: 'кілт' }, ctx);
    expect(r.ok && (r.value as Session).person).toMatchObject({ fullName: 'Әбенов Серік', roles: ['judge'] });
    expect((await core.call('protocol.hearings', {}, ctx)).ok).toBe(true);

    const stranger = await core.call('auth.signInWithKey', { p12Path: p12('Бөгде Адам', '850203400011'), password: 'кілт' }, conn());
    expect(!stranger.ok && stranger.error.code).toBe('auth.unknownCertificate');
    const wrong = await core.call('auth.signInWithKey', { p12Path: judgeKey, password: 'қате' }, conn());
    expect(!wrong.ok && wrong.error.code).toBe('protocol.keyPassword');
  });
});
