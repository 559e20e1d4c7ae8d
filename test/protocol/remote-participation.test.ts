import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Core } from '../../main/core/core';
import type { Hearing, HearingDetail, Participant } from '../../common/contract/protocol';
import type { ParticipantChange } from '../../common/contract/protocol-roster';
import { openStationDatabase, stationMigrations } from '../../main/core/station-schema';
import { openDatabase } from '../../main/db/database';
import { createProtocolStore } from '../../main/protocol/module';
import { protocolMigrations } from '../../main/protocol/schema';
import { ProtocolStore } from '../../main/protocol/store';
import { type OutboxRow } from '../../main/sync/outbox';
import { outboxEvent } from '../../main/sync/outbox-pusher';
import { centralWithStation, pushOutbox } from '../support/outbox-central';
import { missingTools, tempDir } from '../support/tools';
import { cli, cliDataDir, fails, ok, openCore, ROOT } from './helpers';
import { closedAfterEach } from '../support/closed-after';

// A witness who takes part by video-conference (issue 17): the roster line carries the way of
// participation and the program, the protocol says that the hearing was held with the use of
// video-conference and marks the participant, in Kazakh and in Russian, PDF and DOCX. A program
// named for anyone not remote is refused, in the user's language, at every door.

const keep = closedAfterEach();

const pdf = (file: string) => execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
const docx = (file: string) => execFileSync('unzip', ['-p', file, 'word/document.xml'], { encoding: 'utf8' }).replace(/<[^>]+>/g, '');

const SENTENCE = {
  kk: 'Сот отырысы бейнеконференцбайланыс жүйесін пайдалану арқылы өткізілді (TrueConf).',
  ru: 'Судебное заседание проведено с использованием системы видеоконференцсвязи (TrueConf).',
};
const MARK = { kk: 'Ахметова Гүлнар (бейнеконференцбайланыс арқылы)', ru: 'Ахметова Гүлнар (посредством видеоконференцсвязи)' };

async function hearing(c: Core) {
  const h = await ok<Hearing>(c, 'protocol.createHearing', { caseNumber: '2-917/2026', category: 'civil', judge: 'Әбенов С. Қ.' });
  const plaintiff = await ok<Participant>(c, 'protocol.addParticipant', { hearingId: h.id, name: 'Жұмабаев Ерлан', role: 'plaintiff', attendance: 'present' });
  const witness = await ok<Participant>(c, 'protocol.addParticipant', { hearingId: h.id, name: 'Ахметова Гүлнар', role: 'witness', attendance: 'unknown' });
  return { h, plaintiff, witness };
}

