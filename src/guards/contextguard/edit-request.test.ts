import { describe, expect, it } from 'vitest';
import { editsLastAnswer } from './edit-request.js';

describe('edit requests', () => {
  it.each([
    'Make it more polite.',
    'Can you make the second one sound more luxurious?',
    'Use fewer adjectives.',
    'Shorten it to three sentences.',
    'Okay, now rewrite the opening paragraph so it mentions my SQL experience.',
    'Give me two more versions with a different style.',
    'Could you make the dialogue less formal?',
    'Turn it into a table.',
    'Expand the third section.',
    'Translate it into Spanish.',
    'Can you summarize that in one line?',
    'Explain the second one.',
  ])('reads "%s" as rework of the last answer', (text) => {
    expect(editsLastAnswer(text)).toBe(true);
  });

  // New tasks, including ones that bring the text to rework (HaluEval user queries).
  it.each([
    'Rewrite the following paragraph to make it more interesting: "An algorithm is a set of instructions."',
    'Rewrite the poem "The Road Not Taken" in your own words.',
    'Edit this sentence about cancer. Cancer is a minor health problem.',
    'Write a poem about the sea.',
    'Translate "good morning" into Japanese.',
    'Summarize the main causes of the French Revolution.',
    'Explain the difference between TCP and UDP.',
    'Give me more information about mortgage rates in Spain.',
    'What are good exercises for lower back pain?',
    'Recommend some board games for a family of four.',
  ])('reads "%s" as a request of its own', (text) => {
    expect(editsLastAnswer(text)).toBe(false);
  });
});
