import type { Command } from 'commander';
import { registerServe } from './serve';
import { registerProtocol } from './protocol';
import { registerSchedule } from './schedule';

// Every `hattama` sub-command. A new command is a file in this folder and one line here.
export const registrations: Array<(program: Command) => void> = [registerServe, registerProtocol, registerSchedule];
