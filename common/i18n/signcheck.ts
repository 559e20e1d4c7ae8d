import { defineMessages } from './define';

// The check before signing: what a protocol of the category must contain, and the refusal
// when something is missing and no reason is given (main/protocol/sign/sign-check.ts).
export default defineMessages({
  kk: {
    items: {
      composition_announced: 'Сот құрамы жарияланбаған',
      language_explained: 'Сот ісі жүргізілетін тіл және аудармашы құқығы түсіндірілмеген',
      rights_explained: 'Іске қатысушыларға құқықтары мен міндеттері түсіндірілмеген',
      witness_warned: 'Жалған айғақ үшін жауаптылық туралы ескертілмеген куәлар',
      closing_arguments: 'Сот жарыссөзі белгіленбеген',
      last_word: 'Сотталушыға соңғы сөз берілгені белгіленбеген',
      decision_announced: 'Шешімнің жарияланғаны белгіленбеген',
    },
    heading: 'Қол қоймас бұрын: хаттамада міндетті тармақтар жоқ',
    complete: 'Хаттаманың міндетті тармақтары толық',
    reasonLabel: 'Неліктен осылай қол қойылады (аудитте сақталады)',
    checkAgain: 'Хаттаманы толықтырдым, қайта тексеру',
    errors: {
      incomplete: '№ {{caseNumber}} істің хаттамасында міндетті {{count}} тармақ жоқ. Оларды толықтырыңыз немесе қол қоюдың себебін жазыңыз',
    },
  },
  ru: {
    items: {
      composition_announced: 'Не объявлен состав суда',
      language_explained: 'Не разъяснены язык судопроизводства и право на переводчика',
      rights_explained: 'Участникам процесса не разъяснены их права и обязанности',
      witness_warned: 'Свидетели, не предупреждённые об ответственности за ложные показания',
      closing_arguments: 'Не отмечены судебные прения',
      last_word: 'Не отмечено предоставление подсудимому последнего слова',
      decision_announced: 'Не отмечено оглашение решения',
    },
    heading: 'Перед подписанием: в протоколе нет обязательных пунктов',
    complete: 'Обязательные пункты протокола на месте',
    reasonLabel: 'Почему протокол подписывается так (сохраняется в журнале)',
    checkAgain: 'Протокол дополнен, проверить снова',
    errors: {
      incomplete: 'В протоколе по делу № {{caseNumber}} нет обязательных пунктов: {{count}}. Дополните протокол или укажите причину подписания',
    },
  },
  en: {
    items: {
      composition_announced: 'The composition of the court was not announced',
      language_explained: 'The language of the proceedings and the right to an interpreter were not explained',
      rights_explained: 'The participants were not told their rights and duties',
      witness_warned: 'Witnesses not warned of liability for false testimony',
      closing_arguments: 'Closing arguments are not recorded',
      last_word: "The defendant's last word is not recorded",
      decision_announced: 'The announcement of the decision is not recorded',
    },
    heading: 'Before signing: mandatory items are missing from the protocol',
    complete: 'The mandatory items of the protocol are there',
    reasonLabel: 'Why the protocol is signed as it is (kept in the audit)',
    checkAgain: 'The protocol is completed: check again',
    errors: {
      incomplete: 'The protocol of case {{caseNumber}} lacks {{count}} mandatory item(s). Add them, or give the reason for signing',
    },
  },
});
