import { defineMessages } from './define';

// The hearing's rules, as the secretary reads them when an event cannot be logged now.
export default defineMessages({
  kk: {
    errors: {
      alreadyOpen: '№ {{id}} отырыс ашық тұр: қайта ашуға болмайды',
      notOpen: '№ {{id}} отырыс әлі ашылмаған: алдымен «Отырыс ашылды» деп белгілеңіз',
      notNow: '«$t(protocol:kinds.{{kind}})» оқиғасын қазір белгілеуге болмайды: отырыстың күйі — $t(hearing:status.{{status}})',
      closedOnlyAddendum: '№ {{id}} отырыс жабылған: оған тек ескертпе қосуға болады',
      signedOnlyAddendum: '№ {{id}} отырыстың хаттамасына қол қойылған: оған тек толықтыру ретінде ескертпе қосуға болады',
      otherHearingRecording: '№ {{other}} отырыс ({{caseRef}}) әлі жазылып жатыр: № {{id}} отырысты ашпас бұрын оны жабыңыз',
      recordingFollowsHearing: 'Бұл жазба № {{id}} отырысқа тиесілі: ол үзіліс, кеңесу бөлмесі, жалғастыру және жабу оқиғаларымен ғана басқарылады',
    },
    status: { scheduled: 'жоспарланған', in_progress: 'жүріп жатыр', recess: 'үзіліс', deliberation: 'кеңесу бөлмесінде', closed: 'жабылған' },
  },
  ru: {
    errors: {
      alreadyOpen: 'Заседание № {{id}} уже открыто: открыть его повторно нельзя',
      notOpen: 'Заседание № {{id}} ещё не открыто: сначала отметьте «Заседание открыто»',
      notNow: 'Событие «$t(protocol:kinds.{{kind}})» сейчас отметить нельзя: заседание в состоянии «$t(hearing:status.{{status}})»',
      closedOnlyAddendum: 'Заседание № {{id}} закрыто: к нему можно добавить только заметку',
      signedOnlyAddendum: 'Протокол заседания № {{id}} подписан: к нему можно добавить только заметку в качестве дополнения',
      otherHearingRecording: 'Заседание № {{other}} ({{caseRef}}) ещё записывается: закройте его, прежде чем открыть заседание № {{id}}',
      recordingFollowsHearing: 'Эта запись принадлежит заседанию № {{id}}: ею управляют только события перерыва, совещательной комнаты, продолжения и закрытия',
    },
    status: { scheduled: 'назначено', in_progress: 'идёт', recess: 'перерыв', deliberation: 'в совещательной комнате', closed: 'закрыто' },
  },
  en: {
    errors: {
      alreadyOpen: 'Hearing {{id}} is already open: it cannot be opened again',
      notOpen: 'Hearing {{id}} is not open yet: log “Hearing opened” first',
      notNow: '“$t(protocol:kinds.{{kind}})” cannot be logged now: the hearing is $t(hearing:status.{{status}})',
      closedOnlyAddendum: 'Hearing {{id}} is closed: only a note can be added to it',
      signedOnlyAddendum: 'The protocol of hearing {{id}} is signed: only a note can be added, as an addendum',
      otherHearingRecording: 'Hearing {{other}} ({{caseRef}}) is still being recorded: close it before opening hearing {{id}}',
      recordingFollowsHearing: 'This recording belongs to hearing {{id}}: only its recess, deliberation, resumption and closing move it',
    },
    status: { scheduled: 'scheduled', in_progress: 'in progress', recess: 'in recess', deliberation: 'in the deliberation room', closed: 'closed' },
  },
});
