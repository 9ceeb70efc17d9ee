import { randomUUID } from 'node:crypto';
import type { Database } from '../../storage/db/types.js';
import type { Severity } from '../contract.js';
import type { BiasAnalysis } from './detect.js';
import { severityOf } from './detect.js';
import type { BiasCategory } from './lexicon.js';

/**
 * Organization policies and their audit trail. A policy names categories, a score threshold and
 * an enforcement; every evaluation under at least one policy writes an audit row, and every
 * breach a violation row linked to it.
 */

export type Enforcement = 'block' | 'review' | 'flag';
export type Decision = 'allow' | 'deny' | 'review_required';

export interface Policy {
  id: string;
  organization_id: string;
  name: string;
  description: string | null;
  categories: BiasCategory[];
  threshold: number;
  enforcement: Enforcement;
  priority: number;
  enabled: boolean;
  created_at: string;
  updated_at: string;
}

export interface PolicyInput {
  name: string;
  description?: string | undefined;
  categories: BiasCategory[];
  threshold: number;
  enforcement: Enforcement;
  priority: number;
  enabled: boolean;
}

export interface Breach {
  policy_id: string;
  policy_name: string;
  enforcement: Enforcement;
  category: BiasCategory;
  violation_type: string;
  score: number;
  severity: Severity;
}

export interface PolicyEvaluation {
  decision: Decision;
  policy_ids: string[];
  violations: Breach[];
  audit_log_id?: number;
}

export interface Violation {
  id: number;
  organization_id: string;
  policy_id: string;
  audit_log_id: number | null;
  request_id: string;
  violation_type: string;
  category: string;
  severity: Severity;
  impact_score: number;
  details: Record<string, unknown>;
  resolved: boolean;
  resolved_at: string | null;
  resolved_by: string | null;
  resolution_notes: string | null;
  created_at: string;
}

export interface ComplianceReport {
  id: number;
  organization_id: string;
  period_start: string;
  period_end: string;
  total_events: number;
  total_violations: number;
  open_violations: number;
  compliance_score: number;
  fairness_score: number;
  details: Record<string, unknown>;
  created_at: string;
}

export const DEFAULT_ORGANIZATION = 'default';

const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : String(v));
const isoOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : iso(v));
const json = <T>(v: unknown, fallback: T): T =>
  typeof v === 'string' ? (JSON.parse(v) as T) : ((v as T) ?? fallback);

function toPolicy(r: Record<string, unknown>): Policy {
  return {
    id: String(r.id),
    organization_id: String(r.organization_id),
    name: String(r.name),
    description: r.description === null ? null : String(r.description),
    categories: json<BiasCategory[]>(r.categories, []),
    threshold: Number(r.threshold),
    enforcement: String(r.enforcement) as Enforcement,
    priority: Number(r.priority),
    enabled: Boolean(r.enabled),
    created_at: iso(r.created_at),
    updated_at: iso(r.updated_at),
  };
}

function toViolation(r: Record<string, unknown>): Violation {
  return {
    id: Number(r.id),
    organization_id: String(r.organization_id),
    policy_id: String(r.policy_id),
    audit_log_id: r.audit_log_id === null ? null : Number(r.audit_log_id),
    request_id: String(r.request_id),
    violation_type: String(r.violation_type),
    category: String(r.category),
    severity: String(r.severity) as Severity,
    impact_score: Number(r.impact_score),
    details: json<Record<string, unknown>>(r.details, {}),
    resolved: Boolean(r.resolved),
    resolved_at: isoOrNull(r.resolved_at),
    resolved_by: r.resolved_by === null ? null : String(r.resolved_by),
    resolution_notes: r.resolution_notes === null ? null : String(r.resolution_notes),
    created_at: iso(r.created_at),
  };
}

function toReport(r: Record<string, unknown>): ComplianceReport {
  return {
    id: Number(r.id),
    organization_id: String(r.organization_id),
    period_start: iso(r.period_start),
    period_end: iso(r.period_end),
    total_events: Number(r.total_events),
    total_violations: Number(r.total_violations),
    open_violations: Number(r.open_violations),
    compliance_score: Number(r.compliance_score),
    fairness_score: Number(r.fairness_score),
    details: json<Record<string, unknown>>(r.details, {}),
    created_at: iso(r.created_at),
  };
}

/** The decision a set of breaches leads to: any block denies, any review asks for one. */
export function decide(breaches: Breach[]): Decision {
  if (breaches.some((b) => b.enforcement === 'block')) return 'deny';
  if (breaches.some((b) => b.enforcement === 'review')) return 'review_required';
  return 'allow';
}

