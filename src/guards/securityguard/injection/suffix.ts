/**
 * Adversarial suffix heuristics (GCG-style optimized gibberish). Such suffixes are made of tokens
 * that plain prose rarely has: case changes inside a word, letters glued to brackets or operators,
 * runs of rare symbols. We compare the tail of the text with its head, so a prompt that is code or
 * symbols throughout does not count as a suffix attack.
 */

const TOKEN = /\S{1,64}/g;
const INNER_CASE = /[a-z]{2}[A-Z]|[A-Z]{2,}[a-z]{2}/;
const GLUED = /[A-Za-z][[\]{}<>\\|=~#^`@*]|[[\]{}<>\\|=~#^`@*][A-Za-z]|[A-Za-z][(][^)]{0,3}$|^[)][A-Za-z-]/;
const RARE = /[[\]{}<>\\|=~#^`]/g;
const CODE_LIKE = /[;{}]\s*$|^\s{0,8}(?:def|function|class|const|let|var|import|return|if|for|while|select|from)\b/m;

export const SUFFIX_REGEXES: RegExp[] = [TOKEN, INNER_CASE, GLUED, RARE, CODE_LIKE];

interface TokenStats {
  tokens: number;
  odd: number;
  rare: number;
}

function stats(text: string): TokenStats {
  let tokens = 0;
  let odd = 0;
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m !== null; m = TOKEN.exec(text)) {
    tokens++;
    const t = m[0];
    if (INNER_CASE.test(t) || GLUED.test(t)) odd++;
  }
  RARE.lastIndex = 0;
  const rare = text.match(RARE)?.length ?? 0;
  return { tokens, odd, rare };
}

export interface SuffixResult {
  score: number;
  start: number;
}

/** Scores the last ~200 characters of the original text; 0 when it reads like the rest. */
export function adversarialSuffix(original: string): SuffixResult {
  const len = original.length;
  if (len < 40) return { score: 0, start: len };
  const tailStart = Math.max(0, len - 200);
  const tail = original.slice(tailStart);
  const head = original.slice(0, tailStart);
  const t = stats(tail);
  if (t.tokens < 6) return { score: 0, start: len };
  const oddRatio = t.odd / t.tokens;
  const rareRatio = t.rare / t.tokens;
  const signal = oddRatio + 0.5 * Math.min(rareRatio, 0.6);
  if (t.odd < 3 || signal < 0.2) return { score: 0, start: len };
  // Text that is code or symbols throughout is not a suffix attack.
  if (head.length > 200) {
    const h = stats(head.slice(-1500));
    if (h.tokens > 0 && h.odd / h.tokens > oddRatio * 0.5) return { score: 0, start: len };
  }
  if (CODE_LIKE.test(tail)) return { score: 0, start: len };
  return { score: Math.min(0.95, 0.35 + signal), start: tailStart };
}
