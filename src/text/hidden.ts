/**
 * The one hidden-text detector: characters that hide content from a human reviewer while a model
 * still reads them (zero-width, bidirectional controls, Unicode tag characters that smuggle
 * invisible ASCII, variation selectors used as a data channel), and words that mix Latin with
 * Cyrillic or Greek look-alikes. SecurityGuard's normalizer and HealthGuard's dataset scan both
 * classify and score through these functions, so one character is judged the same everywhere.
 */

export type HiddenKind = 'zero_width' | 'bidi' | 'tag' | 'variation_selector';

export interface HiddenRun {
  kind: HiddenKind;
  /** Span of the run in the original text. */
  start: number;
  end: number;
  /** How many hidden code points the run holds. */
  count: number;
  /** ASCII smuggled in Unicode tag characters, decoded. */
  decoded?: string;
}

/** Which kind of hidden character a code point is, if any. */
export function hiddenKind(cp: number): HiddenKind | null {
  if (cp === 0x200b || cp === 0x200c || cp === 0x200d || cp === 0x2060 || cp === 0xfeff) return 'zero_width';
  if (cp >= 0x2061 && cp <= 0x2064) return 'zero_width';
  if (cp === 0x00ad || cp === 0x034f || cp === 0x180e || cp === 0x115f || cp === 0x1160 || cp === 0x3164)
    return 'zero_width';
  if (cp === 0x200e || cp === 0x200f || cp === 0x061c) return 'bidi';
  if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069)) return 'bidi';
  if (cp >= 0xe0000 && cp <= 0xe007f) return 'tag';
  if (cp >= 0xe0100 && cp <= 0xe01ef) return 'variation_selector';
  return null;
}

/**
 * Records the hidden code point `cp` of `kind` at `[at, at + width)` in `runs`, extending the last
 * run when it is adjacent and of the same kind. A byte-order mark at the very start is ordinary.
 */
export function addHidden(runs: HiddenRun[], kind: HiddenKind, cp: number, at: number, width: number): void {
  if (cp === 0xfeff && at === 0) return;
  const last = runs[runs.length - 1];
  let run: HiddenRun;
  if (last !== undefined && last.kind === kind && last.end === at) {
    last.end = at + width;
    last.count++;
    run = last;
  } else {
    run = { kind, start: at, end: at + width, count: 1 };
    runs.push(run);
  }
  if (kind === 'tag' && cp >= 0xe0020 && cp <= 0xe007e)
    run.decoded = (run.decoded ?? '') + String.fromCharCode(cp - 0xe0000);
}

const NON_ASCII = /[^\t\n\r\u0020-\u007e]/;

/** The hidden runs of a text, in order (one pass; plain ASCII returns at once). */
export function findHiddenRuns(text: string): HiddenRun[] {
  const runs: HiddenRun[] = [];
  if (!NON_ASCII.test(text)) return runs;
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i) ?? 0;
    const width = cp > 0xffff ? 2 : 1;
    const kind = cp < 0x80 ? null : hiddenKind(cp);
    if (kind !== null) addHidden(runs, kind, cp, i, width);
    i += width;
  }
  return runs;
}

const RISK: Record<HiddenKind, number> = {
  zero_width: 0.4,
  bidi: 0.55,
  tag: 0.9,
  variation_selector: 0.7,
};

/** How strongly a set of hidden runs suggests smuggling, 0-1. */
export function hiddenTextRisk(runs: readonly HiddenRun[]): number {
  let risk = 0;
  let zeroWidth = 0;
  for (const r of runs) {
    if (r.kind === 'zero_width') zeroWidth += r.count;
    else risk = Math.max(risk, RISK[r.kind]);
  }
  // A single stray zero-width joiner is common (emoji); several inside text are not.
  if (zeroWidth >= 3) risk = Math.max(risk, 0.6);
  else if (zeroWidth > 0) risk = Math.max(risk, 0.3);
  return risk;
}

/** The text without its hidden characters (the `sanitize` mitigation). */
export function stripHidden(text: string): string {
  const runs = findHiddenRuns(text);
  if (runs.length === 0) return text;
  let out = '';
  let from = 0;
  for (const r of runs) {
    out += text.slice(from, r.start);
    from = r.end;
  }
  return out + text.slice(from);
}

const LETTERS = /\p{L}{2,40}/gu;
const LATIN = /\p{Script=Latin}/u;
const LOOKALIKE = /[\p{Script=Cyrillic}\p{Script=Greek}]/u;

/** Words that mix Latin letters with Cyrillic or Greek ones ("pаypal" with a Cyrillic а). */
export function mixedScriptWords(text: string): number {
  if (!NON_ASCII.test(text)) return 0;
  let mixed = 0;
  for (const m of text.matchAll(LETTERS)) if (LATIN.test(m[0]) && LOOKALIKE.test(m[0])) mixed++;
  return mixed;
}

/** Risk of a word with mixed scripts (a homoglyph spoof). */
export const MIXED_SCRIPT_RISK = 0.7;

export interface HiddenTextFinding {
  kind: HiddenKind | 'mixed_script';
  /** Hidden code points of this kind, or mixed-script words. */
  count: number;
  /** The risk of this kind alone, 0-1. */
  score: number;
}

/** One entry per kind of hidden text found (for reports that list reasons, not spans). */
export function hiddenTextSummary(text: string): HiddenTextFinding[] {
  const byKind = new Map<HiddenKind, HiddenRun[]>();
  for (const r of findHiddenRuns(text)) {
    const list = byKind.get(r.kind);
    if (list) list.push(r);
    else byKind.set(r.kind, [r]);
  }
  const out: HiddenTextFinding[] = [];
  for (const [kind, runs] of byKind) {
    out.push({ kind, count: runs.reduce((n, r) => n + r.count, 0), score: hiddenTextRisk(runs) });
  }
  const mixed = mixedScriptWords(text);
  if (mixed > 0) out.push({ kind: 'mixed_script', count: mixed, score: MIXED_SCRIPT_RISK });
  return out;
}
