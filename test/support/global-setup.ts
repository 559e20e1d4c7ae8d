import { PASSPHRASE_FILE_ENV } from '../../main/keys/key-protection';
import { ensureTestPassphraseFile } from './key-passphrase';

// Before any test file: every station the tests start seals its key with a passphrase, as a
// headless station must; the test processes and their children inherit the variable.
export default function setup(): void {
  process.env[PASSPHRASE_FILE_ENV] ??= ensureTestPassphraseFile();
}
