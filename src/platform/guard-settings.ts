import type { Logger } from 'pino';
import type { CallIdentity, CallSettings, GuardName } from '../guards/contract.js';
import type { CallSettingsSource } from '../orchestrator/orchestrator.js';
import type { ExperimentService } from './experiments/service.js';
import type { RuntimeConfigService } from './runtime-config.js';

/**
 * The settings of each guard call, resolved from what this replica holds in memory: the runtime
 * configuration in force (thresholds, guard timeouts, feature flags) and, when the caller's
 * organization runs an A/B test on the guard, the thresholds of the caller's variant, which take
 * precedence. Built once by the composition root and handed to the orchestrator.
 */
export class GuardSettings implements CallSettingsSource {
  constructor(
    private readonly runtime: RuntimeConfigService,
    private readonly experiments: ExperimentService | undefined,
    private readonly logger: Logger,
  ) {}

  timeoutMs(guard: GuardName): number | undefined {
    return this.runtime.current().config.guard_timeouts_ms[guard];
  }

  async forCall(guard: GuardName, identity: CallIdentity): Promise<CallSettings> {
    const { config } = this.runtime.current();
    const settings: CallSettings = {};
    const thresholds = config.thresholds[guard];
    if (thresholds) settings.thresholds = thresholds;
    if (Object.keys(config.feature_flags).length > 0) settings.featureFlags = config.feature_flags;
    if (this.experiments && identity.organizationId) {
      // An experiment that cannot be read is not a reason to fail the call: the runtime settings apply.
      const assigned = await this.experiments
        .variantFor(identity.organizationId, guard, identity)
        .catch((err: unknown) => {
          this.logger.warn({ err, guard }, 'experiment assignment unavailable');
          return undefined;
        });
      if (assigned) {
        settings.thresholds = assigned.settings;
        settings.variant = { experimentId: assigned.experimentId, name: assigned.name };
      }
    }
    return settings;
  }
}
