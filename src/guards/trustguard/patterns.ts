import { splitSentences } from '../../text/sentences.js';
import type { PatternHit, PatternName } from './schema.js';

/**
 * The original TrustGuard's seven named patterns, kept as signals. Each pattern has a few cue
 * expressions; its score grows with the number of distinct cues found (1 - 0.5^hits), so one weak
 * cue gives a medium signal and several give a strong one.
 */
const CUES: Record<Exclude<PatternName, 'duplication'>, RegExp[]> = {
  hallucination: [
    /\b(?:studies|research|scientists|experts) (?:show|prove|have proven|agree|confirm)\b/i,
    /\bit is a (?:well[- ]known|proven|scientific) fact\b/i,
    /\b(?:as everyone knows|everyone knows that|it has been proven)\b/i,
    /\b(?:import|require|from)\s['"]?[\w@/.-]{1,60}['"]?\s.{0,40}\b(?:magic|auto(?:fix|solve)|ultimate)\w{0,20}/i,
  ],
  drift: [
    /\b(?:by the way|on (?:a|an)(?:other| unrelated) note|speaking of which|unrelated(?:ly)?|off[- ]topic|changing the subject)\b/i,
    /\b(?:anyway|moving on), (?:let's|let me) talk about\b/i,
  ],
  bias: [
    /\b(?:all|every|most) (?:women|men|girls|boys|muslims|christians|jews|immigrants|asians|africans|americans|europeans|old people|millennials|boomers) (?:are|can't|cannot|always|never)\b/i,
    /\b(?:obviously|clearly|naturally) (?:superior|inferior|better|worse)\b/i,
    /\b(?:those people|these people|their kind)\b/i,
  ],
  deception: [
    /\b(?:trust me|believe me|no need to (?:verify|check|test)|don't (?:bother )?(?:verify|check)|you can skip (?:the )?(?:tests?|review))\b/i,
    /\bI (?:have|'ve) (?:personally )?(?:tested|verified|run|executed|checked) (?:this|it|the code)\b/i,
    /\b(?:100%|completely|totally) (?:accurate|guaranteed|bug[- ]free|error[- ]free|correct)\b/i,
    /\b(?:secret|hidden) (?:trick|method) (?:that )?(?:they|doctors|experts) don't want\b/i,
  ],
  security_theater: [
    /\b(?:military[- ]grade|bank[- ]level|unhackable|unbreakable|bulletproof|100% secure|completely secure|fully secure)\b/i,
    /\b(?:md5|sha1)\s?\([^)\n]{0,40}pass(?:word)?/i,
    /\b(?:verify\s?=\s?False|rejectUnauthorized:\s?false|InsecureSkipVerify:\s?true|--insecure)\b/,
    /\b(?:security through obscurity|base64[- ]encod\w{0,5} (?:the )?(?:password|secret|key)s? (?:for|to) (?:security|protect))/i,
    /\b(?:sanitiz\w{0,5}|validat\w{0,5}|escap\w{0,5}) (?:is|are) (?:not needed|unnecessary|optional)\b/i,
  ],
  stub_syndrome: [
    /\b(?:TODO|FIXME|XXX|HACK)\b/,
    /\bNotImplemented(?:Error|Exception)?\b|not implemented/i,
    /(?:^|\n)[ \t]{0,12}pass[ \t]{0,4}(?:#[^\n]{0,80})?(?:\n|$)/,
    /\b(?:your (?:code|logic|implementation) (?:goes )?here|implement (?:this|me)|placeholder|add (?:your )?logic here|rest of (?:the )?(?:code|implementation))\b/i,
    /(?:\/\/|#)\s{0,4}\.{3}\s{0,4}(?:\n|$)|\{\s{0,4}\/\*\s{0,4}\.{3}\s{0,4}\*\/\s{0,4}\}/,
  ],
};

const MAX_EVIDENCE = 3;

export function detectPatterns(text: string): PatternHit[] {
  const hits: PatternHit[] = [];
  for (const [name, cues] of Object.entries(CUES) as [PatternName, RegExp[]][]) {
    const evidence: string[] = [];
    for (const re of cues) {
      const m = re.exec(text);
      if (m) evidence.push(m[0].trim().slice(0, 120));
    }
    if (evidence.length > 0) {
      hits.push({
        pattern: name,
        score: round(1 - 0.5 ** evidence.length),
        evidence: evidence.slice(0, MAX_EVIDENCE),
      });
    }
  }
  const dup = duplication(text);
  if (dup) hits.push(dup);
  return hits;
}

/** Repeated sentences or lines: the share of units that already appeared. */
function duplication(text: string): PatternHit | null {
  // Sentences and lines are checked separately: a one-line sentence is in both lists once.
  const norm = (u: string): string => u.toLowerCase().replace(/\s+/g, ' ').trim();
  const sentenceUnits = splitSentences(text).map((s) => norm(s.text));
  const lineUnits = text.split('\n').map(norm);
  const repeated: string[] = [];
  let total = 0;
  for (const list of [sentenceUnits, lineUnits]) {
    const seen = new Set<string>();
    for (const u of list) {
      if (u.length < 20) continue;
      total++;
      if (seen.has(u)) repeated.push(u);
      seen.add(u);
    }
  }
  if (total < 3) return null;
  if (repeated.length === 0) return null;
  const share = repeated.length / total;
  return {
    pattern: 'duplication',
    score: round(Math.min(1, 0.3 + share)),
    evidence: [...new Set(repeated)].slice(0, MAX_EVIDENCE).map((r) => r.slice(0, 120)),
  };
}

const round = (x: number): number => Math.round(x * 1000) / 1000;
