import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Hearing, HearingDetail } from '../../common/contract/protocol';
import { cli, cliDataDir, ROOT } from '../protocol/helpers';

// `hattama protocol cancel`: the same call and the same rules as the UI's dialog, as the person
// signed in for the command; the cancelled hearing then refuses entries from the CLI too.

describe('hattama protocol cancel', () => {
  it('cancels a hearing with its reason, which every later entry is refused with, in the station language', () => {
    const dir = cliDataDir();
    expect(cli(['schedule', 'import', '--data', dir, path.join(ROOT, 'resources/schedule-example.json')]).status).toBe(0);

    const missing = cli(['protocol', 'cancel', '--data', dir, '--hearing', '1']);
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toContain('--reason');

    const r = cli(['protocol', 'cancel', '--data', dir, '--hearing', '1', '--reason', 'Іс басқа сотқа берілді', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const h = JSON.parse(r.stdout) as Hearing;
    expect(h.cancelled).toMatchObject({ reason: 'Іс басқа сотқа берілді' });
    expect(h.cancelled!.by).not.toBe('');

    const log = cli(['protocol', 'log', '--data', dir, '--hearing', '1', '--kind', 'opened']);
    expect(log.status).toBe(1);
    expect(log.stderr).toContain('болдырылмады');
    expect(log.stderr).toContain('Іс басқа сотқа берілді');
    const again = cli(['protocol', 'cancel', '--data', dir, '--hearing', '1', '--reason', 'екінші рет'], { HATTAMA_LANG: 'ru' });
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('отменено');

    const d = JSON.parse(cli(['protocol', 'list', '--data', dir, '--hearing', '1', '--json']).stdout) as HearingDetail;
    expect(d.hearing.cancelled?.reason).toBe('Іс басқа сотқа берілді');
    expect(cli(['protocol', 'list', '--data', dir]).stdout).toMatch(/^1\t.*cancelled/m);
    // The other hearing is untouched.
    expect(cli(['protocol', 'list', '--data', dir]).stdout).not.toMatch(/^2\t.*cancelled/m);
  });
});
