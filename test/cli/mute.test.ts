import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, cliDataDir, ROOT } from '../protocol/helpers';

// `hattama protocol mute`: the console's privacy mute from the command line, the same call and
// the same rules in the core (the recording itself is proven in test/hearing/privacy-mute.test.ts).

describe('hattama protocol mute', () => {
  it('refuses a hearing that is not open, in the station language, and a channel that is no number', () => {
    const dir = cliDataDir();
    expect(cli(['schedule', 'import', '--data', dir, path.join(ROOT, 'resources/schedule-example.json')]).status).toBe(0);
    const kk = cli(['protocol', 'mute', '--data', dir, '--hearing', '1', '--channel', '3']);
    expect(kk.status).toBe(1);
    expect(kk.stderr).toContain('әлі ашылмаған');
    const ru = cli(['protocol', 'mute', '--data', dir, '--hearing', '1', '--channel', '3', '--off'], { HATTAMA_LANG: 'ru' });
    expect(ru.status).toBe(1);
    expect(ru.stderr).toContain('ещё не открыто');
    const bad = cli(['protocol', 'mute', '--data', dir, '--hearing', '1', '--channel', 'three']);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('--channel three');
  });
});
