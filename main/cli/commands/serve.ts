import path from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { appRoot } from '../../paths';
import { openCore } from '../context';
import { startServeServer } from '../../serve/serve-server';
import { startControlServer } from '../../control/control-server';


export function parsePort(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n > 65535) throw new InvalidArgumentError('a port is a whole number from 0 to 65535');
  return n;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the core headless and serve the UI and its bridge to a browser (loopback by default)')
    .addOption(new Option('--data <dir>', 'data directory').default(path.join(process.cwd(), '.hattama-data')))
    .addOption(new Option('--port <n>', 'TCP port, 0 for any free one').default(8370).argParser(parsePort))
    .addOption(new Option('--host <addr>', 'address to bind; keep loopback unless you mean it').default('127.0.0.1'))
    .addOption(new Option('--ui <dir>', 'built renderer folder').default(path.join(appRoot(), 'out/renderer')))
    .action(async (opts: { data: string; port: number; host: string; ui: string }) => {
      // A second core on the same folder is refused here (the data-directory lock), before anything is touched.
      const core = await openCore(opts.data, { sync: false });
      const control = await startControlServer(core);
      const server = await startServeServer({ core, rendererDir: opts.ui, host: opts.host, port: opts.port });
      process.stdout.write(`${server.openUrl}\n`);
      const stop = async () => {
        await server.close();
        await control.close();
        await core.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
