import { countTokens as o200kCount, encode as o200kEncode } from 'gpt-tokenizer/encoding/o200k_base';
import { encodeChat as gpt4EncodeChat } from 'gpt-tokenizer/model/gpt-4';
import { encodeChat as gpt4oEncodeChat } from 'gpt-tokenizer/model/gpt-4o';
import { describe, expect, it } from 'vitest';
import { CLAUDE_ESTIMATE } from './models.js';
import {
  countChat,
  counterFor,
  REPLY_PRIMING_TOKENS,
  TOKENS_PER_MESSAGE,
  TOKENS_PER_NAME,
} from './tokenizer.js';

describe('tokenizer', () => {
  it('counts "Hello world" exactly as o200k_base does (2 tokens: 13225, 2375)', async () => {
    const counter = await counterFor({ kind: 'exact', encoding: 'o200k_base' });
    expect(counter.count('Hello world')).toBe(o200kCount('Hello world'));
    expect(o200kEncode('Hello world')).toEqual([13225, 2375]);
    expect(counter.count('Hello world')).toBe(2);
    expect(counter.info).toMatchObject({ exact: true, encoding: 'o200k_base' });
  });

  it('counts text with special-token strings as ordinary text instead of throwing', async () => {
    const counter = await counterFor({ kind: 'exact', encoding: 'o200k_base' });
    expect(counter.count('a <|endoftext|> b')).toBeGreaterThan(3);
  });

  it('returns the same counter object on later calls (loaded once, not per call)', async () => {
    const method = { kind: 'exact', encoding: 'cl100k_base' } as const;
    const first = await counterFor(method);
    const second = counterFor(method);
    expect(second).toBe(first);
  });

  it("applies OpenAI's chat overhead and agrees with gpt-tokenizer's encodeChat (o200k and cl100k)", async () => {
    const chat = [
      { role: 'system', content: 'You are a terse assistant.' },
      { role: 'user', content: 'Summarise the plot of Hamlet in one line.' },
      { role: 'assistant', content: 'A prince avenges his father and everyone dies.' },
    ];
    const o200k = await counterFor({ kind: 'exact', encoding: 'o200k_base' });
    const cl100k = await counterFor({ kind: 'exact', encoding: 'cl100k_base' });
    expect(countChat(chat, o200k)).toBe(gpt4oEncodeChat(chat).length);
    expect(countChat(chat, cl100k)).toBe(gpt4EncodeChat(chat).length);
    const contentOnly = chat.reduce((n, m) => n + o200k.count(m.role) + o200k.count(m.content), 0);
    expect(countChat(chat, o200k)).toBe(
      contentOnly + chat.length * TOKENS_PER_MESSAGE + REPLY_PRIMING_TOKENS,
    );
  });

  it('adds one token plus the name for a named message (cookbook rule)', async () => {
    const o200k = await counterFor({ kind: 'exact', encoding: 'o200k_base' });
    const plain = countChat([{ role: 'user', content: 'Hi' }], o200k);
    const named = countChat([{ role: 'user', content: 'Hi', name: 'alice' }], o200k);
    expect(named - plain).toBe(TOKENS_PER_NAME + o200k.count('alice'));
  });

  it('scales the o200k count for a Claude estimate and says it is one', async () => {
    const claude = await counterFor(CLAUDE_ESTIMATE);
    const text = 'The committee will reconvene next Tuesday to review the budget proposal.';
    expect(claude.count(text)).toBe(Math.ceil(o200kCount(text) * 1.2));
    expect(claude.info.exact).toBe(false);
    expect(claude.info.method).toMatch(/estimate: o200k_base count x 1\.2/);
  });
});
