import { luhnValid } from '../securityguard/pii/validators.js';
/**
 * What HealthGuard asks of a text-threat scanner: a risk score and the kinds of threat found
 * (`injection`, `secret`, `pii`, ...). SecurityGuard provides the real one (the lead wires it in);
 * `fallbackThreatScanner` is a compact stand-in so HealthGuard works on its own.
 */
export type TextThreatScanner = (text: string) => { score: number; types: string[] };

const INJECTION: RegExp[] = [
  /\b(?:ignore|disregard|forget|override)\b.{0,30}\b(?:previous|prior|above|earlier|all|any|your)\b.{0,20}\b(?:instructions?|prompts?|rules|directions|guidelines|context)\b/i,
  /\byou are now\b.{0,40}\b(?:dan|jailbroken|unrestricted|developer mode|no longer)\b/i,
  /\b(?:system prompt|developer mode|jailbreak|do anything now)\b/i,
  /\b(?:reveal|print|show|output|repeat)\b.{0,30}\b(?:system prompt|hidden instructions|your instructions|initial prompt)\b/i,
  /<\|(?:im_start|im_end|system|endoftext)\|>|\[\/?INST\]|^#{2,3} ?(?:instruction|system)\b/im,
  /\b(?:new instructions?|from now on)[:,]? .{0,40}\b(?:you (?:must|will|should)|always (?:answer|respond|say))\b/i,
  /\b(?:when|if) (?:you )?see\b.{1,40}\b(?:always|respond|answer|output|say)\b/i,
];

const SECRETS: RegExp[] = [
  /\bAKIA[0-9A-Z]{16}\b/,
  /\bgh[pousr]_[A-Za-z0-9]{36,255}\b/,
  /\bsk-(?:proj-|ant-)?[A-Za-z0-9_-]{20,200}\b/,
  /\bxox[abposr]-[A-Za-z0-9-]{10,100}\b/,
  /-----BEGIN (?:RSA |EC |OPENSSH |DSA |PGP )?PRIVATE KEY-----/,
  /\bAIza[0-9A-Za-z_-]{35}\b/,
  /\b(?:api[_-]?key|secret|password|passwd|token)\s*[:=]\s*['"]?[A-Za-z0-9_\-/+]{12,200}/i,
  /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{10,500}\.eyJ[A-Za-z0-9_-]{10,1000}\.[A-Za-z0-9_-]{10,500}/,
];

const EMAIL = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,8}\b/;
const SSN = /\b\d{3}-\d{2}-\d{4}\b/;
const PHONE = /(?:\+\d{1,3}[ .-]?)?\(?\b\d{3}\)?[ .-]\d{3}[ .-]\d{4}\b/;
const CARD = /\b(?:\d[ -]?){13,19}\b/g;

export const fallbackThreatScanner: TextThreatScanner = (text) => {
  const types: string[] = [];
  let score = 0;
  if (INJECTION.some((re) => re.test(text))) {
    types.push('injection');
    score = Math.max(score, 0.85);
  }
  if (SECRETS.some((re) => re.test(text))) {
    types.push('secret');
    score = Math.max(score, 0.8);
  }
  let pii = EMAIL.test(text) || SSN.test(text) || PHONE.test(text);
  if (!pii) {
    for (const m of text.matchAll(CARD)) {
      const digits = m[0].replace(/\D/g, '');
      if (digits.length >= 13 && luhnValid(digits)) {
        pii = true;
        break;
      }
    }
  }
  if (pii) {
    types.push('pii');
    score = Math.max(score, 0.5);
  }
  return { score, types };
};
