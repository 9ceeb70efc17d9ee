import { PLAIN_TEXT, type TokenCounter } from './tokenizer.js';

/**
 * Prompt optimization. `lossless` removes only what carries no meaning for the model: runs of
 * spaces and tabs, trailing whitespace, runs of blank lines, and exact repeats of a line or of a
 * sentence. Fenced code blocks and indented lines keep their indentation and inner spacing (only
 * trailing whitespace goes), since indentation is meaning in code. `truncate` shortens to a token
 * target at sentence boundaries, keeping the start and the end.
 */

export type LosslessRule =
  | 'line_endings'
  | 'trailing_whitespace'
  | 'whitespace_runs'
  | 'blank_lines'
  | 'duplicate_lines'
  | 'duplicate_sentences';

export interface OptimizeResult {
  text: string;
  applied: string[];
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const LEADING_WS = /^[ \t]*/;
const INNER_WS_RUN = /[ \t]{2,}/g;
/**
 * A run of spaces becomes one space. A run mixing spaces and tabs becomes one tab and a run of
 * tabs stays, because tabs separate columns in pasted TSV and two tabs mark an empty field.
 */
const collapseRun = (run: string): string => (!run.includes('\t') ? ' ' : run.includes(' ') ? '\t' : run);
const SENTENCE_SPLIT = /(?<=[.!?])[ \t]+/;
const HAS_WORD = /[\p{L}\p{N}]/u;
/** Lines shorter than this are too generic ("}", "Yes", "---") to drop as repeats. */
const MIN_DUPLICATE_LINE_CHARS = 16;
/** Sentences with fewer words are too generic ("Thanks.", "See below.") to drop as repeats. */
const MIN_DUPLICATE_SENTENCE_WORDS = 4;

const indentWidth = (indent: string): number => {
  let width = 0;
  for (const ch of indent) width += ch === '\t' ? 4 : 1;
  return width;
};

const wordCount = (s: string): number => {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < s.length; i++) {
    const space = s.charCodeAt(i) <= 32;
    if (!space && !inWord) words++;
    inWord = !space;
  }
  return words;
};

interface Line {
  text: string;
  /** Code lines (fenced or indented) are never collapsed, deduplicated or dropped. */
  code: boolean;
}

export function optimizeLossless(input: string): OptimizeResult {
  const applied = new Set<LosslessRule>();
  let text = input;
  if (text.includes('\r')) {
    text = text.replace(/\r\n?/g, '\n');
    applied.add('line_endings');
  }

  const lines: Line[] = [];
  const seenLines = new Set<string>();
  const seenSentences = new Set<string>();
  let fence: { char: string; length: number } | null = null;

  const rawLines = text.split('\n');
  // A final newline ends the last line; it is not a blank line of its own.
  if (text.endsWith('\n')) rawLines.pop();
  for (const raw of rawLines) {
    const trimmedEnd = raw.trimEnd();
    if (trimmedEnd.length !== raw.length) applied.add('trailing_whitespace');

    const fenceMatch = FENCE.exec(trimmedEnd);
    if (fence) {
      // Inside a fence: keep the line; a fence of the same character and at least the same
      // length, with nothing after it, closes the block.
      const closes =
        fenceMatch?.[1] !== undefined &&
        fenceMatch[1][0] === fence.char &&
        fenceMatch[1].length >= fence.length &&
        trimmedEnd.trim() === fenceMatch[1];
      lines.push({ text: trimmedEnd, code: true });
      if (closes) fence = null;
      continue;
    }
    if (fenceMatch?.[1] !== undefined) {
      fence = { char: fenceMatch[1][0] ?? '`', length: fenceMatch[1].length };
      lines.push({ text: trimmedEnd, code: true });
      continue;
    }

    const indent = LEADING_WS.exec(trimmedEnd)?.[0] ?? '';
    if (indent.length > 0 && indentWidth(indent) >= 4) {
      // An indented line may be Markdown code or a nested list: keep its spacing.
      lines.push({ text: trimmedEnd, code: true });
      continue;
    }

    let body = trimmedEnd.slice(indent.length);
    const collapsed = body.replace(INNER_WS_RUN, collapseRun);
    if (collapsed !== body) {
      applied.add('whitespace_runs');
      body = collapsed;
    }
    if (body.length === 0) {
      lines.push({ text: '', code: false });
      continue;
    }

    // Table rows and separators repeat by design (one header per table), so they are kept.
    const tableRow = body.startsWith('|');
    if (body.length >= MIN_DUPLICATE_LINE_CHARS && !tableRow && HAS_WORD.test(body)) {
      if (seenLines.has(body)) {
        applied.add('duplicate_lines');
        continue;
      }
      seenLines.add(body);
    }

    const sentences = body.split(SENTENCE_SPLIT);
    let kept = sentences;
    if (!tableRow && (sentences.length > 1 || wordCount(body) >= MIN_DUPLICATE_SENTENCE_WORDS)) {
      kept = [];
      for (const sentence of sentences) {
        if (wordCount(sentence) >= MIN_DUPLICATE_SENTENCE_WORDS) {
          if (seenSentences.has(sentence)) continue;
          seenSentences.add(sentence);
        }
        kept.push(sentence);
      }
      if (kept.length !== sentences.length) applied.add('duplicate_sentences');
    }
    if (kept.length === 0) continue;
    lines.push({ text: indent + (kept === sentences ? body : kept.join(' ')), code: false });
  }

  // Blank-line runs become one blank line; leading and trailing blank lines go.
  const out: string[] = [];
  let blank = 0;
  for (const line of lines) {
    if (!line.code && line.text.length === 0) {
      blank++;
      continue;
    }
    if (blank > 0 && out.length > 0) out.push('');
    if (blank > 1 || (blank > 0 && out.length === 0)) applied.add('blank_lines');
    blank = 0;
    out.push(line.text);
  }
  if (blank > 0 && out.length > 0) applied.add('blank_lines');
  let result = out.join('\n');
  // Keep one final newline when the input ended with one, so the text stays a well-formed file.
  if (text.endsWith('\n') && result.length > 0) result += '\n';
  return { text: result, applied: [...applied] };
}

