import { z } from 'zod';
import type { Span } from '../contract.js';

export const sourceSchema = z.union([
  z.string(),
  z.object({ id: z.string().min(1).max(200), text: z.string() }),
]);

export const trustPayloadSchema = z.object({
  text: z.string(),
  sources: z.array(sourceSchema).max(500).optional(),
  question: z.string().optional(),
  context: z.string().optional(),
});
export type TrustPayload = z.output<typeof trustPayloadSchema>;

export type ClaimLabel = 'supported' | 'unsupported' | 'contradicted';
export type RiskLevel = 'low' | 'medium' | 'high' | 'critical';

export interface ClaimResult {
  text: string;
  span: Span;
  label: ClaimLabel;
  /** Support 0..1 (share of the claim's content found in the evidence, lowered by mismatches). */
  support: number;
  evidence: { source_id: string; text: string; span: Span } | null;
  /** Why the claim got its label: the missing or conflicting numbers, entities or negation. */
  issues: string[];
}

export interface PatternHit {
  pattern: PatternName;
  score: number;
  evidence: string[];
}

export const PATTERN_NAMES = [
  'hallucination',
  'drift',
  'bias',
  'deception',
  'security_theater',
  'duplication',
  'stub_syndrome',
] as const;
export type PatternName = (typeof PATTERN_NAMES)[number];

export interface TrustData {
  trust_score: number;
  overall_score: number;
  risk_level: RiskLevel;
  mode: 'grounded' | 'ungrounded';
  groundedness: number | null;
  claims: ClaimResult[];
  /** Claims found in the answer; only the first MAX_CLAIMS are checked and listed. */
  claims_total: number;
  truncated: boolean;
  patterns: PatternHit[];
  signals: { type: string; weight: number; count: number }[];
  recommendations: string[];
}
