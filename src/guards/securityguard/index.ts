import { z } from 'zod';
import type { Config } from '../../config.js';
import type { KeyValueStore } from '../../storage/kv/types.js';
import { appendAll } from '../../util/arrays.js';
import type { GuardContext } from '../contract.js';
import { clamp01, defineGuard, type Finding, featureFlag, thresholdsFor, type Verdict } from '../contract.js';
import type { GuardDeps } from '../deps.js';
import type { DetectorContext, DetectorName } from './detector.js';
import { DETECTOR_NAMES, DETECTORS, runDetector, type ScoredDetector } from './detectors.js';
import { loadDocumentModel } from './injection/document.js';
import { documentInjectionDetector } from './injection/document-detector.js';
import { loadInjectionModel } from './injection/model.js';
import { DEFAULT_PHONE_COUNTRY } from './pii/detect.js';
import { createPiiDetector } from './pii/index.js';
import { loadNerModel } from './pii/ner/model.js';
import {
  entitiesFromFindings,
  REDACTION_MODES,
  type RedactionMode,
  redact as redactEntities,
} from './redact.js';
import { createUrlsDetector, urlPolicyFromConfig } from './urls/index.js';
import { createVault } from './vault.js';

/** What the guard does, as /api/v1/guards/services lists it (also for a remote instance). */
export const SECURITYGUARD_DESCRIPTION =
  'Prompt injection and jailbreaks, hidden text, system-prompt leakage, PII, secrets, code injection and malicious URLs.';

/**
 * SecurityGuard: runs the enabled detectors over the caller's text, turns their scores into a
 * verdict and reports the original service's fields (threats_detected, threat_types, risk_level,
 * recommendations) with a score per detector.
 *
 * Scores share one scale: 0.5 means "this detector considers the text a threat" (the injection
 * detector maps its trained threshold onto 0.5). A detector fires at the flag threshold (or its own
 * override in `thresholds.detectors`); a firing detector whose score reaches the block threshold
 * blocks when the action is `block`.
 */

/**
 * The same detectors with this deployment's settings (phone country, URL allow and deny lists).
 * Where the settings are the defaults the default objects are kept, so the scanners other guards
 * run on the defaults (HealthGuard) share this turn's results with the guard (runDetector).
 */
export const detectorsFor = (config: Config): ScoredDetector[] => {
  const urls = urlPolicyFromConfig(config);
  const defaultUrls = (urls.allowlist?.length ?? 0) === 0 && (urls.denylist?.length ?? 0) === 0;
  const defaultPhones = config.SECURITYGUARD_PHONE_DEFAULT_COUNTRY === DEFAULT_PHONE_COUNTRY;
  return DETECTORS.map((d) =>
    d.name === 'pii' && !defaultPhones
      ? createPiiDetector({ defaultCountry: config.SECURITYGUARD_PHONE_DEFAULT_COUNTRY })
      : d.name === 'urls' && !defaultUrls
        ? createUrlsDetector(urls)
        : d,
  );
};

/**
 * Redacts the PII and secrets among `findings`. Placeholders (`[EMAIL_1]`) are kept in a vault per
 * organization and session in the key-value store, so an answer can be de-anonymized later.
 */
export interface Redactor {
  redact(
    text: string,
    findings: Finding[],
    mode: RedactionMode,
    vaultSession: string,
  ): Promise<{
    text: string;
    replacements: { type: string; start: number; end: number; replacement: string }[];
  }>;
}

export function createRedactor(
  kv: KeyValueStore,
  config: Config,
  vault = createVault(kv, config.SECURITYGUARD_VAULT_TTL_SECONDS),
): Redactor {
  return {
    async redact(text, findings, mode, vaultSession) {
      const entities = entitiesFromFindings(findings);
      if (mode === 'placeholder') return vault.redact(text, entities, vaultSession);
      return redactEntities(text, entities, { mode, salt: config.SECURITYGUARD_HASH_SALT });
    },
  };
}

/** The vault of a caller's session: organizations never see each other's placeholders. */
export const vaultSessionOf = (
  ctx: Pick<GuardContext, 'organizationId' | 'sessionId' | 'userId' | 'callerId'>,
  session?: string,
) =>
  // Bound to the authenticated caller too: another member naming your session id gets an empty vault.
  `${ctx.organizationId ?? 'default'}:${ctx.callerId ?? 'anonymous'}:${session ?? ctx.sessionId ?? ctx.userId ?? 'default'}`;

