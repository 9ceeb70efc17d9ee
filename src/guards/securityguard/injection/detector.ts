import { appendAll } from '../../../util/arrays.js';
import type { Finding, Severity, Span } from '../../contract.js';
import type { Detector, DetectorContext } from '../detector.js';
import { decodePayloads } from '../normalize/decode.js';
import {
  asciiApostrophes,
  type Normalized,
  normalize,
  normalizeCached,
  toOriginal,
} from '../normalize/normalize.js';
import { AnchorIndex, patternAnchors } from './anchors.js';
import { cueHits } from './cues.js';
import {
  asksAboutPersonas,
  asksToCarryOut,
  embeddedInSentence,
  MARKER_IDS,
  MENTION_FACTOR,
  QUOTABLE,
  quotedAsName,
  TOKEN_IDS,
  tokensOnlyMentioned,
} from './mention.js';
import { combine, type InjectionModel, loadInjectionModel, modelLogit, riskOf } from './model.js';
import {
  ANSWER_PROCESS,
  ANSWER_STYLE,
  INJECTION_PATTERNS,
  INSTRUCTION_WORDS,
  type InjectionCategory,
  type InjectionPattern,
  OWN_ANSWER_REQUEST,
  SPLIT_ASSIGN,
  SPLIT_CONCAT,
  SPLIT_VERB,
  STANDING_PREFERENCE,
  TURN_LINE,
} from './patterns.js';
import { collapseSpacedLetters } from './spaced.js';
import { adversarialSuffix } from './suffix.js';

/** One piece of evidence: a category, its weight and where in the original text it was seen. */
export interface Hit {
  id: string;
  category: InjectionCategory;
  weight: number;
  span: Span;
  message: string;
}

export interface InjectionAnalysis {
  /** Calibrated probability of an attack. */
  probability: number;
  /** Risk on the guard scale: 0.5 is the decision boundary. */
  risk: number;
  patternScore: number;
  modelLogit: number;
  hits: Hit[];
}

const MANY_SHOT_MIN_TURNS = 8;

function firstMatch(re: RegExp, text: string): RegExpExecArray | null {
  re.lastIndex = 0;
  return re.exec(text);
}

/**
 * A harmful topic named as what is being fought, studied or guarded against ("investigating
 * misinformation", "protect my kids from predators", "red flags of phishing") is no harmful request.
 */
export const DEFENSIVE_BEFORE =
  /\b(?:investigat[a-z]{0,5}|detect[a-z]{0,4}|prevent[a-z]{0,5}|combat[a-z]{0,4}|fight[a-z]{0,4}|spot(?:ting)?|recogni[sz][a-z]{0,4}|identify(?:ing)?|counter(?:ing)?|report(?:ing)?|against|(?:protect|defend|guard|shield|safe)[a-z]{0,4}(?:\s[a-z'-]{1,20}){0,2}\s(?:from|against)|red\sflags\s(?:of|for)|warning\ssigns\sof|signs\sof|victims?\sof|awareness\s(?:of|about)|dangers\sof|risks\sof)\s(?:[a-z'-]{1,20}\s){0,2}$/;
/**
 * A harmful topic named as a public issue ("the opioid crisis", "fraud prevention", "drug policy",
 * "overdose awareness") is a subject to write or read about, not a request for the act.
 */
export const ISSUE_AFTER =
  /^\s(?:crisis|crises|epidemic|pandemic|awareness|prevention|policy|policies|reform|education|statistics|survivors?|recovery|treatment|rehabilitation|rehab)\b/;
/** How many matches of a topic pattern are read for one outside a defensive context. */
const MAX_TOPIC_MATCHES = 8;

/** The first match of a harmful-topic pattern that is not named defensively or as an issue, or null. */
function firstOffensiveMatch(re: RegExp, text: string): RegExpExecArray | null {
  re.lastIndex = 0;
  for (let n = 0; n < MAX_TOPIC_MATCHES; n++) {
    const m = re.exec(text);
    if (m === null) return null;
    const before = text.slice(Math.max(0, m.index - 48), m.index).replace(/\s+/g, ' ');
    if (DEFENSIVE_BEFORE.test(before)) continue;
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + 24);
    if (!ISSUE_AFTER.test(after)) return m;
  }
  return null;
}

/** The patterns' anchors (anchors.ts), read from their sources once, at the first text. */
let anchorIndex: AnchorIndex | undefined;

