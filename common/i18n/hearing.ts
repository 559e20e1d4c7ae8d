import { defineMessages } from './define';

// The hearing's rules, as the secretary reads them when an event cannot be logged now. A hearing
// is named by its case number, never by its number in the station's database.
export default defineMessages({
  kk: {
    errors: {
      alreadyOpen: '{{caseNumber}} ісі бойынша отырыс ашық тұр: қайта ашуға болмайды',
      notOpen: '{{caseNumber}} ісі бойынша отырыс әлі ашылмаған: алдымен «Отырыс ашылды» деп белгілеңіз',
      notNow: '«$t(protocol:kinds.{{kind}})» оқиғасын қазір белгілеуге болмайды: отырыстың күйі — $t(hearing:status.{{status}})',
      closedOnlyAddendum: '{{caseNumber}} ісі бойынша отырыс жабылған: оған тек ескертпе қосуға болады',
      signedOnlyAddendum: '{{caseNumber}} ісі бойынша отырыстың хаттамасына қол қойылған: оған тек толықтыру ретінде ескертпе қосуға болады',
      otherHearingRecording: '{{caseRef}} ісі бойынша отырыс әлі жазылып жатыр: {{caseNumber}} ісі бойынша отырысты ашпас бұрын оны жабыңыз',
      recordingFollowsHearing: 'Бұл жазба {{caseRef}} ісі бойынша отырысқа тиесілі: ол үзіліс, кеңесу бөлмесі, жалғастыру және жабу оқиғаларымен ғана басқарылады',
      systemKind: '«$t(protocol:kinds.{{kind}})» жазбасын жүйенің өзі енгізеді: оны қолмен енгізуге болмайды',
      kindChangeState: '«$t(protocol:kinds.{{kind}})» оқиғасы отырыстың барысын және жазбаны басқарады: жазбаның түрін одан немесе оған түзетуге болмайды',
      kindChangeExhibit: '«$t(protocol:kinds.{{kind}})» жазбасы айғақпен байланысты: оның түрін түзетуге болмайды',
      kindChangeSystem: '«$t(protocol:kinds.{{kind}})» жазбасын жүйенің өзі енгізеді: оның түрін түзетуге болмайды',
    },
    status: { scheduled: 'жоспарланған', in_progress: 'жүріп жатыр', recess: 'үзіліс', deliberation: 'кеңесу бөлмесінде', closed: 'жабылған' },
  },
  ru: {
    errors: {
      alreadyOpen: 'Заседание по делу {{caseNumber}} уже открыто: открыть его повторно нельзя',
      notOpen: 'Заседание по делу {{caseNumber}} ещё не открыто: сначала отметьте «Заседание открыто»',
      notNow: 'Событие «$t(protocol:kinds.{{kind}})» сейчас отметить нельзя: заседание в состоянии «$t(hearing:status.{{status}})»',
      closedOnlyAddendum: 'Заседание по делу {{caseNumber}} закрыто: к нему можно добавить только заметку',
      signedOnlyAddendum: 'Протокол заседания по делу {{caseNumber}} подписан: к нему можно добавить только заметку в качестве дополнения',
      otherHearingRecording: 'Заседание по делу {{caseRef}} ещё записывается: закройте его, прежде чем открыть заседание по делу {{caseNumber}}',
      recordingFollowsHearing: 'Эта запись принадлежит заседанию по делу {{caseRef}}: ею управляют только события перерыва, совещательной комнаты, продолжения и закрытия',
      systemKind: 'Запись «$t(protocol:kinds.{{kind}})» вносит сама система: вручную её внести нельзя',
      kindChangeState: 'Событие «$t(protocol:kinds.{{kind}})» управляет ходом заседания и записью: исправить вид записи на него или с него нельзя',
      kindChangeExhibit: 'Запись «$t(protocol:kinds.{{kind}})» связана с доказательством: её вид исправить нельзя',
      kindChangeSystem: 'Запись «$t(protocol:kinds.{{kind}})» вносит сама система: её вид исправить нельзя',
    },
    status: { scheduled: 'назначено', in_progress: 'идёт', recess: 'перерыв', deliberation: 'в совещательной комнате', closed: 'закрыто' },
  },
  en: {
    errors: {
      alreadyOpen: 'The hearing in case {{caseNumber}} is already open: it cannot be opened again',
      notOpen: 'The hearing in case {{caseNumber}} is not open yet: log “Hearing opened” first',
      notNow: '“$t(protocol:kinds.{{kind}})” cannot be logged now: the hearing is $t(hearing:status.{{status}})',
      closedOnlyAddendum: 'The hearing in case {{caseNumber}} is closed: only a note can be added to it',
      signedOnlyAddendum: 'The protocol of the hearing in case {{caseNumber}} is signed: only a note can be added, as an addendum',
      otherHearingRecording: 'The hearing in case {{caseRef}} is still being recorded: close it before opening the hearing in case {{caseNumber}}',
      recordingFollowsHearing: 'This recording belongs to the hearing in case {{caseRef}}: only its recess, deliberation, resumption and closing move it',
      systemKind: '“$t(protocol:kinds.{{kind}})” is written by the station itself: it cannot be logged by hand',
      kindChangeState: '“$t(protocol:kinds.{{kind}})” moves the hearing and its recording: an entry cannot be corrected to or from it',
      kindChangeExhibit: 'A “$t(protocol:kinds.{{kind}})” entry is tied to its exhibit: its kind cannot be corrected',
      kindChangeSystem: '“$t(protocol:kinds.{{kind}})” is written by the station itself: its kind cannot be corrected',
    },
    status: { scheduled: 'scheduled', in_progress: 'in progress', recess: 'in recess', deliberation: 'in the deliberation room', closed: 'closed' },
  },
});
