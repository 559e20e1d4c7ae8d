import { defineMessages } from './define';

// Participants' copies a party asked for through central: the copy requests on the station, their
// states, the CLI's lines and the refusals.
export default defineMessages({
  kk: {
    states: { requested: 'күтуде', delivered: 'жеткізілді', rejected: 'қабылданбады' },
    roles: {
      prosecutor: 'прокурор',
      defender: 'қорғаушы',
      defendant: 'сотталушы',
      victim: 'жәбірленуші',
      plaintiff: 'талапкер',
      respondent: 'жауапкер',
      third_party: 'үшінші тұлға',
      representative: 'өкіл',
      other: 'басқа',
    },
    cli: {
      none: 'Көшірме туралы өтініш жоқ.',
      line: '{{requestId}} · {{hearing}} · {{name}} ({{role}}) · {{filedAt}} · {{state}}',
      reason: '  себебі: {{reason}}',
      delivery: '  көшірме {{copyId}}: {{confirmed}}/{{total}} файл орталық жүйеде',
      problem: '  {{name}}: {{problem}}',
      queued: 'Өтініш {{requestId}} бойынша көшірме жасалды ({{copyId}}): төрт файл орталық жүйеге жіберуге кезекке қойылды',
    },
    errors: {
      requestNotFound: 'Көшірме туралы өтініш табылмады: {{requestId}}',
      requestClosed: 'Көшірме туралы өтініш {{requestId}} енді орындалмайды: $t(copies:states.{{state}})',
      requestFulfilled: 'Өтініш {{requestId}} бойынша көшірме бұрын жасалған ({{at}})',
      hearingNotHere: 'Өтініштегі отырыс ({{hearing}}) бұл станцияда жоқ',
    },
  },
  ru: {
    states: { requested: 'ожидает', delivered: 'доставлена', rejected: 'отклонена' },
    roles: {
      prosecutor: 'прокурор',
      defender: 'защитник',
      defendant: 'подсудимый',
      victim: 'потерпевший',
      plaintiff: 'истец',
      respondent: 'ответчик',
      third_party: 'третье лицо',
      representative: 'представитель',
      other: 'другое',
    },
    cli: {
      none: 'Запросов копии нет.',
      line: '{{requestId}} · {{hearing}} · {{name}} ({{role}}) · {{filedAt}} · {{state}}',
      reason: '  причина: {{reason}}',
      delivery: '  копия {{copyId}}: {{confirmed}} из {{total}} файлов в центральной системе',
      problem: '  {{name}}: {{problem}}',
      queued: 'Копия по запросу {{requestId}} сделана ({{copyId}}): четыре файла поставлены в очередь на отправку в центральную систему',
    },
    errors: {
      requestNotFound: 'Запрос копии не найден: {{requestId}}',
      requestClosed: 'Запрос копии {{requestId}} больше не исполняется: $t(copies:states.{{state}})',
      requestFulfilled: 'Копия по запросу {{requestId}} уже сделана ({{at}})',
      hearingNotHere: 'Заседания из запроса ({{hearing}}) нет на этой станции',
    },
  },
  en: {
    states: { requested: 'waiting', delivered: 'delivered', rejected: 'rejected' },
    roles: {
      prosecutor: 'prosecutor',
      defender: 'defence counsel',
      defendant: 'defendant',
      victim: 'victim',
      plaintiff: 'plaintiff',
      respondent: 'respondent',
      third_party: 'third party',
      representative: 'representative',
      other: 'other',
    },
    cli: {
      none: 'No copy requests.',
      line: '{{requestId}} · {{hearing}} · {{name}} ({{role}}) · {{filedAt}} · {{state}}',
      reason: '  reason: {{reason}}',
      delivery: '  copy {{copyId}}: {{confirmed}} of {{total}} files at central',
      problem: '  {{name}}: {{problem}}',
      queued: 'Copy for request {{requestId}} made ({{copyId}}): its four files are queued for upload to central',
    },
    errors: {
      requestNotFound: 'No such copy request: {{requestId}}',
      requestClosed: 'Copy request {{requestId}} is no longer open: $t(copies:states.{{state}})',
      requestFulfilled: 'A copy for request {{requestId}} was made already ({{at}})',
      hearingNotHere: 'The hearing of the request ({{hearing}}) is not on this station',
    },
  },
});
