import { z } from 'zod';
import type { CallIdentity, Finding, GuardName, GuardResult, Verdict } from '../guards/contract.js';
import type { GuardEntry, Orchestrator } from '../orchestrator/orchestrator.js';
import type { FindingAction, GuardPolicy, Stage } from './schema.js';

/** What a policy decided about one text. */
export type Decision = 'allow' | 'flag' | 'redact' | 'block';

export interface DecidedFinding {
  guard: GuardName;
  type: string;
  category?: string;
  severity: Finding['severity'];
  message: string;
  action: FindingAction;
}

export interface PolicyEvaluation {
  stage: Stage;
  /** What is enforced: in shadow mode always `allow`. */
  decision: Decision;
  /** What the policy would enforce without shadow mode. */
  would: Decision;
  shadow: boolean;
  /** The text to pass on: rewritten when the decision is `redact`, else the input. */
  text: string;
  guards: GuardName[];
  findings: DecidedFinding[];
  errors: { guard: GuardName; code: string; message: string }[];
  results: GuardEntry[];
}

const RANK: Record<Decision, number> = { allow: 0, flag: 1, redact: 2, block: 3 };
const worse = (a: Decision, b: Decision): Decision => (RANK[b] > RANK[a] ? b : a);
/** The strongest of several decisions (allow for none). */
export const worst = (ds: readonly Decision[]): Decision => ds.reduce<Decision>(worse, 'allow');

/** The action for one finding: "type:category", then "type", then the guard's name, then its verdict. */
export function actionFor(
  policy: GuardPolicy,
  guard: GuardName,
  finding: Finding,
  verdict: Verdict,
): FindingAction {
  const { actions } = policy;
  return (
    (finding.category !== undefined ? actions[`${finding.type}:${finding.category}`] : undefined) ??
    actions[finding.type] ??
    actions[guard] ??
    (verdict === 'block' ? 'block' : verdict === 'flag' ? 'flag' : 'log')
  );
}

/** Whether a payload field of `schema` accepts `value` (so settings are filled in only where they fit). */
const accepts = (schema: z.ZodType, field: string, value: unknown): boolean => {
  if (!(schema instanceof z.ZodObject)) return false;
  const shape = schema.shape as Record<string, z.ZodType>;
  const fieldSchema = shape[field];
  return fieldSchema?.safeParse(value).success === true;
};

/**
 * How a guard with modes reads a text: a prompt's message written by the application itself is
 * `system`, one that carries external content (a tool's result) is `document`, else the stage.
 */
export function modeFor(policy: GuardPolicy, stage: Stage, role: string | undefined): string {
  if (stage !== 'input' || role === undefined) return stage;
  if (policy.roles.trusted.includes(role)) return 'system';
  if (policy.roles.documents.includes(role)) return 'document';
  return stage;
}

/**
 * The payload a guard gets under a policy: the policy's settings for it, the stage (or the
 * message role's {@link modeFor}) as `mode` when the guard has one, and `action: 'redact'`
 * (placeholders) when the policy redacts anything and the guard can; a caller's own fields
 * (`extra`) win over all of them.
 */
export function payloadFor(
  policy: GuardPolicy,
  stage: Stage,
  guard: GuardName,
  schema: z.ZodType | undefined,
  text: string,
  extra: Record<string, unknown> = {},
  role?: string,
): Record<string, unknown> {
  const derived: Record<string, unknown> = {};
  if (schema) {
    const mode = modeFor(policy, stage, role);
    if (accepts(schema, 'mode', mode)) derived.mode = mode;
    else if (accepts(schema, 'mode', stage)) derived.mode = stage;
    if (Object.values(policy.actions).includes('redact') && accepts(schema, 'action', 'redact')) {
      derived.action = 'redact';
      if (accepts(schema, 'redaction_mode', 'placeholder')) derived.redaction_mode = 'placeholder';
    }
  }
  return { ...derived, ...(policy.settings[guard] ?? {}), ...extra, text };
}

/** Turns the guards' results into the policy's decision (shared by requests and stream windows). */
export function decide(
  policy: GuardPolicy,
  stage: Stage,
  text: string,
  results: GuardEntry[],
): PolicyEvaluation {
  let would: Decision = 'allow';
  let rewritten: string | undefined;
  const findings: DecidedFinding[] = [];
  const errors: PolicyEvaluation['errors'] = [];
  for (const entry of results) {
    if (!entry.ok) {
      errors.push({ guard: entry.guard, ...entry.error });
      if (policy.fail_mode === 'closed') would = worse(would, 'block');
      continue;
    }
    const r: GuardResult = entry.result;
    if (r.verdict === 'block' && r.findings.length === 0) would = worse(would, 'block');
    for (const f of r.findings) {
      const action = actionFor(policy, r.guard, f, r.verdict);
      findings.push({
        guard: r.guard,
        type: f.type,
        ...(f.category !== undefined ? { category: f.category } : {}),
        severity: f.severity,
        message: f.message,
        action,
      });
      if (action === 'block') would = worse(would, 'block');
      else if (action === 'flag') would = worse(would, 'flag');
      else if (action === 'redact') {
        // Redaction needs the guard's rewritten text; a guard that cannot rewrite blocks instead.
        if (r.transformed) {
          rewritten = r.transformed.text;
          would = worse(would, 'redact');
        } else would = worse(would, 'block');
      }
    }
  }
  const decision: Decision = policy.shadow ? 'allow' : would;
  return {
    stage,
    decision,
    would,
    shadow: policy.shadow,
    text: decision === 'redact' && rewritten !== undefined ? rewritten : text,
    guards: results.map((r) => (r.ok ? r.result.guard : r.guard)),
    findings,
    errors,
    results,
  };
}

/** Runs the policy's guards of `stage` on `text` and decides. */
export async function evaluatePolicy(
  orchestrator: Orchestrator,
  policy: GuardPolicy,
  stage: Stage,
  text: string,
  identity: CallIdentity,
  options: {
    guards?: GuardName[];
    extra?: (guard: GuardName) => Record<string, unknown>;
    /** The role of the message the text comes from (see {@link modeFor}). */
    role?: string;
  } = {},
): Promise<PolicyEvaluation> {
  const names = (options.guards ?? policy[stage].guards).filter((g) => orchestrator.has(g));
  if (names.length === 0) return decide(policy, stage, text, []);
  const schemas = new Map(orchestrator.list().map((c) => [c.name, c.payloadSchema]));
  const outcome = await orchestrator.runMany(
    names,
    (name) => payloadFor(policy, stage, name, schemas.get(name), text, options.extra?.(name), options.role),
    identity,
    policy.timeout_ms,
  );
  return decide(policy, stage, text, outcome.results);
}

/** The evaluation as an API answer (without the guards' full results). */
export const summarize = (e: PolicyEvaluation) => ({
  stage: e.stage,
  decision: e.decision,
  would: e.would,
  shadow: e.shadow,
  guards: e.guards,
  findings: e.findings,
  errors: e.errors,
  ...(e.decision === 'redact' ? { text: e.text } : {}),
});
