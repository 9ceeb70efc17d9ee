import { englishDataset, englishRecommendedTransformers, RegExpMatcher } from 'obscenity';
import { clamp01, type Finding, type Severity } from '../contract.js';
import {
  ANAPHORA,
  ANAPHORA_MAX_SENTENCES,
  type BiasCategory,
  COPULAS,
  DEHUMANIZING,
  DISTANCING,
  GROUP_TERMS,
  type GroupTerm,
  HOSTILE_PATTERNS,
  INCLUSIVE_ALTERNATIVES,
  INTENSIFIERS,
  MAX_GROUP_TERM_WORDS,
  NEUTRAL_PLURAL,
  NEUTRAL_SINGULAR,
  PERSON_PLURALS,
  QUANTIFIERS,
  SLURS,
  STEREOTYPE_ASSOCIATIONS,
  TRAIT_PHRASES,
  TRAITS,
  WEAK_GROUP_TERMS,
} from './lexicon.js';
import { type Token, tokenize } from './text.js';

/**
 * The BiasGuard detector: finds group mentions and scores each by the stereotype, hostility and
 * dehumanization signals around it in its sentence, checks slurs anywhere, and runs a
 * counterfactual (the group term swapped for a neutral one) to tell a claim about a group from a
 * neutral mention.
 */

export interface Mention {
  term: string;
  group: GroupTerm;
  /** Token index range [a, b). */
  a: number;
  b: number;
  start: number;
  end: number;
  /** A back-reference ("they", "you people") to a group named earlier. */
  anaphoric?: boolean;
}

export interface MentionScore {
  score: number;
  stereotype: number;
  hostile: number;
  dehumanizing: number;
  trait?: string;
  hostileKind?: string;
  associated: boolean;
  generalized: boolean;
}

export interface CategoryDetail {
  score: number;
  mentions: number;
  signals: string[];
}

export interface BiasAnalysis {
  score: number;
  categories: Partial<Record<BiasCategory, CategoryDetail>>;
  findings: Finding[];
  confidence: number;
  mentions: number;
}

const profanity = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });

/** Words after the copula that make a statement about every member of the group. */
const SWEEPING = new Set([
  'all',
  'always',
  'never',
  'just',
  'basically',
  'inherently',
  'naturally',
  'only',
  'nothing',
]);

const noisyOr = (xs: number[]): number => 1 - xs.reduce((p, x) => p * (1 - clamp01(x)), 1);

export const severityOf = (score: number): Severity =>
  score >= 0.85
    ? 'critical'
    : score >= 0.7
      ? 'high'
      : score >= 0.45
        ? 'medium'
        : score >= 0.2
          ? 'low'
          : 'info';

export function findMentions(tokens: Token[]): Mention[] {
  const mentions: Mention[] = [];
  for (let i = 0; i < tokens.length; ) {
    let matched = 0;
    for (let n = Math.min(MAX_GROUP_TERM_WORDS, tokens.length - i); n >= 1; n--) {
      const last = tokens[i + n - 1];
      const first = tokens[i];
      if (!first || !last || last.sentence !== first.sentence) continue;
      const phrase = tokens
        .slice(i, i + n)
        .map((t) => t.w)
        .join(' ');
      const group =
        GROUP_TERMS.get(phrase) ??
        (phrase.includes('-') ? GROUP_TERMS.get(phrase.replaceAll('-', ' ')) : undefined);
      if (group) {
        // A qualifier followed by a person noun ("muslim men") names a whole group.
        const next = tokens[i + n];
        if (!group.generic && next && next.sentence === first.sentence && PERSON_PLURALS.has(next.w)) {
          mentions.push({
            term: `${phrase} ${next.w}`,
            group: { category: group.category, generic: true },
            a: i,
            b: i + n + 1,
            start: first.start,
            end: next.end,
          });
          matched = n + 1;
          break;
        }
        mentions.push({ term: phrase, group, a: i, b: i + n, start: first.start, end: last.end });
        matched = n;
        break;
      }
    }
    if (!matched) {
      // A back-reference inherits the category of the last group named within a few sentences.
      const t = tokens[i];
      const next = tokens[i + 1];
      const pair = t && next && next.sentence === t.sentence ? `${t.w} ${next.w}` : '';
      const key = ANAPHORA.has(pair) ? pair : t && ANAPHORA.has(t.w) ? t.w : '';
      const prev = mentions[mentions.length - 1];
      if (
        t &&
        key &&
        prev &&
        !prev.anaphoric &&
        t.sentence - (tokens[prev.a]?.sentence ?? 0) <= ANAPHORA_MAX_SENTENCES
      ) {
        const n = key === pair ? 2 : 1;
        const last = tokens[i + n - 1] ?? t;
        mentions.push({
          term: key,
          group: { category: prev.group.category, generic: true },
          a: i,
          b: i + n,
          start: t.start,
          end: last.end,
          anaphoric: true,
        });
        matched = n;
      }
    }
    i += matched || 1;
  }
  return mentions;
}

