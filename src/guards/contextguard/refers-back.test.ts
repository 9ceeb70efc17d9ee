import { describe, expect, it } from 'vitest';
import { refersBack } from './refers-back.js';

describe('a turn that points back at what was said', () => {
  it.each([
    'Is polars faster for a group-by on that size?',
    "What's the difference between an NLB and an ALB again?",
    'What about the extensions, like PostGIS, you mentioned earlier?',
    'Should I eat something before those early morning runs?',
    'As you said, should I start with the C major scale?',
  ])('reads it as a follow-up: %s', (text) => expect(refersBack(text)).toBe(true));

  it.each([
    'What was that movie with Tom Hanks stranded on an island?',
    'Is it true that cats can see in the dark?',
    'Can you recommend a good thriller novel for a long flight?',
    'I think that you should explain mortgages to me.',
    'Tell me again.'.repeat(40),
  ])('leaves a new thing alone: %s', (text) => expect(refersBack(text)).toBe(false));
});