/** Pattern and structure evidence in one normalized text; spans point into its original. */
export function patternHits(norm: Normalized, withSuffix = true): Hit[] {
  const hits: Hit[] = [];
  const folded = norm.leet;
  // Quoted attack phrases named as things (mention.ts quotedAsName), and the hits already counted
  // as mentions: another rule's hit inside such a phrase is part of the same mention.
  const quotedSpans: { start: number; end: number }[] = [];
  const mentioned = new Set<Hit>();
  // Read only when a quoted phrase is found (most texts have none).
  let carried: boolean | undefined;
  const carriedOut = (): boolean => {
    if (carried === undefined) carried = asksToCarryOut(folded);
    return carried;
  };
  // Read once, at the first persona hit.
  let aboutPersonas: boolean | undefined;
  const asksAbout = (): boolean => {
    if (aboutPersonas === undefined) aboutPersonas = asksAboutPersonas(norm.original);
    return aboutPersonas;
  };
  // A pattern none of whose anchors the text holds cannot match: not run.
  anchorIndex ??= new AnchorIndex(INJECTION_PATTERNS.map((p) => patternAnchors(p.re)));
  const candidates = anchorIndex.candidates(folded);
  for (let i = 0; i < INJECTION_PATTERNS.length; i++) {
    if (candidates[i] === 0) continue;
    const pat = INJECTION_PATTERNS[i] as InjectionPattern;
    const m =
      pat.category === 'harmful_topic' ? firstOffensiveMatch(pat.re, folded) : firstMatch(pat.re, folded);
    if (m === null) continue;
    const lead = m[0].length - m[0].trimStart().length;
    const span = toOriginal(norm, m.index + lead, m.index + m[0].length);
    // DAN the jailbreak is written in capitals; Dan is a given name.
    if (pat.id === 'persona.dan_name' && !norm.original.slice(span.start, span.end).endsWith('DAN')) continue;
    const marker = MARKER_IDS.has(pat.id) && embeddedInSentence(norm.original, span.start, span.end);
    const token =
      TOKEN_IDS.has(pat.id) &&
      tokensOnlyMentioned(pat.re, folded, norm.original, (start, end) => toOriginal(norm, start, end));
    const quoted =
      !marker &&
      !token &&
      ((QUOTABLE.has(pat.category) && quotedAsName(norm.original, span.start, span.end) && !carriedOut()) ||
        (pat.category === 'persona_jailbreak' &&
          (asksAbout() || (quotedAsName(norm.original, span.start, span.end, true) && !carriedOut()))));
    if (quoted) quotedSpans.push(span);
    const hit: Hit = {
      id: pat.id,
      category: pat.category,
      weight: marker || token || quoted ? pat.weight * MENTION_FACTOR : pat.weight,
      span,
      message: marker
        ? 'mentions an end-of-input marker inside a sentence'
        : token
          ? 'mentions a chat-template token inside a sentence'
          : quoted
            ? `names an attack phrase, does not use it: ${pat.message}`
            : pat.message,
    };
    hits.push(hit);
    if (marker || token || quoted) mentioned.add(hit);
  }
  // Instructions hidden in HTML or markdown comments. HTML comments are found with indexOf, which
  // stays linear on adversarial input such as '<!--' repeated.
  const commentHit = (start: number, end: number): Hit => ({
    id: 'hidden.comment',
    category: 'hidden_instruction',
    weight: 0.8,
    span: toOriginal(norm, start, end),
    message: 'hides instructions in a comment',
  });
  for (let open = folded.indexOf('<!--'), n = 0; open >= 0 && n < 50; n++) {
    const close = folded.indexOf('-->', open + 4);
    if (close < 0) break;
    if (INSTRUCTION_WORDS.test(folded.slice(open + 4, Math.min(close, open + 4004)))) {
      hits.push(commentHit(open, close + 3));
      break;
    }
    open = folded.indexOf('<!--', close + 3);
  }
  // Markdown comments: `[//]: # (hidden text)`, read up to the end of their line.
  for (let at = folded.indexOf('[//]:'), n = 0; at >= 0 && n < 50; n++) {
    const eol = folded.indexOf('\n', at);
    const end = eol < 0 ? folded.length : eol;
    if (INSTRUCTION_WORDS.test(folded.slice(at + 5, Math.min(end, at + 1005)))) {
      hits.push(commentHit(at, end));
      break;
    }
    at = folded.indexOf('[//]:', end);
  }
  // Many-shot priming: a long fake dialogue.
  TURN_LINE.lastIndex = 0;
  let turns = 0;
  let firstTurn = -1;
  for (let m = TURN_LINE.exec(folded); m !== null; m = TURN_LINE.exec(folded)) {
    if (firstTurn < 0) firstTurn = m.index;
    turns++;
  }
  if (turns >= MANY_SHOT_MIN_TURNS) {
    hits.push({
      id: 'many_shot.turns',
      category: 'many_shot',
      weight: Math.min(0.9, 0.3 + 0.03 * turns),
      span: toOriginal(norm, Math.max(0, firstTurn), folded.length),
      message: `primes the model with ${turns} fake dialogue turns`,
    });
  }
  const harmfulTopic = hits.some((h) => h.category === 'harmful_topic');
  for (const c of cueHits(folded, harmfulTopic)) {
    hits.push({
      id: c.id,
      category: c.category,
      weight: c.weight,
      span: toOriginal(norm, c.start, c.end),
      message: c.message,
    });
  }
  // Payload splitting: string pieces assigned to variables, then joined.
  if (folded.includes('=') && folded.includes('+')) {
    SPLIT_ASSIGN.lastIndex = 0;
    const assigns = folded.match(SPLIT_ASSIGN)?.length ?? 0;
    const concat = SPLIT_CONCAT.exec(folded);
    if (assigns >= 2 && concat !== null && SPLIT_VERB.test(folded)) {
      hits.push({
        id: 'split.concat',
        category: 'payload_splitting',
        weight: 0.6,
        span: toOriginal(norm, concat.index, concat.index + concat[0].length),
        message: 'splits a payload into pieces to be joined',
      });
    }
  }
  if (withSuffix) {
    const suffix = adversarialSuffix(norm.original);
    if (suffix.score > 0) {
      hits.push({
        id: 'suffix.gibberish',
        category: 'adversarial_suffix',
        weight: suffix.score,
        span: { start: suffix.start, end: norm.original.length },
        message: 'ends with an optimized-looking gibberish suffix',
      });
    }
  }
  for (const h of hits) {
    if (mentioned.has(h)) continue;
    if (quotedSpans.some((q) => h.span.start >= q.start && h.span.end <= q.end)) h.weight *= MENTION_FACTOR;
  }
  return hits;
}

