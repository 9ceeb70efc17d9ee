import { splitSentences } from '../../text/sentences.js';
import { contentTerms } from '../../text/terms.js';
import { cosine, termFrequencies } from '../../text/tfidf.js';
import type { Finding, Severity } from '../contract.js';
import { extractNumbers } from './facts.js';

/**
 * Hallucination risk signals for text checked without sources. Each signal is a finding with its
 * evidence; `weight` is how much one occurrence raises the risk (combined by noisy-OR in scoring).
 */
export interface Signal {
  type: string;
  weight: number;
  finding: Finding;
}

const ATTRIBUTION_RE =
  /\b(?:according to|source[sd]?:|cited|reported by|data from|as (?:reported|published) (?:by|in)|https?:\/\/|\[\d{1,3}\])/i;
const PRECISE_FIGURE_RE =
  /(?<![\w.])(?:\d{1,3}(?:\.\d{1,2})?\s?(?:%|percent\b)|\d{1,3}(?:,\d{3}){1,4}(?:\.\d{1,4})?|\d{1,8}\.\d{1,4})/g;
const FULL_DATE_RE =
  /\b(?:(?:January|February|March|April|May|June|July|August|September|October|November|December)\s\d{1,2},?\s\d{4}|\d{1,2}\s(?:January|February|March|April|May|June|July|August|September|October|November|December)\s\d{4}|\d{4}-\d{2}-\d{2})\b/g;
const QUOTE_RE =
  /["“][^"”\n]{25,300}["”]\s{0,3}(?:[-—–]\s{0,2}|,?\s(?:said|says|wrote|stated)\s)[A-Z][\w.]{1,30}(?:\s[A-Z][\w.]{1,30}){0,3}/g;
const STUDY_RE =
  /\b(?:[Aa]n?|[Oo]ne|[Tt]he)\s(?:recent\s|new\s|landmark\s)?(?:\d{4}\s)?(?:[A-Z][\w&.-]{1,30}\s){0,3}(?:study|survey|report|paper|meta-analysis|trial|poll)\b(?:\s(?:by|from|at|published in)\s[A-Z][\w&.-]{1,40})?/g;
const VAGUE_AUTHORITY_RE =
  /\b(?:studies (?:(?:\w{2,15}ly )?(?:show|prove|suggest|confirm)|have (?:\w{2,15}ly )?(?:shown|proven|proved|found|confirmed|demonstrated))|research (?:shows|proves|has (?:\w{2,15}ly )?(?:shown|proven|proved|found|confirmed))|(?:scientists|experts|researchers|doctors) (?:(?:\w{2,15}ly )?(?:say|agree|confirm)|have (?:\w{2,15}ly |long )?(?:found|agreed|shown|proven|proved|confirmed|said))|it is (?:a )?well[- ]known (?:fact )?that|statistics show)\b/gi;
const DOI_RE = /\b(?:doi:\s?|https?:\/\/doi\.org\/)?10\.\d{4,9}\/[^\s"<>]{1,80}/gi;
const REFERENCE_RE =
  /(?:^|\n)\s{0,4}(?:\[\d{1,3}\]|\d{1,3}\.)\s[A-Z][\w-]{1,30},\s(?:[A-Z]\.\s?){1,3}.{0,200}\(\d{4}\)|\bet al\.?,?\s\(?\d{4}\)?|\([A-Z][\w'-]{1,30}(?:\s(?:et al\.?|and\s[A-Z][\w'-]{1,30}))?,\s(?:[^(),\n]{1,60},\s){0,2}\d{4}\)/g;
const ABSOLUTE_RE =
  /\b(?:always|never|guaranteed|definitely|certainly|undoubtedly|without (?:a )?doubt|100%|proven|impossible|every single|absolutely|all experts|no one|nobody ever|the only (?:way|solution)|unquestionably)\b/gi;
const HEDGE_RE =
  /\b(?:may|might|could|possibly|perhaps|likely|unlikely|approximately|about|around|roughly|estimated|I think|I believe|it seems|it appears|suggests?|generally|typically|often|usually|in some cases|not sure|uncertain)\b/gi;
