import { afterAll, describe, expect, it } from 'vitest';
import { SentenceEncoder } from './encoder.js';

/** Cosine of two unit vectors. */
const dot = (a: Float32Array, b: Float32Array): number => a.reduce((s, x, i) => s + x * (b[i] ?? 0), 0);

// The real model in its real worker thread: loading it takes about a second.
const encoder = new SentenceEncoder({ maxChars: 200 });
const LONG = 60_000;

afterAll(async () => {
  await encoder.close();
});

describe('SentenceEncoder', () => {
  it('places a follow-up question nearer its conversation than an unrelated request', async () => {
    const v = await encoder.embed(
      'org-a',
      [
        'Our Kubernetes pods restart with CrashLoopBackOff after the last deploy.',
        'Should I raise the memory limit?',
        'Give me a lemon drizzle cake recipe for ten guests.',
      ],
      LONG,
    );
    expect(v).not.toBeNull();
    const [pods, memory, cake] = v ?? [];
    if (!pods || !memory || !cake) throw new Error('missing vectors');
    expect(pods).toHaveLength(512);
    expect(dot(pods, pods)).toBeCloseTo(1, 4);
    expect(dot(pods, memory)).toBeGreaterThan(dot(pods, cake) + 0.1);
  });

  it('gives a text the same vector alone as in a batch', async () => {
    const text = 'How long does it usually take for a shy cat to settle in?';
    const [inBatch] =
      (await encoder.embed('org-batch', [text, 'An unrelated sentence about tax returns.'], LONG)) ?? [];
    const other = new SentenceEncoder();
    const [alone] = (await other.embed('org-batch', [text], LONG)) ?? [];
    await other.close();
    if (!inBatch || !alone) throw new Error('missing vectors');
    expect(dot(inBatch, alone)).toBeGreaterThan(0.999);
  });

  it('encodes only the first maxChars characters of a long text', async () => {
    const head = 'The quarterly report shows revenue growth in every region we operate in. '.repeat(3);
    const long = head + 'x'.repeat(100_000);
    const v = await encoder.embed('org-a', [head.slice(0, 200), long], LONG);
    if (!v?.[0] || !v[1]) throw new Error('missing vectors');
    expect(dot(v[0], v[1])).toBeGreaterThan(0.9999);
  });

  it('answers null past the deadline, and the late answer fills the cache', async () => {
    const late = 'A sentence nobody has encoded before, about migrating birds over the Alps.';
    expect(await encoder.embed('org-a', [late], 0)).toBeNull();
    // The thread answers in order: once a later request is answered, the first one is cached.
    await encoder.embed('org-a', ['Another sentence, queued behind it.'], LONG);
    const cached = await encoder.embed('org-a', [late], 0);
    expect(cached).not.toBeNull();
  });

  it('keeps each organization’s cache apart', async () => {
    const text = 'Quarterly figures of the Lisbon office, shared with the board only.';
    expect(await encoder.embed('org-a', [text], LONG)).not.toBeNull();
    // Cached for org-a only: org-b has to wait for the thread, and a zero deadline does not.
    expect(await encoder.embed('org-b', [text], 0)).toBeNull();
    expect(await encoder.embed('org-a', [text], 0)).not.toBeNull();
  });

  it('refuses at once when too many batches wait, and answers null after close', async () => {
    const small = new SentenceEncoder({ maxQueued: 1 });
    const first = small.embed('org-a', ['One sentence to load the model with.'], LONG);
    expect(await small.embed('org-a', ['A second sentence while the first waits.'], LONG)).toBeNull();
    expect(await first).not.toBeNull();
    const pending = small.embed('org-a', ['A sentence asked just before the encoder closes.'], LONG);
    await small.close();
    expect(await pending).toBeNull();
  });
});

describe('SentenceEncoder whose thread fails', () => {
  it('answers null, says why, and does not ask again', async () => {
    const broken = new SentenceEncoder({ worker: { from: import.meta.url, name: './test-helpers' } });
    expect(broken.failure).toBeNull();
    expect(await broken.embed('org-a', ['Any sentence at all.'], LONG)).toBeNull();
    expect(broken.failure).toMatch(/model files missing|exited/);
    // Failed: refused at once, without a thread.
    expect(await broken.embed('org-a', ['Another sentence.'], LONG)).toBeNull();
    await broken.close();
  });
});
