import { calls, isCallName } from '../../common/contract/index';
import { HattamaError, type Result } from '../../common/errors';
import type { Language } from '../../common/settings';
import { invalidInput, toErrorPayload } from '../i18n/translator';
import type { CallContext, Handlers } from '../runtime/handlers';
import { UNAUDITED } from '../../common/contract/access';
import { targetOf, type AuditRecord } from '../audit/audit-log';
import { withPendingAudit, type PendingAudit } from '../audit/call-audit';
import { checkAccess, type AccessOptions } from './access-check';

export type { CallContext, Handler, Handlers } from '../runtime/handlers';

export interface DispatchOptions {
  handlers: Handlers;
  language: () => Language;
  logError: (e: unknown, call: string) => void;
  logFile?: string;
  access: AccessOptions;
  /** The access audit (main/audit): every call but the reads of common/contract/access.ts UNAUDITED, with its outcome. */
  audit?: (r: AuditRecord) => void;
}

/**
 * The single entry for every call from outside: the name must be in the contract, the caller's
 * roles must allow it, the input must parse, the handler's errors become translated payloads. Nothing here throws, so a bad
 * payload can never take the core down.
 */
export async function dispatch(opts: DispatchOptions, name: unknown, rawInput: unknown, ctx: CallContext): Promise<Result<unknown>> {
  const lang = opts.language();
  let role: string | null = null;
  let input: unknown = rawInput;
  let result: Result<unknown>;
  const audited = opts.audit !== undefined && isCallName(name) && !UNAUDITED.has(name);
  const record = (hearingId: number | null, outcome: string): AuditRecord => {
    const person = ctx.session?.person ?? null;
    return {
      personId: person?.id ?? null,
      personName: person?.fullName ?? null,
      // The role that allowed it; for a refusal, the roles the person held when refused.
      role: role ?? (person ? person.roles.join(',') : null),
      call: String(name),
      door: ctx.transport,
      hearingId,
      target: { ...targetOf(input), ...pending.facts },
      outcome,
    };
  };
  // A write that makes this call's change may take the row into its own transaction (main/audit/call-audit.ts).
  const pending: PendingAudit = {
    committed: false,
    write: (hearingId) => opts.audit!(record(hearingIdOf(String(name), targetOf(input), null) ?? hearingId, 'ok')),
  };
  try {
    if (!isCallName(name)) throw new HattamaError('app.unknownCall', { name: String(name).slice(0, 100) });
    role = checkAccess(name, ctx, opts.access);
    const spec = calls[name];
    const parsed = spec.input.safeParse(rawInput === undefined ? {} : rawInput);
    if (!parsed.success) throw invalidInput(parsed.error.issues, lang);
    input = parsed.data;
    const handler = opts.handlers[name] as (input: unknown, ctx: CallContext) => unknown;
    const value = await (audited ? withPendingAudit(pending, () => handler(parsed.data, ctx)) : handler(parsed.data, ctx));
    // The output is checked too: a core bug must surface here, not as a confused UI.
    const out = spec.output.safeParse(value);
    if (!out.success) throw new Error(`output of ${name} does not match the contract: ${out.error.message}`);
    result = { ok: true, value: out.data };
  } catch (e) {
    if (!(e instanceof HattamaError)) opts.logError(e, String(name));
    result = { ok: false, error: toErrorPayload(e, lang, { logFile: opts.logFile ?? '-' }) };
  }
  // Written with the change: nothing more, unless the call failed after its change committed (then that is recorded too).
  if (audited && !(pending.committed && result.ok)) {
    try {
      opts.audit!(record(hearingIdOf(String(name), targetOf(input), result), result.ok ? 'ok' : result.error.code));
    } catch (e) {
      // An audit that cannot be written is an error of the station, never a silent pass.
      opts.logError(e, `audit of ${name}`);
    }
  }
  return result;
}

/** The hearing a call concerned: named in its input, or in what it returned (a new hearing, an edited entry). */
function hearingIdOf(name: string, target: Record<string, unknown>, result: Result<unknown> | null): number | null {
  if (typeof target.hearingId === 'number') return target.hearingId;
  if (!result || !result.ok || typeof result.value !== 'object' || result.value === null) return null;
  const v = result.value as { id?: unknown; hearingId?: unknown; hearing?: { id?: unknown } };
  const id = name === 'protocol.createHearing' ? v.id : (v.hearingId ?? v.hearing?.id);
  return typeof id === 'number' ? id : null;
}