interface PhraseHit {
  start: number;
  end: number;
  weight: number;
  text: string;
  kind?: string;
}

function scanPhrases(lower: string, patterns: readonly (readonly [RegExp, number, string?])[]): PhraseHit[] {
  const hits: PhraseHit[] = [];
  for (const [re, weight, kind] of patterns) {
    re.lastIndex = 0;
    for (const m of lower.matchAll(re)) {
      hits.push({
        start: m.index,
        end: m.index + m[0].length,
        weight,
        text: m[0],
        ...(kind ? { kind } : {}),
      });
    }
  }
  return hits;
}

/** What a sentence looks like to the scorer; built once per text and reused per mention. */
interface Scan {
  tokens: Token[];
  traitPhrases: PhraseHit[];
  hostile: PhraseHit[];
}

function scan(text: string): Scan {
  const lower = text.toLowerCase().replaceAll('’', "'");
  return {
    tokens: tokenize(text),
    traitPhrases: scanPhrases(lower, TRAIT_PHRASES),
    hostile: scanPhrases(lower, HOSTILE_PATTERNS),
  };
}

/**
 * Scores one mention from the words of its sentence. `category` null scores a neutral stand-in
 * (the counterfactual): the structure counts, the group association does not.
 */
function scoreMention(s: Scan, m: Mention, category: BiasCategory | null, weak: boolean): MentionScore {
  const { tokens } = s;
  const sentence = tokens[m.a]?.sentence ?? 0;
  const inSentence = (i: number) => tokens[i]?.sentence === sentence;
  let sStart = m.a;
  while (sStart > 0 && inSentence(sStart - 1)) sStart--;
  let sEnd = m.b;
  while (sEnd < tokens.length && inSentence(sEnd)) sEnd++;
  const sentStartChar = tokens[sStart]?.start ?? m.start;
  const sentEndChar = tokens[sEnd - 1]?.end ?? m.end;

  const before = Math.max(sStart, m.a - 6);
  const after = Math.min(sEnd, m.b + 12);
  let quantified = false;
  for (let i = Math.max(sStart, m.a - 2); i < m.a; i++)
    if (QUANTIFIERS.has(tokens[i]?.w ?? '')) quantified = true;
  let copula = false;
  for (let i = m.b; i < Math.min(sEnd, m.b + 4); i++) if (COPULAS.has(tokens[i]?.w ?? '')) copula = true;
  let intensified = false;
  let trait = 0;
  let traitWord: string | undefined;
  let associated = false;
  let dehum = 0;
  let distanced = false;
  for (let i = sStart; i < sEnd; i++) if (DISTANCING.has(tokens[i]?.w ?? '')) distanced = true;
  const assoc = category ? STEREOTYPE_ASSOCIATIONS[category] : undefined;
  for (let i = before; i < after; i++) {
    if (i >= m.a && i < m.b) continue;
    const w = tokens[i]?.w ?? '';
    if (INTENSIFIERS.has(w)) intensified = true;
    const d = DEHUMANIZING.get(w);
    if (d !== undefined && d > dehum) dehum = d;
    // A dehumanizing word is scored once, as dehumanization, not again as a trait.
    const v = d === undefined ? TRAITS.get(w) : undefined;
    // Attributes before the term ("lazy immigrants") bind a little less than predicates after it.
    const weighted = v === undefined ? 0 : i < m.a ? v * 0.85 : v;
    if (weighted > trait) {
      trait = weighted;
      traitWord = w;
    }
    if (assoc?.has(w)) associated = true;
  }
  for (const p of s.traitPhrases) {
    if (p.start < sentStartChar || p.end > sentEndChar) continue;
    if (p.weight > trait) {
      trait = p.weight;
      traitWord = p.text;
    }
    if (assoc) for (const w of p.text.split(/\s+/)) if (assoc.has(w)) associated = true;
  }
  let hostile = 0;
  let hostileKind: string | undefined;
  for (const h of s.hostile) {
    if (h.start < sentStartChar || h.end > sentEndChar) continue;
    if (h.start >= m.start && h.end <= m.end) continue;
    if (h.weight > hostile) {
      hostile = h.weight;
      hostileKind = h.kind;
    }
  }
  const generalized = m.group.generic || quantified;
  const strength =
    (generalized ? 1 : 0.6) * (weak ? 0.55 : 1) * (m.anaphoric ? 0.8 : 1) * (distanced ? 0.4 : 1);
  const structure = copula ? 1 : 0.6;
  // "X are all ...", "X are always ...": a sweeping claim about a group, even with a trait the
  // lexicon does not know, counts as a moderate generalization.
  let sweeping = false;
  if (generalized && copula) {
    for (let i = m.b; i < Math.min(sEnd, m.b + 4); i++) if (SWEEPING.has(tokens[i]?.w ?? '')) sweeping = true;
  }
  if (sweeping && trait < 0.5) {
    trait = Math.max(trait, 0.5);
    traitWord = traitWord ?? 'sweeping generalization';
  }
  let stereotype = trait * structure * strength * (intensified ? 1.15 : 1);
  if (associated && trait > 0) stereotype += 0.15 * strength;
  const out: MentionScore = {
    stereotype: clamp01(stereotype),
    hostile: clamp01(hostile * strength),
    dehumanizing: clamp01(dehum * strength),
    score: 0,
    associated,
    generalized,
  };
  out.score = noisyOr([out.stereotype, out.hostile, out.dehumanizing]);
  if (traitWord) out.trait = traitWord;
  if (hostileKind) out.hostileKind = hostileKind;
  return out;
}