/** Evidence from decoded payloads and smuggled tag text, pointed at the encoded span. */
function hiddenHits(norm: Normalized): Hit[] {
  const hits: Hit[] = [];
  for (const payload of decodePayloads(norm.original)) {
    const inner = patternHits(normalize(payload.text), false);
    const best = inner.reduce((acc, h) => Math.max(acc, h.weight), 0);
    if (best < 0.5) continue;
    const top = inner.find((h) => h.weight === best);
    const span =
      payload.aligned && top !== undefined
        ? { start: payload.span.start + top.span.start, end: payload.span.start + top.span.end }
        : payload.span;
    hits.push({
      id: `encoded.${payload.kind}`,
      category: 'encoded_instruction',
      weight: Math.min(0.97, best + 0.05),
      span,
      message: `${payload.kind}-encoded text that ${top?.message ?? 'holds instructions'}`,
    });
  }
  for (const run of norm.hidden) {
    if (run.decoded === undefined || run.decoded.length < 4) continue;
    const inner = patternHits(normalize(run.decoded), false);
    const best = inner.reduce((acc, h) => Math.max(acc, h.weight), 0);
    hits.push({
      id: 'hidden.tag_text',
      category: 'hidden_instruction',
      weight: Math.max(0.9, best),
      span: { start: run.start, end: run.end },
      message: 'smuggles text in invisible Unicode tag characters',
    });
  }
  return hits;
}

/**
 * Noisy-OR over the evidence: the strongest hit of each category counts fully, further hits of the
 * same category at half weight (they are correlated, not independent).
 */
export function patternScore(hits: Hit[]): number {
  const sorted = [...hits].sort((a, b) => b.weight - a.weight);
  const seen = new Set<InjectionCategory>();
  let keep = 1;
  for (const h of sorted) {
    keep *= 1 - (seen.has(h.category) ? h.weight / 2 : h.weight);
    seen.add(h.category);
  }
  return 1 - keep;
}

/**
 * Hits that only give the model a role ("I want you to act as", "From now on you are", "Stay in
 * character", "Pretend to be"): the most common benign prompt shape there is ("You are Sage, a
 * calm meditation guide"), so, like a harmful topic, a role counts only beside evidence of another
 * kind (rules lifted, a persona that answers anything, a marker) or beside a harmful topic (a role
 * around a harmful request). Counted alone they flagged 36% of benign persona prompts
 * (scripts/injection-personas.ts, 300 rows, final-style model, 3 seeds) -> 14%; leave-one-source-out
 * (3 seeds): in-the-wild 0.918 -> 0.905 (the rows lost are role plays with no rule lifted: a
 * toddler, a bread-loving bot), PAIR 0.791 -> 0.785, benign sources unchanged or lower.
 */
