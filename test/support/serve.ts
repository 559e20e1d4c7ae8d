import fs from 'node:fs';
import path from 'node:path';
import type { Core } from '../../main/core/core';
import { startServeServer, type RunningServer } from '../../main/serve/serve-server';
import { tempDir } from './tools';

/** A folder standing in for the built renderer: `hattama serve` needs an index.html to start. */
export function stubUi(): string {
  const ui = tempDir('hattama-ui-');
  fs.writeFileSync(path.join(ui, 'index.html'), '<!doctype html><title>t</title>');
  return ui;
}

/** The core served on a free loopback port (bridge and media route), as `hattama serve` serves it. */
export function serveForTest(core: Core): Promise<RunningServer> {
  return startServeServer({ core, rendererDir: stubUi(), host: '127.0.0.1', port: 0 });
}
