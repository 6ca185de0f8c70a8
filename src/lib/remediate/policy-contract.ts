/**
 * The policy's decision as the runner sees it: the types of src/lib/remediate/policy/decide.ts. The runner takes `decide` as
 * a function, so it runs under whatever policy the caller loaded, and its tests can state the decision they need.
 */
import type { Decision, DecisionInput } from './policy/decide.ts';

export type { Decision } from './policy/decide.ts';
export type DecideInput = DecisionInput;
export type Decide<P> = (policy: P, input: DecideInput) => Decision;