/** Which policies the analysis breaches: a category's score at or above the policy threshold. */
export function findBreaches(policies: Policy[], analysis: BiasAnalysis): Breach[] {
  const breaches: Breach[] = [];
  for (const policy of policies) {
    const cats =
      policy.categories.length > 0 ? policy.categories : (Object.keys(analysis.categories) as BiasCategory[]);
    for (const category of cats) {
      const detail = analysis.categories[category];
      if (!detail || detail.score < policy.threshold) continue;
      breaches.push({
        policy_id: policy.id,
        policy_name: policy.name,
        enforcement: policy.enforcement,
        category,
        violation_type: detail.signals[0] ?? 'bias',
        score: detail.score,
        severity: severityOf(detail.score),
      });
    }
  }
  return breaches;
}

export class PolicyStore {
  /** Policies per organization, cached briefly so the verdict path rarely waits on the database. */
  private readonly cache = new Map<string, { at: number; policies: Policy[] }>();

  constructor(
    private readonly db: Database,
    private readonly cacheMs = 5000,
  ) {}

  async list(organizationId: string): Promise<Policy[]> {
    const rows = await this.db.query(
      'SELECT * FROM biasguard_policies WHERE organization_id = $1 ORDER BY priority DESC, created_at',
      [organizationId],
    );
    return rows.map(toPolicy);
  }

  async enabled(organizationId: string): Promise<Policy[]> {
    const hit = this.cache.get(organizationId);
    if (hit && Date.now() - hit.at < this.cacheMs) return hit.policies;
    const policies = (await this.list(organizationId)).filter((p) => p.enabled);
    this.cache.set(organizationId, { at: Date.now(), policies });
    return policies;
  }

  async get(organizationId: string, id: string): Promise<Policy | undefined> {
    const rows = await this.db.query(
      'SELECT * FROM biasguard_policies WHERE organization_id = $1 AND id = $2',
      [organizationId, id],
    );
    return rows[0] ? toPolicy(rows[0]) : undefined;
  }

  async create(organizationId: string, input: PolicyInput): Promise<Policy> {
    const rows = await this.db.query(
      `INSERT INTO biasguard_policies (id, organization_id, name, description, categories, threshold, enforcement, priority, enabled)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9) RETURNING *`,
      [
        randomUUID(),
        organizationId,
        input.name,
        input.description ?? null,
        JSON.stringify(input.categories),
        input.threshold,
        input.enforcement,
        input.priority,
        input.enabled,
      ],
    );
    this.cache.delete(organizationId);
    const row = rows[0];
    if (!row) throw new Error('policy insert returned no row');
    return toPolicy(row);
  }

