import type { Command } from 'commander';
import type { z } from 'zod';
import { calls, type CallName, type ParsedInput } from '../../common/contract/index';
import { invalidInput } from '../i18n/translator';
import { cliLanguage } from './context';

/**
 * Parses a contract call's input the way the dispatcher does, naming the bad fields in the CLI's
 * own language (the core would answer in the station's). The core checks it again.
 */
export function parseInput<K extends CallName>(name: K, input: unknown, cmd: Command): ParsedInput<K> {
  const r = (calls[name].input as z.ZodType).safeParse(input);
  if (!r.success) throw invalidInput(r.error.issues, cliLanguage(cmd));
  return r.data as ParsedInput<K>;
}
