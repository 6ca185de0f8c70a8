/**
 * The shape of the policy's decision, as the shared contract of issue 14 fixes it (src/lib/policy/ implements it:
 * `decide(policy, input)`). The runner takes `decide` as a function, so it runs under whatever policy module the
 * caller loaded, and its tests can state the decision they need.
 */
import type { FeedFailure, FeedRemediation } from '../../schemas/feed.ts';

export interface DecideInput {
  failure: FeedFailure;
  remediation: FeedRemediation;
  host: string;
  hostGroups: string[];
}

export interface Decision {
  action: 'run' | 'propose';
  /** The policy rule that decided, or null for the default. */
  rule: string | null;
  reason: string;
}

export type Decide<P> = (policy: P, input: DecideInput) => Decision;
