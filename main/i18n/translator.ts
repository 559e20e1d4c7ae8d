import i18next, { type i18n } from 'i18next';
import { errorKey, type ErrorPayload, HattamaError } from '../../common/errors';
import { i18nOptions } from '../../common/i18n/index';
import type { Language } from '../../common/settings';
import { describeIssues, fieldsLine, type Translate } from '../../common/validation';

// The core's translator: the same message tables as the renderer, so an error reads the same
// in the CLI, in a log line and in the UI.

const instances = new Map<Language, i18n>();

export function translator(lang: Language): Translate {
  let inst = instances.get(lang);
  if (!inst) {
    inst = i18next.createInstance();
    void inst.init(i18nOptions(lang) as Parameters<i18n['init']>[0]);
    instances.set(lang, inst);
  }
  const t = inst.t.bind(inst);
  return (key, params) => String(t(key, params as Record<string, unknown>));
}

/** A microphone's or camera's role in the language (app:roles); a role the technician typed is shown as typed. */
export function roleName(t: Translate, role: string): string {
  return t(`app:roles.${role}`, { defaultValue: role });
}

/** Any thrown value -> the payload that crosses a boundary, in the given language. */
export function toErrorPayload(e: unknown, lang: Language, fallbackParams: Record<string, string> = {}): ErrorPayload {
  const t = translator(lang);
  if (e instanceof HattamaError) {
    const fields = e.fields;
    const params: Record<string, string | number> = { ...e.params };
    if (fields && params.fields === undefined) params.fields = fieldsLine(fields);
    return { code: e.code, message: t(errorKey(e.code), shownParams(params, t)), params, ...(fields ? { fields } : {}) };
  }
  return { code: 'app.internal', message: t('app:errors.internal', { logFile: fallbackParams.logFile ?? '-' }) };
}

/**
 * Parameters as the message shows them: a parameter named `…Roles` carries role keys
 * ("secretary,judge") and is shown as the roles' names in the reader's language. The payload
 * keeps the keys, so a client that renders the code in another language (the CLI) can too.
 */
function shownParams(params: Record<string, string | number>, t: Translate): Record<string, string | number> {
  const out = { ...params };
  for (const [k, v] of Object.entries(params)) {
    if (k.endsWith('Roles') && typeof v === 'string') out[k] = v.split(',').map((r) => t(`people:roles.${r}`)).join(', ');
  }
  return out;
}

/** A zod failure as the contract's invalid-input error, naming every field. */
export function invalidInput(issues: Parameters<typeof describeIssues>[0], lang: Language, code = 'app.invalidInput'): HattamaError {
  return new HattamaError(code, {}, describeIssues(issues, translator(lang)));
}
