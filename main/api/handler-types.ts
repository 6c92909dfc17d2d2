import type { CallName, CallOutput, ParsedInput } from './contract.js';
import type { Deps } from './deps.js';

/** A handler is a plain function of (dependencies, validated input). */
export type Handler<N extends CallName> = (deps: Deps, input: ParsedInput<N>) => Promise<CallOutput<N>>;

export type HandlerMap<N extends CallName = CallName> = { [K in N]: Handler<K> };
