import type { CallName, CallOutput, ParsedInput } from '../../common/contract/index';
import type { Transport } from '../../common/contract/define';

/** Who is calling: the door fills this in; handlers may use it for the audit log. */
export interface CallContext {
  transport: Transport;
}

export type Handler<K extends CallName> = (input: ParsedInput<K>, ctx: CallContext) => Promise<CallOutput<K>> | CallOutput<K>;
export type Handlers = { [K in CallName]: Handler<K> };