/** Swaps the mention for a neutral term of the same number and scores the stand-in. */
export function counterfactual(text: string, m: Mention, tokens: Token[]): { text: string; score: number } {
  const neutral = m.group.generic ? NEUTRAL_PLURAL : NEUTRAL_SINGULAR;
  // Only the mention's sentence is rescanned: the rest of the text cannot change its score.
  const sentence = tokens[m.a]?.sentence;
  let a = m.a;
  while (a > 0 && tokens[a - 1]?.sentence === sentence) a--;
  let b = m.b;
  while (b < tokens.length && tokens[b]?.sentence === sentence) b++;
  const from = tokens[a]?.start ?? m.start;
  const to = tokens[b - 1]?.end ?? m.end;
  const swapped = text.slice(from, m.start) + neutral + text.slice(m.end, to);
  const at = m.start - from;
  const s = scan(swapped);
  const idx = s.tokens.findIndex((t) => t.start === at);
  if (idx < 0) return { text: swapped, score: 0 };
  const stand: Mention = {
    term: neutral,
    group: m.group,
    a: idx,
    b: idx + 1,
    start: at,
    end: at + neutral.length,
  };
  // A claim about "people" in general is not a claim about a group: it keeps half its weight.
  return { text: swapped, score: scoreMention(s, stand, null, false).score * 0.5 };
}

