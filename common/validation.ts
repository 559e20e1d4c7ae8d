import type { z } from 'zod';
import type { FieldIssue } from './errors';

const MESSAGE_KEY = /^[a-z]+:[\w.]+$/;

export type Translate = (key: string, params?: Record<string, unknown>) => string;

/** zod issues -> one translated line per field, the field named by its dotted path. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], t: Translate): FieldIssue[] {
  return issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issueMessage(issue, t) }));
}

function issueMessage(issue: z.core.$ZodIssue, t: Translate): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? t('app:field.required') : t('app:field.invalidType', { expected: issue.expected });
    case 'too_small':
      return issue.origin === 'string'
        ? t('app:field.tooShort', { min: String(issue.minimum) })
        : t('app:field.tooSmall', { min: String(issue.minimum) });
    case 'too_big':
      return issue.origin === 'string'
        ? t('app:field.tooLong', { max: String(issue.maximum) })
        : t('app:field.tooBig', { max: String(issue.maximum) });
    case 'invalid_format':
      return t('app:field.invalidFormat');
    case 'unrecognized_keys':
      return t('app:field.unknownField', { keys: issue.keys.join(', ') });
    case 'invalid_value':
    case 'invalid_union':
      return t('app:field.invalidValue');
    default:
      // A refinement names its message by key ("sync:errors.reasonRequired"), so it is translated too.
      return MESSAGE_KEY.test(issue.message) ? t(issue.message) : issue.message;
  }
}

/** "audio.channels: Too big (at most 16); court: Too long ..." */
export function fieldsLine(fields: FieldIssue[]): string {
  return fields.map((f) => (f.path ? `${f.path}: ${f.message}` : f.message)).join('; ');
}
