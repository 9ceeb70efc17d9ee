import { defineGuardModule, type GuardModule } from '../module.js';
import { securityguardConfig } from './config.js';
import {
  createRedactor,
  createSecurityGuard,
  SECURITYGUARD_DESCRIPTION,
  securityGuardPayload,
  vaultSessionOf,
} from './index.js';
import { registerSecurityRoutes } from './routes.js';
import { injectionScorer, threatScanner, threatScannerModels } from './scanners.js';
import { createVault, deanonymize } from './vault.js';

// In development the sources are TypeScript; a worker thread imports whichever file exists.
const SCANNERS_MODULE = new URL(
  import.meta.url.endsWith('.ts') ? './scanners.ts' : './scanners.js',
  import.meta.url,
).href;

/** SecurityGuard: injection, hidden text, leakage, PII, secrets, code injection, URLs; de-anonymization. */
export const securityguardModule: GuardModule<typeof securityguardConfig, never> = defineGuardModule({
  name: 'securityguard',
  port: 8005,
  description: SECURITYGUARD_DESCRIPTION,
  payloadSchema: securityGuardPayload,
  thresholds: true,
  routePrefixes: ['/api/v1/securityguard'],
  config: securityguardConfig,
  provides: {
    injectionScorer,
    threatScanner,
    threatScannerModule: SCANNERS_MODULE,
    threatScannerModels,
    placeholderRestorer: (kv) => (text, identity) => deanonymize(text, vaultSessionOf(identity), kv),
  },
  create: (deps) => {
    // One vault for redaction and de-anonymization.
    const vault = createVault(deps.kv, deps.settings.SECURITYGUARD_VAULT_TTL_SECONDS);
    return {
      guard: createSecurityGuard(deps, { redactor: createRedactor(deps.kv, deps.config, vault) }),
      routes: (app, http) =>
        registerSecurityRoutes(app, {
          kv: deps.kv,
          config: deps.config,
          vault,
          organizationOf: http.organizationOf,
        }),
    };
  },
});
