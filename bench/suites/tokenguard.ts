/**
 * TokenGuard throughput: the guard's count path on 1 MB of English-like text against raw
 * gpt-tokenizer (countTokens and encode) on the same text, and the latency of guard.check() on
 * 1 KB prompts. The text is generated from a seeded generator, so runs are comparable.
 */
import { clearMergeCache, countTokens, encode } from 'gpt-tokenizer/encoding/o200k_base';
import { pino } from 'pino';
import { testConfig } from '../../src/config.js';
import { createTokenGuard } from '../../src/guards/tokenguard/index.js';
import { tokenGuardPayloadSchema } from '../../src/guards/tokenguard/schema.js';
import { PLAIN_TEXT } from '../../src/guards/tokenguard/tokenizer.js';
import type { Database } from '../../src/storage/db/types.js';
import { MemoryKeyValueStore } from '../../src/storage/kv/memory.js';
import { mulberry32 } from '../../src/util/prng.js';

export const name = 'tokenguard';

const WORDS = (
  'the of and to in is that for it as was with be by on not he this are or his from at which but have an ' +
  'they you were her she there been one all we their has would when if so no will more can about said what ' +
  'system report data model request user service network policy budget review market village river morning ' +
  'government question important different following another between during without however because ' +
  'quickly carefully usually several thousand analysis strategy customers engineers planning deployment'
).split(' ');

const rng = mulberry32;

const SYLLABLES = (
  'an ber cal den ex for gen hal in jo ker lan men nor op per qui ran sen ter un ver wil yon zer ' +
  'tion ing ment able ous ive ly ed er est ist ism ure ance ence al ic'
).split(' ');

/**
 * About 1 MB of English-like prose: common function words mixed with a few thousand invented
 * words drawn with a Zipf-like skew, so the tokenizer sees a realistic spread of rare and
 * frequent words instead of a tiny vocabulary that its merge cache would flatter.
 */
export function englishLikeText(bytes: number, seed = 42): string {
  const rand = rng(seed);
  const lexicon: string[] = [];
  for (let i = 0; i < 4000; i++) {
    const n = 1 + Math.floor(rand() * 3);
    let w = '';
    for (let j = 0; j < n; j++) w += SYLLABLES[Math.floor(rand() * SYLLABLES.length)] ?? 'a';
    lexicon.push(w);
  }
  const pick = () => {
    if (rand() < 0.55) return WORDS[Math.floor(rand() * WORDS.length)] ?? 'the';
    // Zipf-like: small indices far more often than large ones.
    return lexicon[Math.floor(lexicon.length * rand() ** 3)] ?? 'the';
  };
  const parts: string[] = [];
  let length = 0;
  let sentencesInParagraph = 0;
  while (length < bytes) {
    const n = 6 + Math.floor(rand() * 15);
    const words: string[] = [];
    for (let i = 0; i < n; i++) {
      let w = pick();
      if (i === 0) w = w.charAt(0).toUpperCase() + w.slice(1);
      if (i > 2 && i < n - 1 && rand() < 0.08) w += ',';
      if (rand() < 0.02) w = String(Math.floor(rand() * 2000));
      words.push(w);
    }
    const end = rand() < 0.1 ? '?' : '.';
    sentencesInParagraph++;
    const sep = sentencesInParagraph > 4 + Math.floor(rand() * 4) ? '\n\n' : ' ';
    if (sep === '\n\n') sentencesInParagraph = 0;
    const sentence = `${words.join(' ')}${end}${sep}`;
    parts.push(sentence);
    length += sentence.length;
  }
  return parts.join('').slice(0, bytes);
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
};
const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

