import type { TextThreatScanner } from '../threats.js';
import { hashedFeatures, sigmoid } from './hashed.js';
import type { HealthModel } from './model.js';
import { words } from './words.js';

/**
 * Instructions to an AI hidden in a row, wherever they sit: the row is read whole and in
 * overlapping windows of words (an instruction in the middle of a long row is not diluted by the
 * text around it). Two detectors score each piece: the threat scanner HealthGuard is given
 * (SecurityGuard's, through the injected dependency) and HealthGuard's own instruction-cue model.
 */

export const WINDOW_WORDS = 14;
export const WINDOW_STRIDE = 7;
/** Cue level from which the row's sentences are also given to the scanner one by one. */
const SENTENCE_SCAN_GATE = 0.2;
/** Rows are read up to this many characters, which bounds the cost per row. */
const MAX_CHARS = 4096;

/** The pieces of a row that are scored: the whole row, then word windows when it is longer. */
export function pieces(text: string): string[] {
  const t = text.length > MAX_CHARS ? text.slice(0, MAX_CHARS) : text;
  const out = [t];
  const toks = t.split(/\s+/).filter((w) => w.length > 0);
  if (toks.length > WINDOW_WORDS) {
    for (let i = 0; i < toks.length; i += WINDOW_STRIDE) {
      out.push(toks.slice(i, i + WINDOW_WORDS).join(' '));
      if (i + WINDOW_WORDS >= toks.length) break;
    }
  }
  return out;
}

/** Sentences for the scanner, which is costlier than the cue model. */
function sentences(text: string): string[] {
  const t = text.length > MAX_CHARS ? text.slice(0, MAX_CHARS) : text;
  const parts = t.split(/(?<=[.!?;:])\s+|\n+/).filter((s) => words(s).length >= 3);
  return parts.length > 1 ? [t, ...parts] : [t];
}

/**
 * What an instruction to an AI names: its reader (an assistant, a model, a bot, the system ...) or
 * the controls it would turn (instructions, prompt, rules, labels, moderation, the reply). The
 * cue model learned the shape of an order from few phrasings and reads orders to people as well
 * ("@MrCatLoverx text me bitch" 0.85, "Quote this tweet with your favorite animal." 0.94): a row
 * that names neither is not reported for an instruction by the cue model alone. Broad words are
 * harmless here: they only let the model decide.
 */
export const MACHINE_READER =
  /\b(?:ai|a\.i\.|assistants?|models?|llms?|gpt[\w-]*|chatgpt|chat\s?bots?|bots?|claude|gemini|grok|copilot|bard|siri|alexa|cortana|system|classifiers?|annotators?|label(?:l)?ers?|moderat\w*|filters?|algorithms?|agents?|instructions?|prompts?|guidelines?|directives?|polic(?:y|ies)|rules?|labels?|labell?ed|labell?ing|classif\w*|override|ignore|disregard|jailbreak\w*|config\w*|respond|reply|output|print)\b/i;

/** Whether a row names a machine reader or its controls (MACHINE_READER), within the read cap. */
export const namesMachineReader = (text: string): boolean =>
  MACHINE_READER.test(text.length > MAX_CHARS ? text.slice(0, MAX_CHARS) : text);

export function cueProbability(model: HealthModel, text: string): number {
  const f = hashedFeatures(text, model.bits);
  let z = 0;
  for (const i of f) z += model.weights[i] ?? 0;
  return sigmoid(model.bias + (f.length > 0 ? z / Math.sqrt(f.length) : 0));
}

export interface InstructionSignal {
  /** Highest instruction-cue probability over the row's pieces (0 without a model). */
  cue: number;
  /** Highest injection score the scanner gave the row or one of its sentences. */
  scanner: number;
  /** The piece that scored highest, as evidence. */
  evidence: string;
  /** Whether the row names a machine reader or its controls (MACHINE_READER). */
  addressed: boolean;
}

/** `whole` is the scanner's injection score for the whole row, which the caller already has. */
export function instructionSignal(
  text: string,
  whole: number,
  scanner: TextThreatScanner,
  model: HealthModel | null,
): InstructionSignal {
  let cue = 0;
  let evidence = '';
  if (model) {
    for (const p of pieces(text)) {
      const c = cueProbability(model, p);
      if (c > cue) {
        cue = c;
        evidence = p;
      }
    }
  }
  let best = whole;
  // The scanner costs far more than the cue model, so sentences are scanned one by one only when
  // the cue model saw something instruction-like somewhere in the row (or there is no model).
  const scanSentences = !model || cue >= SENTENCE_SCAN_GATE;
  for (const s of scanSentences ? sentences(text).slice(1) : []) {
    const out = scanner(s);
    if (out.types.includes('injection') && out.score > best) {
      best = out.score;
      if (!model) evidence = s;
    }
  }
  return { cue, scanner: best, evidence: evidence.slice(0, 200), addressed: namesMachineReader(text) };
}