  async update(organizationId: string, id: string, input: Partial<PolicyInput>): Promise<Policy | undefined> {
    const current = await this.get(organizationId, id);
    if (!current) return undefined;
    const next = {
      ...current,
      ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)),
    };
    const rows = await this.db.query(
      `UPDATE biasguard_policies SET name = $3, description = $4, categories = $5::jsonb, threshold = $6,
         enforcement = $7, priority = $8, enabled = $9, updated_at = now()
       WHERE organization_id = $1 AND id = $2 RETURNING *`,
      [
        organizationId,
        id,
        next.name,
        next.description ?? null,
        JSON.stringify(next.categories),
        next.threshold,
        next.enforcement,
        next.priority,
        next.enabled,
      ],
    );
    this.cache.delete(organizationId);
    return rows[0] ? toPolicy(rows[0]) : undefined;
  }

  async remove(organizationId: string, id: string): Promise<boolean> {
    const rows = await this.db.query(
      'DELETE FROM biasguard_policies WHERE organization_id = $1 AND id = $2 RETURNING id',
      [organizationId, id],
    );
    this.cache.delete(organizationId);
    return rows.length > 0;
  }

  /**
   * Evaluates an analysis under the organization's enabled policies and writes the audit row and
   * one violation row per breach, in one transaction-free pair of statements (the audit row first,
   * so violations can point at it).
   */
  async evaluate(
    organizationId: string,
    analysis: BiasAnalysis,
    meta: { requestId: string; userId?: string | undefined },
  ): Promise<PolicyEvaluation | undefined> {
    const policies = await this.enabled(organizationId);
    if (policies.length === 0) return undefined;
    const violations = findBreaches(policies, analysis);
    const decision = decide(violations);
    const policyIds = policies.map((p) => p.id);
    const metrics = {
      bias_score: analysis.score,
      fairness_score: Math.round((1 - analysis.score) * 1000) / 1000,
      confidence: analysis.confidence,
      categories: Object.fromEntries(Object.entries(analysis.categories).map(([c, d]) => [c, d.score])),
    };
    const audit = await this.db.query<{ id: number | string }>(
      `INSERT INTO biasguard_audit_logs (organization_id, request_id, user_id, decision, policy_ids, violations, metrics)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7::jsonb) RETURNING id`,
      [
        organizationId,
        meta.requestId,
        meta.userId ?? null,
        decision,
        JSON.stringify(policyIds),
        JSON.stringify(violations),
        JSON.stringify(metrics),
      ],
    );
    const auditId = Number(audit[0]?.id);
    for (const v of violations) {
      await this.db.query(
        `INSERT INTO biasguard_policy_violations
           (organization_id, policy_id, audit_log_id, request_id, violation_type, category, severity, impact_score, details)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb)`,
        [
          organizationId,
          v.policy_id,
          auditId,
          meta.requestId,
          v.violation_type,
          v.category,
          v.severity,
          v.score,
          JSON.stringify({ policy_name: v.policy_name, enforcement: v.enforcement }),
        ],
      );
    }
    return { decision, policy_ids: policyIds, violations, audit_log_id: auditId };
  }

  async listViolations(
    organizationId: string,
    filter: { resolved?: boolean | undefined; limit: number; offset: number },
  ): Promise<Violation[]> {
    // A NULL filter matches both states, so the SQL text is fixed.
    const rows = await this.db.query(
      `SELECT * FROM biasguard_policy_violations
       WHERE organization_id = $1 AND ($4::boolean IS NULL OR resolved = $4)
       ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3`,
      [organizationId, filter.limit, filter.offset, filter.resolved ?? null],
    );
    return rows.map(toViolation);
  }

  async resolveViolation(
    organizationId: string,
    id: number,
    by: string | undefined,
    notes: string | undefined,
  ): Promise<Violation | undefined> {
    const rows = await this.db.query(
      `UPDATE biasguard_policy_violations SET resolved = true, resolved_at = now(), resolved_by = $3, resolution_notes = $4
       WHERE organization_id = $1 AND id = $2 RETURNING *`,
      [organizationId, id, by ?? null, notes ?? null],
    );
    return rows[0] ? toViolation(rows[0]) : undefined;
  }

  async countAudits(organizationId: string): Promise<number> {
    const rows = await this.db.query<{ n: number | string }>(
      'SELECT count(*) AS n FROM biasguard_audit_logs WHERE organization_id = $1',
      [organizationId],
    );
    return Number(rows[0]?.n ?? 0);
  }

  /**
   * Builds and stores a compliance report for [from, to): events evaluated, breaches, the share of
   * events without a breach (compliance) and the mean fairness score of the events.
   */
  async complianceReport(organizationId: string, from: Date, to: Date): Promise<ComplianceReport> {
    const events = await this.db.query<{
      n: number | string;
      fair: number | string | null;
      denied: number | string;
      review: number | string;
      breached: number | string;
    }>(
      `SELECT count(*) AS n,
              avg((metrics->>'fairness_score')::double precision) AS fair,
              count(*) FILTER (WHERE decision = 'deny') AS denied,
              count(*) FILTER (WHERE decision = 'review_required') AS review,
              count(*) FILTER (WHERE jsonb_array_length(violations) > 0) AS breached
       FROM biasguard_audit_logs WHERE organization_id = $1 AND created_at >= $2 AND created_at < $3`,
      [organizationId, from.toISOString(), to.toISOString()],
    );
    const byCategory = await this.db.query<{ category: string; n: number | string; open: number | string }>(
      `SELECT category, count(*) AS n, count(*) FILTER (WHERE NOT resolved) AS open
       FROM biasguard_policy_violations WHERE organization_id = $1 AND created_at >= $2 AND created_at < $3
       GROUP BY category ORDER BY category`,
      [organizationId, from.toISOString(), to.toISOString()],
    );
    const e = events[0];
    const total = Number(e?.n ?? 0);
    const breached = Number(e?.breached ?? 0);
    const totalViolations = byCategory.reduce((s, r) => s + Number(r.n), 0);
    const open = byCategory.reduce((s, r) => s + Number(r.open), 0);
    const compliance = total === 0 ? 1 : 1 - breached / total;
    const fairness = e?.fair === null || e?.fair === undefined ? 1 : Number(e.fair);
    const details = {
      decisions: { deny: Number(e?.denied ?? 0), review_required: Number(e?.review ?? 0), breached },
      violations_by_category: Object.fromEntries(
        byCategory.map((r) => [r.category, { total: Number(r.n), open: Number(r.open) }]),
      ),
    };
    const rows = await this.db.query(
      `INSERT INTO biasguard_compliance_reports
         (organization_id, period_start, period_end, total_events, total_violations, open_violations, compliance_score, fairness_score, details)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb) RETURNING *`,
      [
        organizationId,
        from.toISOString(),
        to.toISOString(),
        total,
        totalViolations,
        open,
        round(compliance),
        round(fairness),
        JSON.stringify(details),
      ],
    );
    const row = rows[0];
    if (!row) throw new Error('report insert returned no row');
    return toReport(row);
  }
}

const round = (x: number): number => Math.round(x * 1000) / 1000;
