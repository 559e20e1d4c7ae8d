import type { Command } from 'commander';
import { registerServe } from './serve';
import { registerCentral } from './central';
import { registerEnroll } from './enroll';
import { registerSync } from './sync';
import { registerProtocol } from './protocol';
import { registerSchedule } from './schedule';
import { registerRecord } from './record';

// Every `hattama` sub-command. A new command is a file in this folder and one line here.
export const registrations: Array<(program: Command) => void> = [registerServe, registerCentral, registerEnroll, registerSync, registerProtocol, registerSchedule, registerRecord];
