import { defineMessages } from './define';

// Signing in, and the refusals of the role check, as the person at the station reads them.
export default defineMessages({
  kk: {
    errors: {
      required: 'Алдымен жүйеге кіріңіз: бұл әрекетті жүйеге кірген қызметкер ғана жасай алады',
      locked: 'Экран құлыпталған ({{name}}): жалғастыру үшін қайта кіріңіз. Жазба мен отырыс жалғасып жатыр',
      forbidden: '{{name}} бұл әрекетті жасай алмайды: ол мына рөлдерге арналған — {{allowedRoles}}',
      wrongPin: 'PIN-код қате ({{name}}). Қалған әрекет саны: {{left}}',
      lockedOut: '{{name}} бес рет қате PIN-код енгізді: кіру сағат {{untilMs, datetime(hour: 2-digit; minute: 2-digit)}} дейін бұғатталған',
      inactive: '{{name}} станцияда белсенді емес',
      unknownPerson: '«{{who}}» атты қызметкер табылмады',
      ambiguousPerson: '«{{who}}» атты бірнеше қызметкер бар (№ {{ids}}): нөмірін көрсетіңіз',
      noSession: 'Бұл байланыста кіру сессиясы жоқ',
      pinFileUnreadable: 'PIN-код файлын оқу мүмкін емес: {{path}}',
      keyUnavailable: 'Бұл станцияда кілтпен кіру бапталмаған',
      noPin: '{{name}} үшін PIN-код әлі орнатылмаған: кілтпен кіріңіз немесе әкімшіден PIN-код сұраңыз',
      unknownCertificate: 'Бұл сертификат ({{subject}}) станцияның ешбір қызметкеріне тіркелмеген: ЖСН-ді немесе сертификатты әкімші енгізуі керек',
    },
  },
  ru: {
    errors: {
      required: 'Сначала войдите в систему: это действие может выполнить только вошедший сотрудник',
      locked: 'Экран заблокирован ({{name}}): войдите снова, чтобы продолжить. Запись и заседание продолжаются',
      forbidden: '{{name}} не может выполнить это действие: оно предназначено для ролей — {{allowedRoles}}',
      wrongPin: 'Неверный PIN-код ({{name}}). Осталось попыток: {{left}}',
      lockedOut: '{{name}}: пять раз введён неверный PIN-код, вход заблокирован до {{untilMs, datetime(hour: 2-digit; minute: 2-digit)}}',
      inactive: '{{name}} не является активным сотрудником станции',
      unknownPerson: 'Сотрудник «{{who}}» не найден',
      ambiguousPerson: 'Сотрудников с именем «{{who}}» несколько (№ {{ids}}): укажите номер',
      noSession: 'У этого соединения нет сессии входа',
      pinFileUnreadable: 'Не удалось прочитать файл PIN-кода: {{path}}',
      keyUnavailable: 'Вход по ключу на этой станции не настроен',
      noPin: 'Для {{name}} PIN-код ещё не задан: войдите по ключу или попросите PIN-код у администратора',
      unknownCertificate: 'Этот сертификат ({{subject}}) не закреплён ни за одним сотрудником станции: ИИН или сертификат должен внести администратор',
    },
  },
  en: {
    errors: {
      required: 'Sign in first: only a signed-in person can do this',
      locked: 'The screen is locked ({{name}}): sign in again to go on. The recording and the hearing go on',
      forbidden: '{{name}} may not do this: it is for {{allowedRoles}}',
      wrongPin: 'Wrong PIN ({{name}}). Attempts left: {{left}}',
      lockedOut: '{{name}} entered a wrong PIN five times: signing in is blocked until {{untilMs, datetime(hour: 2-digit; minute: 2-digit)}}',
      inactive: '{{name}} is not an active person of this station',
      unknownPerson: 'No person named “{{who}}”',
      ambiguousPerson: 'Several people are named “{{who}}” (ids {{ids}}): give the id',
      noSession: 'This connection has no sign-in session',
      pinFileUnreadable: 'Cannot read the PIN file: {{path}}',
      keyUnavailable: 'Signing in with a key is not set up on this station',
      noPin: 'No PIN is set for {{name}} yet: sign in with your key, or ask the administrator for a PIN',
      unknownCertificate: "This certificate ({{subject}}) belongs to no person of this station: an administrator must enter the person's IIN or certificate",
    },
  },
});