/** Detectors whose findings redaction removes; the others still count towards a block. */
const REDACTABLE = new Set<DetectorName>(['pii', 'secrets']);

const RECOMMENDATIONS: Record<DetectorName, string> = {
  hidden_text: 'Strip invisible Unicode characters (zero-width, bidi controls, tag characters) before use.',
  injection: 'Do not pass this text to the model as instructions; treat it as untrusted data or reject it.',
  pii: 'Redact personal data before sending it to the model or storing it.',
  secrets: 'Remove the credential and rotate it: it must be considered exposed.',
  code_injection: 'Do not pass this text to a shell, database or template engine without escaping.',
  urls: 'Do not follow or render these links without checking them.',
  leakage: 'Block this answer: it reveals the system prompt or a canary; review the prompt for extraction.',
};

const thresholdValue = z.number().min(0).max(1);

export const securityGuardPayload = z.object({
  text: z.string(),
  mode: z
    .enum(['input', 'output', 'document', 'system'])
    .default('input')
    .describe(
      "input: a prompt; output: a model's answer (leakage, canaries); document: content passed to the model " +
        "as data, where any instruction to the assistant is a finding; system: the application's own " +
        'instructions (a system prompt), checked for everything but injection',
    ),
  detectors: z.array(z.enum(DETECTOR_NAMES)).min(1).optional(),
  thresholds: z
    .object({
      flag: thresholdValue.optional(),
      block: thresholdValue.optional(),
      detectors: z.partialRecord(z.enum(DETECTOR_NAMES), thresholdValue).optional(),
    })
    .optional(),
  action: z.enum(['block', 'redact', 'flag']).optional(),
  redaction_mode: z.enum(REDACTION_MODES as [RedactionMode, ...RedactionMode[]]).optional(),
  session_id: z.string().min(1).max(256).optional(),
  canaries: z.array(z.string().min(1).max(1000)).max(50).default([]),
});
export type SecurityGuardPayload = z.output<typeof securityGuardPayload>;

export type RiskLevel = 'low' | 'medium' | 'high' | 'critical';

export interface SecurityGuardData {
  threats_detected: boolean;
  threat_types: string[];
  risk_level: RiskLevel;
  recommendations: string[];
  detector_scores: Partial<Record<DetectorName, number>>;
  mode: SecurityGuardPayload['mode'];
  action: 'block' | 'redact' | 'flag';
  /** With action redact: what was replaced, and the vault session placeholders were kept in. */
  redactions?: { type: string; start: number; end: number; replacement: string }[];
  redaction_mode?: RedactionMode;
  vault_session?: string;
}

/** Injection categories that the original service reported as jailbreaks. */
const JAILBREAK_CATEGORIES = new Set([
  'persona_jailbreak',
  'refusal_suppression',
  'adversarial_suffix',
  'many_shot',
  'harmful_framing',
]);

/** Finding types, plus 'jailbreak' when an injection finding is of a jailbreak category. */
export function threatTypes(findings: Finding[]): string[] {
  const types = new Set<string>();
  for (const f of findings) {
    types.add(f.type);
    if (f.type === 'prompt_injection' && f.category !== undefined && JAILBREAK_CATEGORIES.has(f.category)) {
      types.add('jailbreak');
    }
  }
  return [...types];
}

export const riskLevel = (score: number): RiskLevel =>
  score >= 0.9 ? 'critical' : score >= 0.75 ? 'high' : score >= 0.5 ? 'medium' : 'low';

export interface SecurityGuardOptions {
  detectors?: ScoredDetector[];
  redactor?: Redactor;
}

