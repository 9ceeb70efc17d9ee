import { describe, expect, it } from 'vitest';
import { MemoryKeyValueStore } from '../../storage/kv/memory.js';
import { detectPii, piiDetector } from './pii/index.js';
import { entitiesFromFindings, redact } from './redact.js';
import { secretsDetector } from './secrets/index.js';
import { createVault, deanonymize, vaultKey } from './vault.js';

const text =
  'Ana Lima (ana.lima@example.com) and Bo (bo@example.net) wrote; ana.lima@example.com again. Card 4111 1111 1111 1111.';
const entities = () => detectPii(text).filter((e) => e.type !== 'PERSON');

describe('redact', () => {
  it('masks by type', () => {
    expect(redact(text, entities(), { mode: 'mask' }).text).toBe(
      'Ana Lima ([EMAIL]) and Bo ([EMAIL]) wrote; [EMAIL] again. Card [CREDIT_CARD].',
    );
  });

  it('numbers placeholders per type, the same value getting the same one', () => {
    expect(redact(text, entities(), { mode: 'placeholder' }).text).toBe(
      'Ana Lima ([EMAIL_1]) and Bo ([EMAIL_2]) wrote; [EMAIL_1] again. Card [CREDIT_CARD_1].',
    );
  });

  it('hashes with the deployment salt and keeps the last four in partial mode', () => {
    const a = redact(text, entities(), { mode: 'hash', salt: 's1' }).text;
    const b = redact(text, entities(), { mode: 'hash', salt: 's2' }).text;
    expect(a).not.toBe(b);
    expect(a).toMatch(/\[EMAIL:[0-9a-f]{12}\]/);
    expect(redact(text, entities(), { mode: 'partial' }).text).toContain('**** **** **** 1111');
  });

  it('resolves overlapping spans: the longer, higher-confidence span wins', () => {
    const out = redact(
      'call 555-0100-22',
      [
        { type: 'PHONE', start: 5, end: 16, score: 0.9 },
        { type: 'ZIP', start: 5, end: 8, score: 0.5 },
      ],
      { mode: 'mask' },
    );
    expect(out.text).toBe('call [PHONE]');
  });
});

describe('entitiesFromFindings', () => {
  it('redacts PII and secrets straight from detector findings', () => {
    const ctx = { mode: 'input' as const, canaries: [] };
    const input = `mail li@example.com token npm_${'a1B2c3D4e5'.repeat(3)}zZ9y8X`;
    const findings = [...piiDetector.detect(input, ctx), ...secretsDetector.detect(input, ctx)];
    expect(redact(input, entitiesFromFindings(findings), { mode: 'mask' }).text).toBe(
      'mail [EMAIL] token [SECRET]',
    );
  });
});

describe('vault', () => {
  it('de-anonymizes a redacted text back to the exact original', async () => {
    const kv = new MemoryKeyValueStore();
    const vault = createVault(kv, 60);
    const original = `${text} Literal [EMAIL_1] stays.`;
    const red = await vault.redact(original, detectPii(original), 's-1');
    expect(red.text).not.toContain('ana.lima@example.com');
    expect(await vault.deanonymize(red.text, 's-1')).toBe(original);
    expect(await deanonymize(red.text, 's-1', kv)).toBe(original);
    expect(await kv.ttl(vaultKey('s-1'))).toBeGreaterThan(0);
    // Another session cannot restore it.
    expect(await vault.deanonymize(red.text, 's-2')).toBe(red.text);
    await kv.close();
  });

  it('keeps placeholders stable across calls in one session', async () => {
    const kv = new MemoryKeyValueStore();
    const vault = createVault(kv, 60);
    const first = await vault.redact('mail a@example.com', detectPii('mail a@example.com'), 's');
    const second = await vault.redact(
      'b@example.com then a@example.com',
      detectPii('b@example.com then a@example.com'),
      's',
    );
    expect(first.text).toBe('mail [EMAIL_1]');
    expect(second.text).toBe('[EMAIL_2] then [EMAIL_1]');
    await kv.close();
  });

  it('forgets the mapping when the TTL expires', async () => {
    const kv = new MemoryKeyValueStore();
    const vault = createVault(kv, 1);
    const red = await vault.redact('mail a@example.com', detectPii('mail a@example.com'), 'ttl');
    expect(await vault.deanonymize(red.text, 'ttl')).toBe('mail a@example.com');
    await new Promise((r) => setTimeout(r, 1100));
    expect(await vault.deanonymize(red.text, 'ttl')).toBe('mail [EMAIL_1]');
    await kv.close();
  });
});

describe('placeholder redaction at scale', () => {
  it('gives each of thousands of values one placeholder, reuses it, and skips numbers already in the text', () => {
    const values = Array.from({ length: 3000 }, (_, i) => `user${i}@example.org`);
    const text = `[EMAIL_2] ${values.join(' ')} ${values[0]}`;
    const found = detectPii(text).filter((e) => e.type === 'EMAIL');
    expect(found).toHaveLength(3001);
    const state = { counters: {}, values: {} };
    const out = redact(text, found, { mode: 'placeholder', state }).text;
    const placeholders = out.match(/\[EMAIL_\d+\]/g) ?? [];
    // The caller's own [EMAIL_2] stays, and no value is given that number.
    expect(placeholders[0]).toBe('[EMAIL_2]');
    expect(new Set(placeholders.slice(1)).size).toBe(3000);
    expect(placeholders.at(-1)).toBe(placeholders[1]);
    expect(Object.keys(state.values)).not.toContain('[EMAIL_2]');
  });
});
