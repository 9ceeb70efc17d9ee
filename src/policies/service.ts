import { and, eq, inArray } from 'drizzle-orm';
import { AppError } from '../errors.js';
import type { CallIdentity } from '../guards/contract.js';
import type { Orchestrator } from '../orchestrator/orchestrator.js';
import type { Invalidations } from '../platform/invalidations.js';
import { apiKeys } from '../storage/db/schema/platform.js';
import type { Database } from '../storage/db/types.js';
import type { KeyValueStore } from '../storage/kv/types.js';
import { evaluatePolicy, type PolicyEvaluation, summarize } from './evaluate.js';
import { defaultPolicy, type GuardPolicy, type GuardSchemas, parsePolicy, type Stage } from './schema.js';
import { GuardPolicyStore } from './store.js';

/**
 * Guard policies as the rest of the gateway uses them: the store (versions, cache, invalidation),
 * validation against the guards this process runs, and evaluation through the orchestrator.
 * Built once by the composition root.
 */
export class GuardPolicies {
  readonly store: GuardPolicyStore;
  private readonly schemas: GuardSchemas;

  constructor(
    private readonly deps: {
      db: Database;
      kv: KeyValueStore;
      invalidations: Invalidations;
      orchestrator: Orchestrator;
      cacheSeconds?: number;
    },
  ) {
    const { orchestrator } = deps;
    this.schemas = {
      names: () => orchestrator.names(),
      payloadSchemaOf: (name) => orchestrator.list().find((c) => c.name === name)?.payloadSchema,
    };
    // The guards a process runs are fixed when it is composed, so the default is built once.
    let fallback: GuardPolicy | undefined;
    this.store = new GuardPolicyStore(
      deps.db,
      deps.kv,
      deps.invalidations,
      () => {
        fallback ??= defaultPolicy(orchestrator.names());
        return fallback;
      },
      deps.cacheSeconds,
    );
  }

  parse(input: unknown): GuardPolicy {
    return parsePolicy(input, this.schemas);
  }

  /** {@link parse}, and every API key the policy names overrides for must be the organization's. */
  async parseFor(organizationId: string, input: unknown): Promise<GuardPolicy> {
    const policy = this.parse(input);
    const named = Object.keys(policy.api_keys);
    if (named.length === 0) return policy;
    const rows = await this.deps.db.orm
      .select({ id: apiKeys.id })
      .from(apiKeys)
      .where(and(eq(apiKeys.organizationId, organizationId), inArray(apiKeys.id, named)));
    const own = new Set(rows.map((r) => r.id));
    const foreign = named.filter((id) => !own.has(id));
    if (foreign.length > 0) {
      throw new AppError(
        'VALIDATION_ERROR',
        `policy.api_keys.${foreign[0]}: not an API key of this organization`,
        { fields: foreign.map((id) => `policy.api_keys.${id}`) },
      );
    }
    return policy;
  }

  evaluate(
    policy: GuardPolicy,
    stage: Stage,
    text: string,
    identity: CallIdentity,
    options: Parameters<typeof evaluatePolicy>[5] = {},
  ): Promise<PolicyEvaluation> {
    return evaluatePolicy(this.deps.orchestrator, policy, stage, text, identity, options);
  }

  summarize = summarize;
}
