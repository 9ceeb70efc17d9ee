import type { Finding, Severity } from '../../contract.js';
import type { Detector } from '../detector.js';
import { isDocExample, isPlaceholder, maskSecret, shannonEntropy } from './entropy.js';
import { SECRET_RULES } from './rules.js';

export interface SecretMatch {
  rule: string;
  provider: string;
  severity: Severity;
  confidence: number;
  start: number;
  end: number;
  /** Masked value, never the full secret. */
  masked: string;
  docExample: boolean;
}

export const SECRET_PATTERNS: readonly RegExp[] = SECRET_RULES.map((r) => r.pattern);

// Shorter texts cannot hold any secret of the table.
const MIN_LEN = 8;
const MAX_HITS_PER_RULE = 32;
const MAX_HITS = 256;

const CODE_CHARS = /[()[\]]/;
const CODE_REFERENCE = /^[A-Za-z_$][\w$]*(?:\.[\w$]+){1,6}$/;
const URL_START = /^(?:https?:)?\/\//;
const PLAIN_WORDS = /^[a-z]+(?:[._-][a-z]+){0,3}$/i;

/** Rules that catch any provider's secret by where it stands: the value must look random. */
const ENTROPY_CHECKED = new Set([
  'generic-assignment',
  'spoken-credential',
  'bearer-token',
  'cli-credentials',
]);

/** Helper patterns of the generic rule, exported for the ReDoS test. */
export const SECRET_AUX_PATTERNS: readonly RegExp[] = [CODE_CHARS, CODE_REFERENCE, URL_START, PLAIN_WORDS];

function genericOk(secret: string): boolean {
  if (isPlaceholder(secret)) return false;
  // Code that reads a secret (process.env.X, os.environ["X"], getpass()) is not a secret.
  if (CODE_CHARS.test(secret) || CODE_REFERENCE.test(secret)) return false;
  if (URL_START.test(secret) || PLAIN_WORDS.test(secret)) return false;
  const entropy = shannonEntropy(secret);
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(secret)).length;
  // Short values cannot reach 3 bits/char (at most log2 of the length), so the bar scales with length.
  const bar = Math.min(3, Math.log2(secret.length) - 0.3);
  return entropy >= bar && (classes >= 2 || secret.length >= 20);
}

/** Finds secrets; overlapping hits keep the more specific (earlier, higher-confidence) rule. */
export function detectSecrets(text: string): SecretMatch[] {
  if (text.length < MIN_LEN) return [];
  const out: SecretMatch[] = [];
  for (const rule of SECRET_RULES) {
    const re = rule.pattern;
    re.lastIndex = 0;
    let hits = 0;
    let nextEnd: { at: number; end: number } | undefined;
    // Caps keep adversarial repetition linear; a real text rarely holds more secrets of one kind.
    for (
      let m = re.exec(text);
      m !== null && hits < MAX_HITS_PER_RULE && out.length < MAX_HITS;
      m = re.exec(text)
    ) {
      const secret = m.groups?.secret ?? m.groups?.secret2 ?? m[0];
      const offset = m[0].indexOf(secret);
      const start = m.index + Math.max(0, offset);
      let end = start + secret.length;
      if (rule.extendTo) {
        // One forward search serves every BEGIN line before the same END line.
        if (!nextEnd || nextEnd.at < end) {
          const marker = new RegExp(rule.extendTo.source, 'g');
          marker.lastIndex = end;
          const tail = marker.exec(text);
          if (!tail) break;
          nextEnd = { at: tail.index, end: tail.index + tail[0].length };
        }
        end = nextEnd.end;
      }
      if (rule.validate && !rule.validate(secret, m)) continue;
      if (ENTROPY_CHECKED.has(rule.id) && !genericOk(secret)) continue;
      if (rule.id === 'url-credentials' && isPlaceholder(secret)) continue;
      if (out.some((o) => o.start < end && start < o.end)) continue;
      hits++;
      const docExample = isDocExample(secret);
      out.push({
        rule: rule.id,
        provider: rule.provider,
        severity: docExample ? 'low' : rule.severity,
        confidence: docExample ? 0.5 : rule.confidence,
        start,
        end,
        masked: maskSecret(secret),
        docExample,
      });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

export const secretsDetector: Detector = {
  name: 'secrets',
  detect(text): Finding[] {
    return detectSecrets(text).map((s) => ({
      type: 'secret',
      category: s.rule,
      severity: s.severity,
      confidence: s.confidence,
      message: s.docExample
        ? `Documentation example ${s.provider} credential`
        : `Possible ${s.provider} secret (${s.rule})`,
      span: { start: s.start, end: s.end },
      evidence: s.masked,
      data: { provider: s.provider, docExample: s.docExample },
    }));
  },
};
