import { defineMessages } from './define';

// Correcting the protocol without erasing it, in the secretary's console: a roster line's
// correction, withdrawal and history (Roster.tsx), an entry's kind (EntryList.tsx).
export default defineMessages({
  kk: {
    roster: {
      correct: 'Түзету',
      correctHeading: 'Қатысушы деректерін түзету',
      withdraw: 'Тізімнен шығару',
      withdrawHeading: 'Қатысушыны тізімнен шығару',
      withdrawHint: 'Қате енгізілген жол жойылмайды: ол сызылып, себебімен бірге сақталады және хаттамаға енбейді. Мұны кейін қайтаруға болмайды.',
      withdrawReason: 'Шығару себебі',
      withdrawn: 'Тізімнен шығарылған: {{reason}}',
      history: 'Тарихы',
      historyHeading: '«{{name}}» жолының тарихы',
      actions: { add: 'Қосылды', update: 'Түзетілді', attendance: 'Қатысуы белгіленді', withdraw: 'Тізімнен шығарылды' },
      fields: { name: 'аты-жөні', role: 'рөлі', attendance: 'қатысуы', via: 'қатысу тәсілі', app: 'бағдарлама', note: 'ескертпе', reason: 'себебі' },
    },
    entries: {
      kind: 'Оқиғаның түрі',
      kindChanged: 'түрі: «$t(protocol:kinds.{{from}})» → «$t(protocol:kinds.{{to}})»',
    },
  },
  ru: {
    roster: {
      correct: 'Исправить',
      correctHeading: 'Исправление данных участника',
      withdraw: 'Исключить',
      withdrawHeading: 'Исключение участника из списка',
      withdrawHint: 'Ошибочно внесённая строка не удаляется: она остаётся зачёркнутой вместе с причиной и не входит в протокол. Отменить это нельзя.',
      withdrawReason: 'Причина исключения',
      withdrawn: 'Исключён из списка: {{reason}}',
      history: 'История',
      historyHeading: 'История строки «{{name}}»',
      actions: { add: 'Добавлен', update: 'Исправлен', attendance: 'Отмечена явка', withdraw: 'Исключён из списка' },
      fields: { name: 'ФИО', role: 'роль', attendance: 'явка', via: 'способ участия', app: 'программа', note: 'примечание', reason: 'причина' },
    },
    entries: {
      kind: 'Вид события',
      kindChanged: 'вид: «$t(protocol:kinds.{{from}})» → «$t(protocol:kinds.{{to}})»',
    },
  },
  en: {
    roster: {
      correct: 'Correct',
      correctHeading: "Correct a participant's details",
      withdraw: 'Withdraw',
      withdrawHeading: 'Withdraw a participant from the roster',
      withdrawHint: 'A line entered by mistake is not deleted: it stays, struck through, with its reason, and is left out of the protocol. This cannot be undone.',
      withdrawReason: 'Reason for withdrawal',
      withdrawn: 'Withdrawn: {{reason}}',
      history: 'History',
      historyHeading: 'History of “{{name}}”',
      actions: { add: 'Added', update: 'Corrected', attendance: 'Attendance marked', withdraw: 'Withdrawn from the roster' },
      fields: { name: 'name', role: 'role', attendance: 'attendance', via: 'way of participation', app: 'program', note: 'note', reason: 'reason' },
    },
    entries: {
      kind: 'Kind of event',
      kindChanged: 'kind: “$t(protocol:kinds.{{from}})” → “$t(protocol:kinds.{{to}})”',
    },
  },
});