export const TRUNCATION_MARKER = ' … ';
/** Share of the token target given to the start of the text; the rest keeps its end. */
const HEAD_SHARE = 0.6;

/** Splits text into sentences (each with its trailing whitespace), also breaking at newlines. */
export function sentenceSegments(text: string): string[] {
  const segments: string[] = [];
  let start = 0;
  let i = 0;
  while (i < text.length) {
    const ch = text.charCodeAt(i);
    const terminal = ch === 46 /* . */ || ch === 33 /* ! */ || ch === 63 /* ? */ || ch === 10; /* \n */
    i++;
    if (!terminal) continue;
    if (ch !== 10 && i < text.length && text.charCodeAt(i) > 32) continue;
    while (i < text.length && text.charCodeAt(i) <= 32) i++;
    segments.push(text.slice(start, i));
    start = i;
  }
  if (start < text.length) segments.push(text.slice(start));
  return segments;
}

/**
 * Shortens `text` to at most `target` tokens (as `counter` counts them), keeping whole sentences
 * from the start and the end joined by a marker. When no whole sentence fits, it cuts at token
 * boundaries instead. The result is re-counted, and shrunk until it fits, so it is never over.
 */
export function truncateToTokens(
  text: string,
  target: number,
  counter: TokenCounter,
  knownTokens: number = counter.count(text),
): OptimizeResult {
  if (knownTokens <= target) return { text, applied: [] };
  const markerTokens = counter.count(TRUNCATION_MARKER);
  const budget = target - markerTokens;
  if (budget >= 2) {
    const bySentence = sentenceCut(text, target, budget, counter);
    if (bySentence !== null) return { text: bySentence, applied: ['truncate_sentences'] };
  }
  return { text: tokenCut(text, target, budget, counter), applied: ['truncate_tokens'] };
}

function sentenceCut(text: string, target: number, budget: number, counter: TokenCounter): string | null {
  const segments = sentenceSegments(text);
  const counts = segments.map((s) => counter.count(s));
  const headBudget = Math.floor(budget * HEAD_SHARE);
  let head = 0;
  let tail = segments.length;
  let used = 0;
  // The first and the last sentence come first, so a tight target still keeps both ends.
  if ((counts[0] ?? 0) <= budget) used += counts[head++] ?? 0;
  if (tail > head && used + (counts[tail - 1] ?? 0) <= budget) used += counts[--tail] ?? 0;
  while (head < tail && used + (counts[head] ?? 0) <= headBudget) used += counts[head++] ?? 0;
  while (tail > head && used + (counts[tail - 1] ?? 0) <= budget) used += counts[--tail] ?? 0;
  // Joining can merge or split tokens at the seams, so verify and drop sentences until it fits.
  for (;;) {
    if (head === 0 && tail === segments.length) return null;
    const candidate = join(segments.slice(0, head).join(''), segments.slice(tail).join(''));
    if (counter.count(candidate) <= target) return candidate;
    if (tail < segments.length) tail++;
    else head--;
  }
}

function tokenCut(text: string, target: number, budget: number, counter: TokenCounter): string {
  const tokens = counter.encoding.encode(text, PLAIN_TEXT);
  const withMarker = budget >= 2;
  // Scaled estimates count more than the raw encoding; the loop below shrinks until it fits.
  let keep = Math.min(withMarker ? budget : target, tokens.length);
  while (keep > 0) {
    const headCount = withMarker ? Math.max(1, Math.floor(keep * HEAD_SHARE)) : keep;
    const tailCount = withMarker ? keep - headCount : 0;
    const head = counter.encoding.decode(tokens.slice(0, headCount));
    const tailText = tailCount > 0 ? counter.encoding.decode(tokens.slice(tokens.length - tailCount)) : '';
    const candidate = withMarker ? join(head, tailText) : head;
    if (counter.count(candidate) <= target) return candidate;
    keep = Math.min(keep - 1, Math.floor(keep * 0.9));
  }
  return '';
}

const join = (head: string, tail: string): string => {
  const h = head.trimEnd();
  const t = tail.trimStart();
  if (h.length === 0) return `${TRUNCATION_MARKER.trimStart()}${t}`;
  if (t.length === 0) return `${h}${TRUNCATION_MARKER.trimEnd()}`;
  return `${h}${TRUNCATION_MARKER}${t}`;
};
