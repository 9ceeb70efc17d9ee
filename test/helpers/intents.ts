import type { DatasetRow } from '../../src/guards/healthguard/dataset/types.js';
import { mulberry32 } from '../../src/util/prng.js';

/**
 * A synthetic support-intent dataset (billing, shipping, returns, account) written from templates,
 * so every template word is pure to its intent: hundreds of class keywords, as in real intent sets.
 */
const ITEMS = [
  'blender',
  'jacket',
  'phone case',
  'desk lamp',
  'running shoes',
  'coffee grinder',
  'backpack',
  'monitor',
];
const TEMPLATES: Record<string, ((item: string, n: number) => string)[]> = {
  billing: [
    (_i, n) => `I was charged twice for order ${n}, can you refund the extra charge?`,
    (i) => `Why does my card statement show a different amount than the ${i} price?`,
    (_i, n) => `My invoice ${n} has the wrong VAT number on it.`,
    (i) => `The discount code didn't apply when I paid for the ${i}.`,
    () => 'Can I switch my payment method to PayPal for future orders?',
  ],
  shipping: [
    (_i, n) => `Where is my package? Tracking for ${n} hasn't moved in four days.`,
    (i) => `The ${i} was supposed to arrive yesterday and it's still not here.`,
    () => 'Do you ship to Canada and how long does it take?',
    (i, n) => `Courier says delivered but I never got the ${i} (order ${n}).`,
    () => 'Is express shipping available on weekends?',
  ],
  returns: [
    (i) => `The ${i} stopped working after a week, how do I return it?`,
    (i) => `I'd like to exchange the ${i} for a different size.`,
    (_i, n) => `I sent the return for ${n} two weeks ago, when will I get my money back?`,
    (i) => `The ${i} arrived damaged, I want a replacement.`,
    () => 'Do I have to pay for the return label?',
  ],
  account: [
    () => "I can't log in, the reset email never arrives.",
    () => 'How do I delete my account and my data?',
    () => 'Someone changed the email on my account, please help.',
    () => 'How do I turn off the marketing emails?',
    (_i, n) => `My loyalty points from order ${n} are missing.`,
  ],
};

export const INTENTS = Object.keys(TEMPLATES);

export function intents(n: number, seed = 5): DatasetRow[] {
  const rand = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  return Array.from({ length: n }, (_, i) => {
    const label = pick(INTENTS);
    const text = pick(TEMPLATES[label] ?? [])(pick(ITEMS), 100000 + Math.floor(rand() * 900000));
    return { id: `r${i}`, text, label };
  });
}
