import { defineMessages } from './define';

// People of the station and their roles, as the court calls them.
export default defineMessages({
  kk: {
    roles: { secretary: 'сот отырысының хатшысы', judge: 'судья', technician: 'техник', administrator: 'әкімші' },
    errors: {
      iinInvalid: 'ЖСН дұрыс емес: 12 цифр және бақылау саны сәйкес болуы керек',
      pinFormat: 'PIN-код 4–12 цифрдан тұрады',
      fingerprintFormat: 'Сертификаттың іздері SHA-256 (64 он алтылық таңба) болуы керек',
      firstMustBeAdmin: 'Станцияның бірінші қызметкері әкімші немесе техник болуы керек',
      notFound: '№ {{id}} қызметкер табылмады',
      iinTaken: '{{iin}} ЖСН басқа қызметкерге тіркелген',
      lastAdministrator: '{{name}} — станцияның жалғыз белсенді әкімшісі: алдымен басқа әкімші тағайындаңыз',
    },
  },
  ru: {
    roles: { secretary: 'секретарь судебного заседания', judge: 'судья', technician: 'техник', administrator: 'администратор' },
    errors: {
      iinInvalid: 'ИИН неверен: 12 цифр, и контрольная цифра должна сходиться',
      pinFormat: 'PIN-код состоит из 4–12 цифр',
      fingerprintFormat: 'Отпечаток сертификата — SHA-256 (64 шестнадцатеричных знака)',
      firstMustBeAdmin: 'Первым сотрудником станции должен быть администратор или техник',
      notFound: 'Сотрудник № {{id}} не найден',
      iinTaken: 'ИИН {{iin}} уже закреплён за другим сотрудником',
      lastAdministrator: '{{name}} — единственный активный администратор станции: сначала назначьте другого администратора',
    },
  },
  en: {
    roles: { secretary: 'court secretary', judge: 'judge', technician: 'technician', administrator: 'administrator' },
    errors: {
      iinInvalid: 'The IIN is not valid: 12 digits, and the check digit must match',
      pinFormat: 'A PIN is 4 to 12 digits',
      fingerprintFormat: 'A certificate fingerprint is a SHA-256 (64 hexadecimal characters)',
      firstMustBeAdmin: "The station's first person must be an administrator or a technician",
      notFound: 'Person {{id}} not found',
      iinTaken: 'The IIN {{iin}} already belongs to another person',
      lastAdministrator: "{{name}} is the station's only active administrator: make someone else administrator first",
    },
  },
});
