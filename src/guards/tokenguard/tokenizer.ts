/**
 * Token counting. The two OpenAI encodings that gpt-tokenizer ships offline (o200k_base and
 * cl100k_base) give exact counts; every other model family gets an estimate that says it is one.
 * Encodings are loaded lazily on first use (about 150 ms for o200k_base) and kept in a
 * module-level cache, so no request ever loads or builds a table.
 */

import { boundedEncoding } from './bounded.js';

export type EncodingName = 'o200k_base' | 'cl100k_base';

/** The slice of gpt-tokenizer's per-encoding API that TokenGuard uses. */
export interface Encoding {
  countTokens(text: string, options?: EncodeOptions): number;
  encode(text: string, options?: EncodeOptions): number[];
  decode(tokens: Iterable<number>): string;
}

interface EncodeOptions {
  disallowedSpecial?: Set<string>;
}

/**
 * User text may contain strings such as `<|endoftext|>`. gpt-tokenizer throws on them by default;
 * counting them as ordinary text is what the provider does for user content, and it also skips the
 * library's per-call special-token scan of the input.
 */
export const PLAIN_TEXT: EncodeOptions = Object.freeze({ disallowedSpecial: new Set<string>() });

const loaded = new Map<EncodingName, Encoding>();
const loading = new Map<EncodingName, Promise<Encoding>>();

async function importEncoding(name: EncodingName): Promise<Encoding> {
  // Literal specifiers keep the imports visible to bundlers and type checking.
  if (name === 'o200k_base') return import('gpt-tokenizer/encoding/o200k_base');
  return import('gpt-tokenizer/encoding/cl100k_base');
}

/** The encoding, loading it once; concurrent first callers share one import. */
export function loadEncoding(name: EncodingName): Promise<Encoding> {
  const ready = loaded.get(name);
  if (ready) return Promise.resolve(ready);
  let pending = loading.get(name);
  if (!pending) {
    pending = importEncoding(name).then((encoding) => {
      loaded.set(name, encoding);
      loading.delete(name);
      return encoding;
    });
    loading.set(name, pending);
  }
  return pending;
}

/** The encoding when it is already loaded, so the hot path can skip the promise. */
export const loadedEncoding = (name: EncodingName): Encoding | undefined => loaded.get(name);

/** How a model's tokens are counted: exactly with an encoding, or estimated from one. */
export type CountingMethod =
  | { kind: 'exact'; encoding: EncodingName }
  | { kind: 'scaled'; encoding: EncodingName; factor: number; note: string };

export interface TokenizerInfo {
  exact: boolean;
  method: string;
  encoding: EncodingName;
}

export const describeMethod = (method: CountingMethod): TokenizerInfo => {
  switch (method.kind) {
    case 'exact':
      return { exact: true, method: `${method.encoding} (gpt-tokenizer)`, encoding: method.encoding };
    case 'scaled':
      return {
        exact: false,
        method: `estimate: ${method.encoding} count x ${method.factor} (${method.note})`,
        encoding: method.encoding,
      };
  }
};

/** A counter bound to one model's method; `count` is synchronous once the encoding is loaded. */
export interface TokenCounter {
  info: TokenizerInfo;
  count(text: string): number;
  /** The underlying encoding (truncation needs encode/decode as a last resort). */
  encoding: Encoding;
}

const counters = new Map<CountingMethod, TokenCounter>();

/**
 * The counter for a counting method, built once per method (methods are module constants in
 * models.ts, so identity is a safe key) and returned synchronously after the first call.
 */
export function counterFor(method: CountingMethod): TokenCounter | Promise<TokenCounter> {
  return counters.get(method) ?? buildCounter(method);
}

async function buildCounter(method: CountingMethod): Promise<TokenCounter> {
  const counter = await createCounter(method);
  counters.set(method, counter);
  return counter;
}

async function createCounter(method: CountingMethod): Promise<TokenCounter> {
  const info = describeMethod(method);
  // Long runs of one kind of character are encoded in bounded parts, so counting stays linear.
  const encoding = boundedEncoding(loadedEncoding(method.encoding) ?? (await loadEncoding(method.encoding)));
  if (method.kind === 'exact') {
    return {
      info,
      encoding,
      count: (text) => (text.length === 0 ? 0 : encoding.countTokens(text, PLAIN_TEXT)),
    };
  }
  const factor = method.factor;
  return {
    info,
    encoding,
    count: (text) => (text.length === 0 ? 0 : Math.ceil(encoding.countTokens(text, PLAIN_TEXT) * factor)),
  };
}

export interface ChatMessage {
  role: string;
  content: string;
  name?: string | undefined;
}

/**
 * OpenAI's documented chat overhead (openai-cookbook "How to count tokens with tiktoken", models
 * from gpt-3.5-turbo-0613 on): 3 tokens per message (<|im_start|>, separator, <|im_end|>), 1 more
 * when a name is given, and 3 to prime the assistant's reply. The unit test checks this against
 * gpt-tokenizer's encodeChat.
 */
export const TOKENS_PER_MESSAGE = 3;
export const TOKENS_PER_NAME = 1;
export const REPLY_PRIMING_TOKENS = 3;

export function countChat(messages: readonly ChatMessage[], counter: TokenCounter): number {
  let total = REPLY_PRIMING_TOKENS;
  for (const message of messages) {
    total += TOKENS_PER_MESSAGE + counter.count(message.role) + counter.count(message.content);
    if (message.name) total += TOKENS_PER_NAME + counter.count(message.name);
  }
  return total;
}
