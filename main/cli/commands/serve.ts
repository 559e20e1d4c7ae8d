import type { Command } from 'commander';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the core headless and serve the UI to a browser on this machine')
    .action(() => {
      throw new Error('not yet');
    });
}