const ROLE_ONLY: ReadonlySet<string> = new Set([
  'override.from_now_on',
  'override.now_you_are',
  'persona.pretend',
  'persona.act_as_ai',
  'persona.character',
  'cue.roleplay',
  'framing.role',
]);

/**
 * The score the model reads (its pattern prior and the strong-pattern override): a harmful topic
 * alone is no attack, so harmful_topic hits count only beside evidence of another category (a
 * persona, a disclaimer, a suffix). Counted on their own they gave a plain harmful question ("...
 * without getting caught") nearly 3 logits of prior. Gated (leave-one-source-out, 3 seeds): HarmBench
 * left out 1.00% -> 0.33% flagged, self-instruct-user 1.19% -> 0.93%, own benign imperatives 1.56% ->
 * 1.44%; recall GCG 0.910 unchanged, PAIR 0.629 -> 0.633, in-the-wild 0.919 -> 0.924, sysprompt
 * 0.905 -> 0.917.
 */
export function evidenceScore(hits: Hit[]): number {
  const role = hits.some((h) => ROLE_ONLY.has(h.id));
  const topic = hits.some((h) => h.category === 'harmful_topic');
  const other = hits.some((h) => h.category !== 'harmful_topic' && !ROLE_ONLY.has(h.id));
  return other || (role && topic) ? patternScore(hits) : 0;
}

/** Everything the model reads about one text: the text it scores and the evidence beside it. */
export interface InjectionEvidence {
  patternScore: number;
  /** The normalized text the n-gram features are read from (spaced-out letters joined). */
  normalized: string;
  hits: Hit[];
}

/**
 * Pattern evidence and the model's inputs, without the model. Training and inference share it. The
 * hits reach the model only through the fixed pattern prior (model.ts), not as a learned weight per
 * pattern id: with per-id weights the fitted pattern ids explained the template attacks and the
 * n-grams fitted the rest (persuasion prose about dangerous topics), which flagged left-out harmful
 * questions (Do-Not-Answer 2.6%, 3 seeds) at twice the rate they do without them.
 */
export function evidence(text: string): InjectionEvidence {
  const norm = normalizeCached(asciiApostrophes(text));
  const hits = patternHits(norm);
  appendAll(hits, hiddenHits(norm));
  let normalized = norm.text;
  const collapsed = collapseSpacedLetters(norm.text);
  if (collapsed.runs.length > 0) {
    // Instructions spelled out letter by letter: read the joined text as well, and point its
    // evidence at the spaced-out run.
    normalized = collapsed.text;
    const first = collapsed.runs[0] as { start: number };
    const last = collapsed.runs[collapsed.runs.length - 1] as { end: number };
    const span = toOriginal(norm, first.start, last.end);
    const seen = new Set(hits.map((h) => h.id));
    for (const h of patternHits(normalize(collapsed.text), false)) {
      if (seen.has(h.id) || h.weight < 0.5) continue;
      hits.push({
        ...h,
        id: `spaced.${h.id}`,
        category: 'encoded_instruction',
        span,
        message: `spells out in spaced letters: ${h.message}`,
      });
    }
  }
  return { patternScore: evidenceScore(hits), normalized, hits };
}

/**
 * The last few analyses, kept until the event loop's current turn ends: the guards of one /check
 * (SecurityGuard, ContextGuard's scorer on the turn and on the window of recent turns, HealthGuard's
 * scanner) score the same texts within one turn, and the analysis is a pure function of the text
 * and the model. Several entries, so the window's analysis does not push out the turn's. Dropped at
 * the next turn, so it never carries over from one request to the next.
 */
const MEMO_ENTRIES = 4;
const memo = new Map<string, { model: InjectionModel; analysis: InjectionAnalysis }>();
let memoClearing = false;
const clearMemo = () => {
  memo.clear();
  memoClearing = false;
};

export function analyzeInjection(
  text: string,
  model: InjectionModel = loadInjectionModel(),
): InjectionAnalysis {
  const hit = memo.get(text);
  if (hit !== undefined && hit.model === model) return { ...hit.analysis, hits: [...hit.analysis.hits] };
  const analysis = computeInjection(text, model);
  if (memo.size >= MEMO_ENTRIES) memo.delete(memo.keys().next().value as string);
  memo.set(text, { model, analysis: { ...analysis, hits: [...analysis.hits] } });
  if (!memoClearing) {
    memoClearing = true;
    setImmediate(clearMemo);
  }
  return analysis;
}