/** Rewrites a generalization into a claim about individuals: "some people" and no absolutes. */
function rewriteGeneralization(text: string, tokens: Token[], m: Mention): string {
  const sentence = tokens[m.a]?.sentence;
  const inSent = tokens.filter((t) => t.sentence === sentence);
  const first = inSent[0];
  const last = inSent[inSent.length - 1];
  if (!first || !last) return '';
  let out = '';
  let cursor = first.start;
  for (const t of inSent) {
    if (t.start >= m.start && t.end <= m.end) {
      if (t.start === m.start) {
        out += text.slice(cursor, t.start) + (m.group.generic ? 'some people' : 'this person');
      }
      cursor = t.end;
      continue;
    }
    if (
      t.w === 'all' ||
      t.w === 'always' ||
      t.w === 'naturally' ||
      t.w === 'inherently' ||
      t.w === 'typical'
    ) {
      out += text.slice(cursor, t.start).replace(/\s+$/, '');
      cursor = t.end;
      continue;
    }
    out += text.slice(cursor, t.end);
    cursor = t.end;
  }
  return out.replace(/\s{2,}/g, ' ').trim();
}

const CATEGORY_LABEL: Record<BiasCategory, string> = {
  gender: 'gender',
  race_ethnicity: 'race or ethnicity',
  age: 'age',
  disability: 'disability',
  religion: 'religion',
  nationality: 'nationality',
  sexual_orientation: 'sexual orientation',
  socioeconomic: 'socioeconomic status',
  physical_appearance: 'physical appearance',
};

function slurFindings(text: string): {
  findings: Finding[];
  byCategory: [BiasCategory, number][];
  profanity: number;
} {
  const findings: Finding[] = [];
  const byCategory: [BiasCategory, number][] = [];
  let prof = 0;
  const seen = new Set<number>();
  for (const match of profanity.getAllMatches(text, true)) {
    const word = englishDataset.getPayloadWithPhraseMetadata(match).phraseMetadata?.originalWord ?? '';
    const slur = SLURS.get(word);
    seen.add(match.startIndex);
    const span = { start: match.startIndex, end: match.endIndex + 1 };
    if (slur) {
      byCategory.push([slur.category, slur.severity]);
      findings.push({
        type: 'slur',
        category: slur.category,
        severity: severityOf(slur.severity),
        confidence: 0.9,
        message: `Slur targeting ${CATEGORY_LABEL[slur.category]}`,
        span,
        evidence: text.slice(span.start, span.end),
        data: { suggestion: 'Remove the slur or name the group respectfully.' },
      });
    } else {
      prof = Math.max(prof, 0.25);
    }
  }
  // Slurs obscenity's dataset does not know, matched as plain words and pairs.
  const tokens = tokenize(text);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (!t || seen.has(t.start)) continue;
    const next = tokens[i + 1];
    const pair = next ? `${t.w} ${next.w}` : '';
    const hit = SLURS.get(pair) ?? SLURS.get(t.w);
    if (!hit) continue;
    const end = SLURS.has(pair) && next ? next.end : t.end;
    byCategory.push([hit.category, hit.severity]);
    findings.push({
      type: 'slur',
      category: hit.category,
      severity: severityOf(hit.severity),
      confidence: 0.85,
      message: `Slur targeting ${CATEGORY_LABEL[hit.category]}`,
      span: { start: t.start, end },
      evidence: text.slice(t.start, end),
      data: { suggestion: 'Remove the slur or name the group respectfully.' },
    });
  }
  return { findings, byCategory, profanity: prof };
}

function inclusiveFindings(text: string, tokens: Token[]): Finding[] {
  const findings: Finding[] = [];
  for (let i = 0; i < tokens.length; i++) {
    for (let n = 3; n >= 1; n--) {
      const slice = tokens.slice(i, i + n);
      const first = slice[0];
      const last = slice[slice.length - 1];
      if (slice.length < n || !first || !last) continue;
      const phrase = slice.map((t) => t.w).join(' ');
      const alternatives = INCLUSIVE_ALTERNATIVES.get(phrase);
      if (!alternatives) continue;
      findings.push({
        type: 'exclusionary_language',
        severity: 'info',
        confidence: 0.6,
        message: `"${text.slice(first.start, last.end)}" may exclude people; consider ${alternatives.map((a) => `"${a}"`).join(' or ')}`,
        span: { start: first.start, end: last.end },
        evidence: text.slice(first.start, last.end),
        data: { alternatives, rewrite: alternatives[0] },
      });
      i += n - 1;
      break;
    }
  }
  return findings;
}

