import { createHash } from 'node:crypto';

/**
 * Deterministic assignment: a unit (user or session id) hashes, with the experiment's salt, to
 * a point in [0, 1) for enrolment and to an independent point for the variant. Enrolment is
 * `point < ramp`, so ramping up only adds units and never moves one between variants.
 */
export interface WeightedVariant {
  name: string;
  weight: number;
}

export function unitPoint(salt: string, purpose: 'enrol' | 'variant', unit: string): number {
  const digest = createHash('sha256').update(`${salt}\u0000${purpose}\u0000${unit}`).digest();
  // 48 bits are plenty and stay exact in a double.
  return digest.readUIntBE(0, 6) / 2 ** 48;
}

/** The variant name for this unit, or undefined when the unit is outside the ramp. */
export function assignVariant(
  salt: string,
  variants: readonly WeightedVariant[],
  rampPercent: number,
  unit: string,
): string | undefined {
  if (variants.length === 0 || unitPoint(salt, 'enrol', unit) >= rampPercent / 100) return undefined;
  const total = variants.reduce((s, v) => s + v.weight, 0);
  const point = unitPoint(salt, 'variant', unit) * total;
  let cumulative = 0;
  for (const v of variants) {
    cumulative += v.weight;
    if (point < cumulative) return v.name;
  }
  return variants[variants.length - 1]?.name;
}