describe('a remote witness', () => {
  it('takes part by video-conference through a named program, and the protocol says so in kk and ru', async () => {
    const c = keep(await openCore());
    const { h, plaintiff, witness } = await hearing(c);
    // Nothing remote yet: the protocol says nothing of video-conference.
    if (!missingTools('pdftotext', 'unzip')) {
      const before = pdf((await ok<{ path: string }>(c, 'protocol.export', { hearingId: h.id, format: 'pdf', lang: 'kk' })).path);
      expect(before).not.toContain('бейнеконференцбайланыс');
    }

    const w = await ok<Participant>(c, 'protocol.setAttendance', { participantId: witness.id, attendance: 'remote', app: '  TrueConf \n' });
    expect(w).toMatchObject({ attendance: 'remote', via: 'videoconference', app: 'TrueConf' });
    expect((await ok<HearingDetail>(c, 'protocol.getHearing', { hearingId: h.id })).participants.find((p) => p.id === witness.id)).toMatchObject({ via: 'videoconference', app: 'TrueConf' });
    expect((await ok<HearingDetail>(c, 'protocol.getHearing', { hearingId: h.id })).participants.find((p) => p.id === plaintiff.id)).toMatchObject({ via: null, app: null });
    const history = await ok<ParticipantChange[]>(c, 'protocol.participantHistory', { participantId: witness.id });
    expect(history.at(-1)).toMatchObject({
      action: 'participant.attendance',
      before: { attendance: 'unknown', via: null, app: null },
      after: { attendance: 'remote', via: 'videoconference', app: 'TrueConf' },
    });

    if (missingTools('pdftotext', 'unzip')) return;
    for (const lang of ['kk', 'ru'] as const) {
      const text = pdf((await ok<{ path: string }>(c, 'protocol.export', { hearingId: h.id, format: 'pdf', lang })).path);
      expect(text).toContain(SENTENCE[lang]);
      expect(text).toContain(MARK[lang]);
      // Only the remote participant is marked.
      expect(text).not.toContain(`Жұмабаев Ерлан ${MARK[lang].split(' ').slice(2).join(' ')}`);
      const word = docx((await ok<{ path: string }>(c, 'protocol.export', { hearingId: h.id, format: 'docx', lang })).path);
      expect(word).toContain(SENTENCE[lang]);
      expect(word).toContain(MARK[lang]);
      expect(word).not.toMatch(/videoconference|remote/);
    }

    // Without a program the sentence stands without one; marked present again, the program goes and so does the sentence.
    await ok(c, 'protocol.setAttendance', { participantId: witness.id, attendance: 'remote' });
    expect(pdf((await ok<{ path: string }>(c, 'protocol.export', { hearingId: h.id, format: 'pdf', lang: 'ru' })).path)).toContain(
      'Судебное заседание проведено с использованием системы видеоконференцсвязи. ',
    );
    const back = await ok<Participant>(c, 'protocol.setAttendance', { participantId: witness.id, attendance: 'present' });
    expect(back).toMatchObject({ attendance: 'present', via: null, app: null });
    expect(docx((await ok<{ path: string }>(c, 'protocol.export', { hearingId: h.id, format: 'docx', lang: 'kk' })).path)).not.toContain('бейнеконференцбайланыс');
  });

  it('reaches central with its way of participation, in the outbox row of the same change', async () => {
    const c = keep(await openCore());
    const stationId = 'st-remote-1';
    const db = keep(await centralWithStation(stationId));
    const { witness } = await hearing(c);
    await ok(c, 'protocol.setAttendance', { participantId: witness.id, attendance: 'remote', app: 'Zoom' });
    const added = await ok<Participant>(c, 'protocol.addParticipant', { hearingId: witness.hearingId, name: 'Ли Анна', role: 'expert', attendance: 'remote', app: 'WhatsApp' });
    expect(added).toMatchObject({ via: 'videoconference', app: 'WhatsApp' });
    const rows = c.db.prepare<[], OutboxRow>("SELECT * FROM outbox WHERE kind = 'protocol.participant' ORDER BY seq").all();
    // Each row as the worker checks it before sending: the union central parses with.
    const payloads = rows.map((r) => {
      const e = outboxEvent(r);
      if (!e.ok) throw new Error(e.why);
      return e.event.payload;
    });
    expect(payloads.at(-2)).toMatchObject({ op: 'update', attendance: 'remote', remote_via: 'videoconference', remote_app: 'Zoom' });
    expect(payloads.at(-1)).toMatchObject({ op: 'add', attendance: 'remote', remote_via: 'videoconference', remote_app: 'WhatsApp' });
    await pushOutbox(c, db, stationId);
    const line = (id: number) => db.db.selectFrom('protocol_participants').selectAll().where('station_id', '=', stationId).where('local_id', '=', id).executeTakeFirstOrThrow();
    expect(await line(witness.id)).toMatchObject({ attendance: 'remote', remote_via: 'videoconference', remote_app: 'Zoom' });
    expect(await line(added.id)).toMatchObject({ attendance: 'remote', remote_via: 'videoconference', remote_app: 'WhatsApp' });

    // No longer remote: central's line loses its program too.
    await ok(c, 'protocol.setAttendance', { participantId: witness.id, attendance: 'absent' });
    await pushOutbox(c, db, stationId);
    expect(await line(witness.id)).toMatchObject({ attendance: 'absent', remote_via: null, remote_app: null });
    // The database holds the rule too: no program on a line that is not remote.
    expect(() => c.db.prepare("UPDATE participants SET remote_app = 'Zoom' WHERE id = ?").run(witness.id)).toThrow(/only a remote participant/);
  });

  it('refuses a program with any other attendance, one too long, or of the wrong type, in the user\'s language', async () => {
    const c = keep(await openCore());
    const { witness } = await hearing(c);
    const present = await fails(c, 'protocol.setAttendance', { participantId: witness.id, attendance: 'present', app: 'TrueConf' });
    expect(present.code).toBe('app.invalidInput');
    expect(present.fields).toEqual([{ path: 'app', message: 'Бейнеконференцбайланыс бағдарламасы тек бейнеконференцбайланыс арқылы қатысатын қатысушыға көрсетіледі' }]);
    expect(present.message).toContain('Деректер дұрыс емес');
    const via = await fails(c, 'protocol.addParticipant', { hearingId: witness.hearingId, name: 'Басқа', role: 'witness', attendance: 'absent', via: 'videoconference' });
    expect(via.fields).toEqual([{ path: 'via', message: 'Қатысу тәсілі тек қашықтан қатысатын қатысушыға көрсетіледі' }]);
    const long = await fails(c, 'protocol.setAttendance', { participantId: witness.id, attendance: 'remote', app: 'Т'.repeat(61) });
    expect(long.fields?.[0]).toMatchObject({ path: 'app' });
    expect(long.fields?.[0]?.message).toMatch(/60/);
    const type = await fails(c, 'protocol.setAttendance', { participantId: witness.id, attendance: 'remote', app: 42 });
    expect(type.fields?.[0]).toMatchObject({ path: 'app' });
    const way = await fails(c, 'protocol.setAttendance', { participantId: witness.id, attendance: 'remote', via: 'telephone' });
    expect(way.fields?.[0]).toMatchObject({ path: 'via' });
    // Nothing of it was written.
    expect((await ok<HearingDetail>(c, 'protocol.getHearing', { hearingId: witness.hearingId })).participants.find((p) => p.id === witness.id)).toMatchObject({ attendance: 'unknown', via: null, app: null });

    // In Russian when the station speaks Russian.
    await ok(c, 'settings.update', { patch: { language: 'ru' } });
    const ru = await fails(c, 'protocol.setAttendance', { participantId: witness.id, attendance: 'absent', app: 'Zoom' });
    expect(ru.message).toContain('Неверные данные');
    expect(ru.fields).toEqual([{ path: 'app', message: 'Программа видеоконференцсвязи указывается только для участника, участвующего посредством видеоконференцсвязи' }]);
    // The store refuses it for the core's own callers too (the schedule import, central's feed).
    const store = createProtocolStore({ db: c.db, settings: c.settings, events: c.events });
    expect(() => store.updateParticipant({ participantId: witness.id, attendance: 'present', app: 'Zoom' })).toThrow(expect.objectContaining({ code: 'protocol.appOnlyRemote' }));
    expect(() => store.addParticipant({ hearingId: witness.hearingId, name: 'Басқа', role: 'witness', via: 'videoconference' })).toThrow(expect.objectContaining({ code: 'protocol.viaOnlyRemote' }));
  });

  it('from the CLI: `hattama protocol attendance --attendance remote --app`, refused with another attendance', () => {
    const dir = cliDataDir();
    expect(cli(['schedule', 'import', '--data', dir, path.join(ROOT, 'resources/schedule-example.json')]).status).toBe(0);
    const d = JSON.parse(cli(['protocol', 'list', '--data', dir, '--hearing', '1', '--json']).stdout) as HearingDetail;
    // The schedule names the remote witness's program.
    expect(d.participants.find((p) => p.name === 'Үсенов Ұлан')).toMatchObject({ attendance: 'remote', via: 'videoconference', app: 'TrueConf' });
    const respondent = d.participants.find((p) => p.role === 'respondent')!;

    const r = cli(['protocol', 'attendance', '--data', dir, '--participant', String(respondent.id), '--attendance', 'remote', '--app', 'Zoom']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(`${respondent.id}\t${respondent.name}\tremote\tvideoconference\tZoom\n`);
    const bad = cli(['protocol', 'attendance', '--data', dir, '--participant', String(respondent.id), '--attendance', 'present', '--app', 'Zoom']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('Бейнеконференцбайланыс бағдарламасы тек бейнеконференцбайланыс арқылы қатысатын қатысушыға көрсетіледі');
    const ru = cli(['--lang', 'ru', 'protocol', 'attendance', '--data', dir, '--participant', String(respondent.id), '--attendance', 'absent', '--app', 'Zoom']);
    expect(ru.status).toBe(1);
    expect(ru.stderr).toContain('Программа видеоконференцсвязи указывается только');
    const after = JSON.parse(cli(['protocol', 'list', '--data', dir, '--hearing', '1', '--json']).stdout) as HearingDetail;
    expect(after.participants.find((p) => p.id === respondent.id)).toMatchObject({ attendance: 'remote', app: 'Zoom' });
    expect(cli(['protocol', 'list', '--data', dir, '--hearing', '1']).stdout).toContain(`${respondent.name} — remote (videoconference, Zoom)`);
  });

  it('a line marked remote before the way was kept reads as video-conference, also on a signed (frozen) roster', () => {
    const dir = tempDir('hattama-remote-upgrade-');
    const old = openDatabase(dir, { ...stationMigrations, protocol: protocolMigrations.slice(0, 9) });
    const at = '2025-11-02T09:00:00.000Z';
    const h = Number(old.prepare("INSERT INTO hearings (uid, case_number, source, created_at, updated_at) VALUES ('h-remote-upgrade', '2-80/2025', 'adhoc', ?, ?)").run(at, at).lastInsertRowid);
    const p = Number(old.prepare("INSERT INTO participants (hearing_id, name, role, attendance, position, created_at, updated_at) VALUES (?, 'Үсенов Ұлан', 'witness', 'remote', 1, ?, ?)").run(h, at, at).lastInsertRowid);
    old.prepare("INSERT INTO protocol_signatures (hearing_id, signed_at, signer, issuer, serial, cert_sha256, lang, pdf_path, p7s_path, pdf_sha256, p7s_sha256) VALUES (?, ?, 'Әбенов', 'CA', '01', 'x', 'kk', 'a.pdf', 'a.p7s', 'y', 'z')").run(h, at);
    old.close();
    const db = openStationDatabase(dir);
    try {
      expect(new ProtocolStore(db).detail(h).participants.find((x) => x.id === p)).toMatchObject({ attendance: 'remote', via: 'videoconference', app: null });
      // Still frozen: the upgrade wrote nothing into the signed roster, and nothing may.
      expect(() => db.prepare("UPDATE participants SET remote_app = 'Zoom' WHERE id = ?").run(p)).toThrow(/roster is frozen/);
    } finally {
      db.close();
    }
  });
});
