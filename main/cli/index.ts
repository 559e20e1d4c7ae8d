import { Command, CommanderError } from 'commander';
import { HattamaError } from '../../common/errors';
import { VERSION } from '../core/app-module';
import { toErrorPayload } from '../i18n/translator';
import { cliLanguage, langOption } from './context';
import { identityFromCommand, setCliIdentity } from './identity';
import { registrationsFor } from './commands/index';

// `hattama`: every headless entry to the core. Errors are one line on stderr and a non-zero
// exit: 2 for bad usage, 1 for a failure of the command itself.

const program = new Command('hattama')
  .description('Hattama: courtroom recording and electronic protocol station')
  .version(VERSION)
  .addOption(langOption())
  .option('--as <person>', 'act as this person (full name or id); or HATTAMA_AS')
  .option('--as-pin-file <file>', "file whose first line is that person's PIN, where the command's own --pin-file is another's; or HATTAMA_PIN_FILE")
  .showSuggestionAfterError(true)
  .exitOverride()
  .configureOutput({ outputError: () => undefined });

for (const register of await registrationsFor(process.argv.slice(2))) register(program);
for (const cmd of program.commands) cmd.exitOverride().configureOutput({ outputError: () => undefined });

let active: Command | undefined;
program.hook('preAction', (root, cmd) => {
  active = cmd;
  setCliIdentity(identityFromCommand(root, cmd));
});

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    if (e.exitCode === 0) process.exit(0); // --help, --version
    process.stderr.write(`hattama: ${e.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ')}\n`);
    process.exit(2);
  }
  const lang = cliLanguage(active);
  const payload = toErrorPayload(e, lang);
  if (!(e instanceof HattamaError)) process.stderr.write(`${(e as Error)?.stack ?? String(e)}\n`);
  process.stderr.write(`hattama: ${payload.message}\n`);
  for (const f of payload.fields ?? []) process.stderr.write(`  ${f.path}: ${f.message}\n`);
  process.exit(1);
}
