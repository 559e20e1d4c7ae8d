import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cycles, importGraph, lineCount, sourceFiles } from './import-graph';

// The house rules of DESIGN.md, measured from the code: no import cycle, no arrow running back
// up the core's layers, no capture domain reaching into another's files, no source file over
// 400 lines (the message tables in three languages excepted).

/** The core's layers, top (doors) to bottom (ground). A folder may import its own layer's files and the layers below. */
const LAYERS: Record<string, number> = {
  electron: 8, serve: 8, cli: 8, control: 8, // doors: all go through the one dispatcher
  core: 7, // composes the services: dispatcher, bus, wiring
  doctor: 7, // the station's checks and diagnostic bundle, read beside the core (it reads the core's schema list)
  hearing: 6, // the hearing's rules, driving the recorder
  protocol: 5, people: 5, roomcheck: 5, observe: 5, // roomcheck: the room test, on the recorder, the evidence store's formats and sync's numbers; observe: live observation, on the recorder and sync's client
  recording: 4, video: 4, review: 4, // capture and playback
  evidence: 3, // session folders, segments, chain, manifest, verify, recovery
  sync: 2, audit: 2, // observes the outbox; the access audit (written by the dispatcher)
  keys: 1,
  db: 0, runtime: 0, settings: 0, log: 0, i18n: 0, fs: 0, 'paths.ts': 0,
};
/** Same layer, never each other's files: they meet in main/evidence and through the core's wiring. */
const APART = new Set(['recording', 'video', 'review']);

const MAX_LINES = 400;
const MESSAGE_TABLES = /^common\/i18n\//;

const folderOf = (file: string) => file.split(path.sep)[1]!;

describe('the house', () => {
  const main = sourceFiles('main');
  const graph = importGraph(main);

  it('main/ has no import cycle', () => {
    expect(cycles(graph).map((c) => c.join(' -> '))).toEqual([]);
  });

  it('every folder of main/ has a layer, and no import runs back up or across the capture domains', () => {
    expect(main.map(folderOf).filter((f) => !(f in LAYERS))).toEqual([]);
    const wrong: string[] = [];
    for (const [from, targets] of graph) {
      for (const to of targets) {
        if (!to.startsWith('main/')) continue;
        const a = folderOf(from);
        const b = folderOf(to);
        if (a === b) continue;
        if (LAYERS[b]! > LAYERS[a]!) wrong.push(`${from} -> ${to} (up)`);
        else if (APART.has(a) && APART.has(b)) wrong.push(`${from} -> ${to} (across)`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('no source file is over 400 lines (message tables excepted)', () => {
    const all = ['main', 'central', 'renderer', 'common', 'preload'].flatMap(sourceFiles);
    const long = all.filter((f) => !MESSAGE_TABLES.test(f)).map((f) => [f, lineCount(f)] as const).filter(([, n]) => n > MAX_LINES);
    expect(long.map(([f, n]) => `${f}: ${n}`)).toEqual([]);
  });

  it('common/ depends on nothing of the core, the renderer or central', () => {
    const g = importGraph(sourceFiles('common'));
    const out = [...g].flatMap(([f, ts]) => ts.filter((t) => !t.startsWith('common/')).map((t) => `${f} -> ${t}`));
    expect(out).toEqual([]);
  });
});