async function timeIt(fn: () => unknown): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export async function run(): Promise<void> {
  const logger = pino({ level: 'silent' });
  const db = new Proxy({} as Database, {
    get() {
      throw new Error('TokenGuard does not use the database');
    },
  });
  const guard = createTokenGuard({ config: testConfig(), kv: new MemoryKeyValueStore(), db, logger });
  const ctx = { requestId: 'bench', signal: new AbortController().signal, logger };

  const text = englishLikeText(1024 * 1024);
  const payload = tokenGuardPayloadSchema.parse({ text, model: 'gpt-4o' });
  const tokens = countTokens(text);

  // Warm up both paths (module load, JIT, merge cache) before timing.
  await guard.check(payload, ctx);
  countTokens(text);
  encode(text);

  const rounds = 5;
  const raw: number[] = [];
  const rawPlain: number[] = [];
  const rawEncode: number[] = [];
  const viaGuard: number[] = [];
  let guardTokens = 0;
  for (let i = 0; i < rounds; i++) {
    raw.push(await timeIt(() => countTokens(text)));
    rawPlain.push(await timeIt(() => countTokens(text, PLAIN_TEXT)));
    viaGuard.push(
      await timeIt(async () => {
        guardTokens = (await guard.check(payload, ctx)).data.tokens;
      }),
    );
    rawEncode.push(await timeIt(() => encode(text).length));
  }
  if (guardTokens !== tokens) throw new Error(`guard counted ${guardTokens}, gpt-tokenizer ${tokens}`);
  const rate = (ms: number) => Math.round(tokens / (ms / 1000));
  const rawRate = rate(median(raw));
  const guardRate = rate(median(viaGuard));
  console.log(
    `text: ${(text.length / 1024).toFixed(0)} KiB, ${tokens} o200k tokens, median of ${rounds} rounds`,
  );
  console.log(`raw gpt-tokenizer countTokens: ${rawRate} tokens/s (${median(raw).toFixed(1)} ms)`);
  console.log(
    `raw countTokens, special tokens as text (the guard's options): ${rate(median(rawPlain))} tokens/s (${median(rawPlain).toFixed(1)} ms)`,
  );
  console.log(
    `raw gpt-tokenizer encode:      ${rate(median(rawEncode))} tokens/s (${median(rawEncode).toFixed(1)} ms)`,
  );
  console.log(`TokenGuard check():            ${guardRate} tokens/s (${median(viaGuard).toFixed(1)} ms)`);
  console.log(`ratio guard/raw countTokens: ${(guardRate / rawRate).toFixed(3)} (target >= 0.9)`);
  console.log(
    `ratio guard/raw countTokens with the same options: ${(guardRate / rate(median(rawPlain))).toFixed(3)}`,
  );

  // Cold merge cache: what a process sees on text it has not tokenized before.
  const coldRaw: number[] = [];
  const coldGuard: number[] = [];
  for (let i = 0; i < 3; i++) {
    clearMergeCache();
    coldRaw.push(await timeIt(() => countTokens(text)));
    clearMergeCache();
    coldGuard.push(await timeIt(() => guard.check(payload, ctx)));
  }
  const coldRawRate = rate(median(coldRaw));
  const coldGuardRate = rate(median(coldGuard));
  console.log(
    `cold merge cache: raw countTokens ${coldRawRate} tokens/s, TokenGuard ${coldGuardRate} tokens/s, ratio ${(coldGuardRate / coldRawRate).toFixed(3)}`,
  );

  // Latency on 1 KB prompts: distinct slices, so the merge cache does not flatter the figure.
  const prompts = Array.from({ length: 256 }, (_, i) =>
    tokenGuardPayloadSchema.parse({ text: text.slice(i * 4096, i * 4096 + 1024) }),
  );
  for (const p of prompts) await guard.check(p, ctx);
  const iterations = 5000;
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const p = prompts[i % prompts.length] ?? prompts[0];
    if (!p) break;
    const start = process.hrtime.bigint();
    await guard.check(p, ctx);
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  samples.sort((a, b) => a - b);
  console.log(
    `check() on 1 KB prompts (${iterations} calls): p50 ${percentile(samples, 50).toFixed(3)} ms, p99 ${percentile(samples, 99).toFixed(3)} ms`,
  );
}