export function createSecurityGuard(
  deps: Pick<GuardDeps, 'config' | 'kv'>,
  options: SecurityGuardOptions = {},
) {
  const detectors = options.detectors ?? detectorsFor(deps.config);
  const redactor = options.redactor ?? createRedactor(deps.kv, deps.config);
  const defaults = {
    flag: deps.config.SECURITYGUARD_FLAG_THRESHOLD,
    block: deps.config.SECURITYGUARD_BLOCK_THRESHOLD,
    action: deps.config.SECURITYGUARD_DEFAULT_ACTION,
  };
  // Load the models at start-up, not on the first request.
  loadInjectionModel();
  loadDocumentModel();
  loadNerModel();

  return defineGuard({
    name: 'securityguard',
    description: SECURITYGUARD_DESCRIPTION,
    payloadSchema: securityGuardPayload,
    async check(payload: SecurityGuardPayload, guardCtx: GuardContext) {
      const { text, mode } = payload;
      const action = payload.action ?? defaults.action;
      // The request's thresholds, else the call's (A/B variant, runtime config), else the configured ones.
      const { flag: flagAt, block: blockAt } = thresholdsFor(guardCtx, defaults, payload.thresholds);
      const enabled = payload.detectors === undefined ? null : new Set<DetectorName>(payload.detectors);
      const ctx: DetectorContext = { mode, canaries: payload.canaries };

      const scores: Partial<Record<DetectorName, number>> = {};
      const findings: Finding[] = [];
      // The findings of detectors at or over their flag threshold: what threat_types names.
      const threats: Finding[] = [];
      const firing: DetectorName[] = [];
      let verdict: Verdict = 'allow';
      let score = 0;
      for (const detector of detectors) {
        if (enabled !== null && !enabled.has(detector.name)) continue;
        // Runtime feature flag `securityguard.detector.<name>`: false switches a detector off everywhere.
        if (!featureFlag(guardCtx, `securityguard.detector.${detector.name}`, true)) continue;
        // System mode: the application's own instructions (a system prompt) are instructions by
        // design, so only what they leak (PII, secrets, links) is looked for.
        if (mode === 'system' && detector.name === 'injection') continue;
        // Document mode: content passed to the model as data holds no instructions at all.
        const active =
          mode === 'document' && detector.name === 'injection' ? documentInjectionDetector : detector;
        const out = runDetector(active, text, ctx);
        const s = Number(clamp01(out.score).toFixed(4));
        scores[detector.name] = s;
        score = Math.max(score, s);
        if (s < (payload.thresholds?.detectors?.[detector.name] ?? flagAt)) {
          // PII and secrets are reported (and, with action redact, replaced) even under the flag
          // threshold: each one already passed its detector's own confidence floor, and a caller who
          // asks for PII wants every name, phone number and address in the text, not only those
          // whose type is risky enough to flag (a name alone scores 0.27, a phone number 0.44-0.5).
          // Only the verdict waits for the threshold.
          if (REDACTABLE.has(detector.name)) appendAll(findings, out.findings);
          continue;
        }
        firing.push(detector.name);
        appendAll(findings, out.findings);
        appendAll(threats, out.findings);
        const blocks = action === 'block' || (action === 'redact' && !REDACTABLE.has(detector.name));
        verdict = blocks && s >= blockAt ? 'block' : verdict === 'block' ? 'block' : 'flag';
      }

      const redactionMode = payload.redaction_mode ?? deps.config.SECURITYGUARD_REDACTION_MODE;
      const vaultSession = vaultSessionOf(guardCtx, payload.session_id);
      const redaction =
        action === 'redact' && findings.length > 0
          ? await redactor.redact(text, findings, redactionMode, vaultSession)
          : undefined;
      const transformed = redaction ? { text: redaction.text } : undefined;
      const data: SecurityGuardData = {
        threats_detected: firing.length > 0,
        threat_types: threatTypes(threats),
        risk_level: riskLevel(score),
        recommendations: firing.map((name) => RECOMMENDATIONS[name]),
        detector_scores: scores,
        mode,
        action,
        ...(redaction
          ? {
              redactions: redaction.replacements,
              redaction_mode: redactionMode,
              ...(redactionMode === 'placeholder'
                ? { vault_session: payload.session_id ?? guardCtx.sessionId ?? 'default' }
                : {}),
            }
          : {}),
      };
      return {
        verdict,
        score: Number(score.toFixed(4)),
        findings,
        ...(transformed ? { transformed } : {}),
        data,
      };
    },
    async health() {
      const model = loadInjectionModel();
      return model.meta.patternOnly === true
        ? { status: 'degraded' as const, detail: 'injection model weights missing: patterns only' }
        : { status: 'healthy' as const };
    },
  });
}
