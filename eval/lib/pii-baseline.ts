import { luhnValid } from '../../src/guards/securityguard/pii/validators.js';

/**
 * The simplest reasonable PII detector, printed beside SecurityGuard's on the same rows: one
 * regular expression per number type (Luhn for cards) and "two adjacent capitalized words" for
 * person names. Eval-only; it exists to show what the trained tagger and the rules add.
 */
export interface BaselineSpan {
  type: string;
  start: number;
  end: number;
}

const RULES: [string, RegExp][] = [
  ['EMAIL', /[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,5}/g],
  ['CREDIT_CARD', /\b\d(?:[ -]?\d){12,18}\b/g],
  ['IBAN', /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b/g],
  ['US_SSN', /\b\d{3}-\d{2}-\d{4}\b/g],
  ['IP_ADDRESS', /\b\d{1,3}(?:\.\d{1,3}){3}\b/g],
  ['PHONE', /(?<!\w)\+?\(?\d{1,4}\)?(?:[ .-]?\d{2,4}){2,4}(?!\w)/g],
  [
    'ADDRESS',
    /\b\d{1,5}(?: [A-Z][a-z]{1,20}){1,3} (?:Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Drive|Dr|Boulevard|Blvd|Way|Court|Ct)\b/g,
  ],
  ['DRIVER_LICENSE', /(?<=licen[cs]e(?: number| no\.?| #)?:? )[A-Z0-9]{5,15}\b/gi],
  ['PASSPORT', /(?<=passport(?: number| no\.?| #)?:? )[A-Z0-9]{6,9}\b/gi],
  ['PERSON', /\b[A-Z][a-z]{1,20} [A-Z][a-z]{1,20}\b/g],
];

export function baselinePii(text: string): BaselineSpan[] {
  const out: BaselineSpan[] = [];
  for (const [type, re] of RULES) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      if (type === 'CREDIT_CARD' && !luhnValid(m[0].replace(/\D/g, ''))) continue;
      const taken = out.some((o) => o.start < m!.index + m![0].length && m!.index < o.end);
      if (!taken) out.push({ type, start: m.index, end: m.index + m[0].length });
    }
  }
  return out;
}
