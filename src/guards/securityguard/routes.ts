import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../config.js';
import { RUN_GUARDS } from '../../http/access.js';
import { callerIdOf } from '../../platform/principal.js';
import type { KeyValueStore } from '../../storage/kv/types.js';
import { vaultSessionOf } from './index.js';
import { createVault, type Vault } from './vault.js';

export interface SecurityRoutesDeps {
  kv: KeyValueStore;
  config: Config;
  /** The authenticated caller's organization: vaults are never shared across organizations. */
  organizationOf: (request: FastifyRequest) => string;
  /** The guard's own vault (one per process); a new one over `kv` when omitted. */
  vault?: Vault;
}

/**
 * De-anonymization: a text redacted with placeholders (`[EMAIL_1]`), or a model's answer that
 * quotes them, gets the original values back from the session's vault while it has not expired.
 */
export function registerSecurityRoutes(app: FastifyInstance, deps: SecurityRoutesDeps): void {
  const vault = deps.vault ?? createVault(deps.kv, deps.config.SECURITYGUARD_VAULT_TTL_SECONDS);
  app.withTypeProvider<ZodTypeProvider>().post(
    '/api/v1/securityguard/deanonymize',
    {
      config: { access: RUN_GUARDS },
      schema: {
        tags: ['securityguard'],
        summary: 'Put the original values back in place of redaction placeholders',
        body: z.object({ text: z.string(), session_id: z.string().min(1).max(256) }),
        response: { 200: z.object({ text: z.string(), restored: z.number() }) },
      },
    },
    async (request) => {
      const session = vaultSessionOf(
        { organizationId: deps.organizationOf(request), callerId: callerIdOf(request.principal) },
        request.body.session_id,
      );
      const text = await vault.deanonymize(request.body.text, session);
      const restored = (request.body.text.match(/\[[A-Z][A-Z0-9_]{0,30}_\d{1,6}\]/g) ?? []).filter(
        (ph) => !text.includes(ph),
      ).length;
      return { text, restored };
    },
  );
}