/**
 * Risk ceiling of a direct prompt that is only a standing preference or a request to reshape the
 * assistant's own answer (patterns.ts STANDING_PREFERENCE, OWN_ANSWER_REQUEST).
 */
const PREFERENCE_CEILING = 0.2;

/** A normalized text that is, whole, only a preference about the answer (patterns.ts). */
const isPreference = (normalized: string): boolean =>
  normalized.length <= 200 &&
  (STANDING_PREFERENCE.test(normalized) ||
    OWN_ANSWER_REQUEST.test(normalized) ||
    ANSWER_PROCESS.test(normalized) ||
    ANSWER_STYLE.test(normalized));

/** Texts longer than this are not read line by line for preferences (a few chat turns fit). */
const PREFERENCE_LINES_MAX_CHARS = 2000;

function computeInjection(text: string, model: InjectionModel): InjectionAnalysis {
  const ev = evidence(text);
  const logitValue = modelLogit(model, ev.normalized);
  const probability = combine(model, ev.patternScore, logitValue);
  let risk = riskOf(model, probability, ev.patternScore);
  if (ev.patternScore < 0.8 && isPreference(ev.normalized)) risk = Math.min(risk, PREFERENCE_CEILING);
  else if (risk >= 0.5 && ev.patternScore < 0.8) risk = withoutPreferenceLines(text, risk, model);
  return { probability, risk, patternScore: ev.patternScore, modelLogit: logitValue, hits: ev.hits };
}

/**
 * Lines that are each a preference ("From now on answer in Spanish, please.") carry no attack, but
 * beside other lines they lift the whole: ContextGuard joins a user's recent turns with line breaks,
 * and "From now on answer in Spanish, please. / Keep answers short. / What's the capital of Peru?"
 * read as a split attack (2026-12-06). The text without those lines decides, and the risk never
 * rises above what the whole text scored.
 */
function withoutPreferenceLines(text: string, risk: number, model: InjectionModel): number {
  if (text.length > PREFERENCE_LINES_MAX_CHARS || !text.includes('\n')) return risk;
  const lines = text.split('\n');
  const rest = lines.filter((line) => !isPreference(normalizeCached(asciiApostrophes(line)).text.trim()));
  if (rest.length === lines.length) return risk;
  const remainder = rest.join('\n').trim();
  const restRisk = remainder.length === 0 ? 0 : computeInjection(remainder, model).risk;
  return Math.min(risk, Math.max(restRisk, PREFERENCE_CEILING));
}

export const severityOf = (risk: number): Severity =>
  risk >= 0.9 ? 'critical' : risk >= 0.75 ? 'high' : risk >= 0.5 ? 'medium' : 'low';

/** Findings: the strongest hit of each category, plus a model finding when no pattern explains it. */
export function injectionFindings(analysis: InjectionAnalysis, text: string): Finding[] {
  const best = new Map<InjectionCategory, Hit>();
  for (const h of analysis.hits) {
    const cur = best.get(h.category);
    if (cur === undefined || h.weight > cur.weight) best.set(h.category, h);
  }
  const findings: Finding[] = [];
  for (const h of best.values()) {
    findings.push({
      type: 'prompt_injection',
      category: h.category,
      severity: severityOf(Math.min(analysis.risk, Math.max(h.weight, 0.5))),
      confidence: Number(h.weight.toFixed(3)),
      message: h.message,
      span: h.span,
      evidence: text.slice(h.span.start, Math.min(h.span.end, h.span.start + 200)),
      data: { pattern: h.id },
    });
  }
  if (findings.length === 0 || analysis.patternScore < 0.5) {
    findings.push({
      type: 'prompt_injection',
      category: 'classifier',
      severity: severityOf(analysis.risk),
      confidence: Number(analysis.probability.toFixed(3)),
      message: 'the injection classifier scores this text as an attack',
      data: { model_logit: Number(analysis.modelLogit.toFixed(3)) },
    });
  }
  return findings;
}

export interface ScoredDetection {
  score: number;
  findings: Finding[];
}

export const injectionDetector: Detector & { analyze(text: string, ctx: DetectorContext): ScoredDetection } =
  {
    name: 'injection',
    detect(text, ctx) {
      const out = this.analyze(text, ctx);
      return out.score >= 0.5 ? out.findings : [];
    },
    analyze(text) {
      const analysis = analyzeInjection(text);
      // Near-threshold evidence is returned too; the guard drops it below the caller's threshold.
      return {
        score: analysis.risk,
        findings: analysis.risk >= 0.25 ? injectionFindings(analysis, text) : [],
      };
    },
  };
