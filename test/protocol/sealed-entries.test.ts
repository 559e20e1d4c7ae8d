import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Entry, HearingDetail } from '../../common/contract/protocol';
import type { Core } from '../../main/core/core';
import { sealedRangesOf } from '../../main/evidence/hearing-recordings';
import { buildDocument } from '../../main/protocol/export/document';
import type { CallContext } from '../../main/runtime/handlers';
import { openTestCore, signInAs, staffOf } from '../support/core';
import { missingTools } from '../support/tools';
import { writeHearingSession } from '../review/seal-fixture';

// A judge's sealed range in the protocol: the court's protocol marks the entries inside it; a
// participant's copy lists them without their text (issue: sealed ranges honoured everywhere).
const SESSION = '20261201T060000Z-sealp1';
const skip = missingTools('pdftotext');
let core: Core;
let staff: CallContext;
let hearingId: number;

async function call<T>(ctx: CallContext, name: string, input: unknown): Promise<T> {
  const r = await core.call(name, input, ctx);
  if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
  return r.value as T;
}

beforeAll(async () => {
  core = await openTestCore();
  staff = await staffOf(core);
  hearingId = (await call<{ id: number }>(staff, 'protocol.createHearing', { caseNumber: '2-77/2026' })).id;
  await writeHearingSession(core, SESSION, hearingId, 3);
  const judge = await signInAs(core, 'Сейітова Ләззат', ['judge']);
  await call(judge, 'review.seal', { sessionId: SESSION, fromMs: 1000, toMs: 2000, reason: 'minor' });
});
afterAll(async () => {
  await core.close();
});

const entry = (id: number, positionMs: number | null, text: string, sessionId: string | null = SESSION): Entry => ({
  id, uid: `e${id}`, hearingId, kind: 'note', startedAt: new Date(Date.UTC(2026, 11, 1, 6, 0, id)).toISOString(), createdAt: new Date().toISOString(),
  recordingPositionMs: positionMs, recordingSessionId: positionMs === null ? null : sessionId, author: 'x', addendum: false, speaker: null, speakerId: null,
  exhibitId: null, exhibitLabel: null, text, deleted: false, revision: 1, revisedAt: new Date().toISOString(), revisedBy: 'x',
});

describe('sealed ranges in the protocol', () => {
  it("reads the judge's seals in force from the session's evidence, by position", () => {
    expect(sealedRangesOf(core.dataDir, [SESSION, null, 'no-such-session'])).toEqual([{ sessionId: SESSION, fromMs: 1000, toMs: 2000 }]);
  });

  it("marks the entries inside a sealed range in the court's protocol and withholds their text in a participant's copy", async () => {
    const detail = await call<HearingDetail>(staff, 'protocol.getHearing', { hearingId });
    const d = {
      ...detail,
      entries: [entry(1, 500, 'Ашық бөліктегі сөз'), entry(2, 1500, 'Кәмелетке толмаған куәнің айғағы'), entry(3, 2000, 'Тағы да ашық'), entry(4, 1500, 'Басқа сессия', 'other-session'), entry(5, null, 'Жазбасыз')],
      sealed: sealedRangesOf(core.dataDir, [SESSION]),
    };
    const court = buildDocument(d, 'kk', 'Asia/Almaty').rows.map((r) => r.text);
    expect(court).toEqual(['Ашық бөліктегі сөз', '[жабық бөлік] Кәмелетке толмаған куәнің айғағы', 'Тағы да ашық', 'Басқа сессия', 'Жазбасыз']);
    const copy = buildDocument(d, 'ru', 'Asia/Almaty', { state: 'paper' }, { publicCopy: true });
    expect(copy.rows.map((r) => r.text)).toEqual(['Ашық бөліктегі сөз', '[Закрытая часть судебного заседания: текст в копии не приводится]', 'Тағы да ашық', 'Басқа сессия', 'Жазбасыз']);
    expect(JSON.stringify(copy)).not.toContain('Кәмелетке толмаған');
    expect(copy.header).toContainEqual(['Копия', 'текст записей закрытых частей судебного заседания исключён']);
  });

  it.skipIf(skip)('protocol.export with publicCopy says so in the PDF', async () => {
    const r = await call<{ path: string }>(staff, 'protocol.export', { hearingId, format: 'pdf', lang: 'kk', publicCopy: true });
    const text = spawnSync('pdftotext', [r.path, '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, ' ');
    expect(text).toContain('Көшірме');
    const plain = await call<{ path: string }>(staff, 'protocol.export', { hearingId, format: 'pdf', lang: 'kk' });
    expect(spawnSync('pdftotext', [plain.path, '-'], { encoding: 'utf8' }).stdout).not.toContain('Көшірме');
  });
});