const REFUSAL_RE =
  /\b(?:as an ai(?: language model)?|i(?: am|'m) (?:sorry|unable|not able)|i can(?:not|'t) (?:help|assist|provide|create|browse|access|answer|generate|do that)|i do(?: not|n't) have (?:access|the ability|real-time|personal)|my (?:knowledge|training) (?:cutoff|data))\b/gi;

/** The signal patterns, for the ReDoS test. */
export const SIGNAL_REGEXES: readonly RegExp[] = [
  ATTRIBUTION_RE,
  PRECISE_FIGURE_RE,
  FULL_DATE_RE,
  QUOTE_RE,
  STUDY_RE,
  VAGUE_AUTHORITY_RE,
  DOI_RE,
  REFERENCE_RE,
  ABSOLUTE_RE,
  HEDGE_RE,
  REFUSAL_RE,
];

function find(re: RegExp, text: string): RegExpExecArray[] {
  re.lastIndex = 0;
  const out: RegExpExecArray[] = [];
  for (let m = re.exec(text); m !== null && out.length < 50; m = re.exec(text)) {
    out.push(m);
    if (m[0].length === 0) re.lastIndex++;
  }
  return out;
}

function signal(
  type: string,
  weight: number,
  severity: Severity,
  message: string,
  m: { index: number; 0: string },
): Signal {
  return {
    type,
    weight,
    finding: {
      type: 'hallucination_risk',
      category: type,
      severity,
      confidence: weight,
      message,
      span: { start: m.index, end: m.index + m[0].length },
      evidence: m[0].slice(0, 200),
    },
  };
}

type Sentences = ReturnType<typeof splitSentences>;

/** Whether the sentence holding `index` names a source. */
function attributed(sentences: Sentences, index: number): boolean {
  const sentence = sentences.find((s) => s.start <= index && index < s.end);
  return sentence ? ATTRIBUTION_RE.test(sentence.text) : false;
}

export function riskSignals(text: string, question?: string): Signal[] {
  const out: Signal[] = [];
  const sentences = splitSentences(text);
  for (const m of find(PRECISE_FIGURE_RE, text)) {
    if (!attributed(sentences, m.index)) {
      // A percentage is a statistic, a claim about the world; a bare precise number is weaker.
      const percent = /%|percent/.test(m[0]);
      out.push(
        signal(
          'unattributed_figure',
          percent ? 0.3 : 0.12,
          percent ? 'medium' : 'low',
          'precise figure with no source',
          m,
        ),
      );
    }
  }
  for (const m of find(FULL_DATE_RE, text)) {
    if (!attributed(sentences, m.index))
      out.push(signal('unattributed_date', 0.1, 'low', 'exact date with no source', m));
  }
  for (const m of find(QUOTE_RE, text)) {
    out.push(
      signal('unattributed_quote', 0.25, 'medium', 'verbatim quote attributed to a person, unverifiable', m),
    );
  }
  for (const m of find(STUDY_RE, text)) {
    if (/\d{4}|[A-Z]/.test(m[0].slice(2))) {
      out.push(
        signal('uncheckable_citation', 0.3, 'medium', 'citation-shaped reference that cannot be checked', m),
      );
    }
  }
  for (const m of find(VAGUE_AUTHORITY_RE, text)) {
    out.push(signal('vague_authority', 0.2, 'medium', 'appeals to unnamed research or experts', m));
  }
  for (const m of find(DOI_RE, text))
    out.push(signal('doi', 0.3, 'medium', 'DOI that cannot be verified here', m));
  for (const m of find(REFERENCE_RE, text)) {
    out.push(
      signal('reference_list', 0.25, 'medium', 'reference-list entry that cannot be verified here', m),
    );
  }
  const absolutes = find(ABSOLUTE_RE, text);
  const hedges = find(HEDGE_RE, text).length;
  // Absolutes raise the risk only when the text does not balance them with hedging.
  if (absolutes.length > hedges) {
    for (const m of absolutes.slice(0, 5)) {
      out.push(signal('overconfident', 0.1, 'low', 'overconfident absolute with no hedging', m));
    }
  }
  for (const m of find(REFUSAL_RE, text).slice(0, 2)) {
    out.push(signal('refusal', 0.4, 'medium', 'the answer declines or disclaims instead of answering', m));
  }
  out.push(...selfContradictions(sentences));
  if (question && question.trim().length > 0) {
    const off = offTopic(text, question);
    if (off) out.push(off);
  }
  return out;
}

/** Two sentences about the same subject (shared content words) that state different numbers. */
function selfContradictions(all: Sentences): Signal[] {
  // Only a sentence stating exactly one number (years aside) can contradict another; the terms,
  // the costly part, are read for those alone.
  const facts = [];
  for (const s of all.slice(0, 60)) {
    const numbers = extractNumbers(s.text).filter((n) => n.kind !== 'year');
    if (numbers.length === 1)
      facts.push({ s, numbers, terms: new Set(contentTerms(s.text.replace(/\d[\d,.]*/g, ' '))) });
  }
  const out: Signal[] = [];
  for (let i = 0; i < facts.length; i++) {
    for (let j = i + 1; j < facts.length; j++) {
      const a = facts[i];
      const b = facts[j];
      if (!a || !b) continue;
      const an = a.numbers[0];
      const bn = b.numbers[0];
      if (!an || !bn || an.kind !== bn.kind || an.value === bn.value) continue;
      let shared = 0;
      for (const t of a.terms) if (b.terms.has(t)) shared++;
      const overlap = shared / Math.max(1, Math.min(a.terms.size, b.terms.size));
      if (shared >= 3 && overlap >= 0.6) {
        out.push(
          signal(
            'self_contradiction',
            0.45,
            'high',
            `states ${an.raw} and later ${bn.raw} for the same subject`,
            {
              index: b.s.start,
              0: b.s.text,
            },
          ),
        );
        if (out.length >= 3) return out;
      }
    }
  }
  return out;
}

const QUESTION_RE = /\?\s*$|^\s*(?:who|what|when|where|which|why|how|is|are|does|do|did|can|was|were)\b/i;

/**
 * The answer shares almost no content with the question. Only for real questions: a creative task
 * ("write a poem about focus") is answered with words the request does not contain.
 */
function offTopic(text: string, question: string): Signal | null {
  if (!QUESTION_RE.test(question)) return null;
  const q = contentTerms(question);
  const a = contentTerms(text);
  if (q.length < 4 || a.length < 8) return null;
  const sim = cosine(termFrequencies(q), termFrequencies(a));
  if (sim >= 0.02) return null;
  return signal('does_not_address_question', 0.25, 'medium', 'the answer does not address the question', {
    index: 0,
    0: text.slice(0, 120),
  });
}