/** Analyses one text. Pure and synchronous: the verdict path. */
export function analyzeBias(text: string): BiasAnalysis {
  const s = scan(text);
  const mentions = findMentions(s.tokens);
  const categories: Partial<Record<BiasCategory, CategoryDetail>> = {};
  const perCategory = new Map<BiasCategory, number[]>();
  const findings: Finding[] = [];
  const push = (c: BiasCategory, score: number, signal?: string) => {
    const detail = categories[c] ?? { score: 0, mentions: 0, signals: [] };
    categories[c] = detail;
    if (signal && !detail.signals.includes(signal)) detail.signals.push(signal);
    const list = perCategory.get(c) ?? [];
    list.push(score);
    perCategory.set(c, list);
  };

  for (const m of mentions) {
    const weak = WEAK_GROUP_TERMS.has(m.term);
    const sc = scoreMention(s, m, m.group.category, weak);
    const detail = categories[m.group.category] ?? { score: 0, mentions: 0, signals: [] };
    categories[m.group.category] = detail;
    detail.mentions++;
    if (sc.score < 0.15) continue;
    const cf = counterfactual(text, m, s.tokens);
    const attribution = clamp01((sc.score - cf.score) / sc.score);
    const score = clamp01(sc.score * (0.7 + 0.3 * attribution));
    const kind =
      sc.dehumanizing >= Math.max(sc.stereotype, sc.hostile)
        ? 'dehumanizing'
        : sc.hostile >= sc.stereotype
          ? 'hostile'
          : 'stereotype';
    push(m.group.category, score, kind);
    const rewrite =
      kind === 'stereotype' && sc.generalized ? rewriteGeneralization(text, s.tokens, m) : undefined;
    findings.push({
      type: kind,
      category: m.group.category,
      severity: severityOf(score),
      confidence: clamp01(0.45 + 0.4 * score + (sc.generalized ? 0.1 : 0)),
      message:
        kind === 'stereotype'
          ? `Generalization about ${m.term} (${CATEGORY_LABEL[m.group.category]})${sc.trait ? ` with the trait "${sc.trait}"` : ''}`
          : kind === 'hostile'
            ? `Hostile statement (${sc.hostileKind ?? 'hostility'}) about ${m.term}`
            : `Dehumanizing language about ${m.term}`,
      span: { start: m.start, end: m.end },
      evidence: text.slice(m.start, m.end),
      data: {
        group_term: m.term,
        trait: sc.trait,
        generalized: sc.generalized,
        stereotype_association: sc.associated,
        counterfactual: {
          text: cf.text,
          score: round(cf.score),
          original_score: round(sc.score),
          attribution: round(attribution),
        },
        ...(rewrite
          ? { rewrite, suggestion: `Describe individuals, not the group: "${rewrite}"` }
          : { suggestion: `Remove the ${kind} language about ${m.term}; criticise actions, not groups.` }),
      },
    });
  }

  const slurs = slurFindings(text);
  for (const [c, sev] of slurs.byCategory) push(c, sev, 'slur');
  findings.push(...slurs.findings);
  findings.push(...inclusiveFindings(text, s.tokens));

  let overall: number[] = [];
  for (const [c, list] of perCategory) {
    const detail = categories[c];
    const score = noisyOr(list);
    if (detail) detail.score = round(score);
    overall = overall.concat(score);
  }
  const score = clamp01(noisyOr(overall) + (overall.length === 0 ? 0 : slurs.profanity * 0.2));
  const strong = findings.filter((f) => f.type !== 'exclusionary_language').length;
  const confidence =
    strong === 0 ? (mentions.length > 0 ? 0.7 : 0.6) : clamp01(0.5 + 0.1 * strong + 0.3 * score);
  return {
    score: round(score),
    categories,
    findings,
    confidence: round(confidence),
    mentions: mentions.length,
  };
}

const round = (x: number): number => Math.round(x * 1000) / 1000;
