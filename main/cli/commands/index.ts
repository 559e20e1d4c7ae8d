import type { Command } from 'commander';
import { registerServe } from './serve';

// Every `hattama` sub-command. A new command is a file in this folder and one line here.
export const registrations: Array<(program: Command) => void> = [registerServe];
