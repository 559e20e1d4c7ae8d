import { defineMessages } from './define';

// Live observation from the Situation Center, as the station's screens say it: the secretary's
// notice that the hearing is being observed and by whom, a refusal, and the core's errors.
export default defineMessages({
  kk: {
    banner: {
      one: 'Отырысты Жағдаяттық орталықтан бақылап отыр: {{names}}',
      since: '{{time}} бастап',
      note: 'Зал микрофондарының дыбысы және бір камераның кадры орталыққа жіберілуде. Жазбаға әсер етпейді.',
    },
    refused: {
      closedSession: '{{name}} отырысты бақылауды сұрады: отырыс жабық режимде, рұқсат етілмеді ({{time}}).',
      sealed: '{{name}} отырысты бақылауды сұрады: жазбаның бұл бөлігі мөрленген, рұқсат етілмеді ({{time}}).',
      notInHearing: '{{name}} отырысты бақылауды сұрады: отырыс жазылмай тұр, рұқсат етілмеді ({{time}}).',
      stopped: '{{name}} отырысты бақылауды сұрады: жазба аяқталған, рұқсат етілмеді ({{time}}).',
    },
    errors: {
      notJpeg: 'Камера кадры JPEG суреті емес.',
    },
  },
  ru: {
    banner: {
      one: 'За заседанием наблюдают из Ситуационного центра: {{names}}',
      since: 'с {{time}}',
      note: 'Звук микрофонов зала и кадр одной камеры передаются в центр. На запись это не влияет.',
    },
    refused: {
      closedSession: '{{name}} запросил наблюдение: заседание закрытое, в наблюдении отказано ({{time}}).',
      sealed: '{{name}} запросил наблюдение: эта часть записи закрыта судьёй, в наблюдении отказано ({{time}}).',
      notInHearing: '{{name}} запросил наблюдение: заседание не записывается, в наблюдении отказано ({{time}}).',
      stopped: '{{name}} запросил наблюдение: запись завершена, в наблюдении отказано ({{time}}).',
    },
    errors: {
      notJpeg: 'Кадр камеры не является изображением JPEG.',
    },
  },
  en: {
    banner: {
      one: 'The hearing is being observed from the Situation Center by {{names}}',
      since: 'since {{time}}',
      note: "The courtroom microphones' sound and one camera's frame are being sent to the center. The recording is not affected.",
    },
    refused: {
      closedSession: '{{name}} asked to observe: the hearing is in closed session, refused ({{time}}).',
      sealed: '{{name}} asked to observe: this part of the recording is sealed, refused ({{time}}).',
      notInHearing: '{{name}} asked to observe: the hearing is not being recorded, refused ({{time}}).',
      stopped: '{{name}} asked to observe: the recording has ended, refused ({{time}}).',
    },
    errors: {
      notJpeg: 'The camera frame is not a JPEG image.',
    },
  },
});
