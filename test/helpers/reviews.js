import { mulberry32 } from '../../src/util/prng.js';
/** A synthetic two-class review dataset for the detector tests (hand-made vocabulary, seeded). */
const POS = [
    'great',
    'lovely',
    'excellent',
    'wonderful',
    'enjoyed',
    'fantastic',
    'superb',
    'delightful',
    'charming',
    'brilliant',
];
const NEG = [
    'awful',
    'terrible',
    'boring',
    'horrible',
    'disappointing',
    'dreadful',
    'poor',
    'waste',
    'dull',
    'clumsy',
];
const FILL = [
    'the',
    'movie',
    'film',
    'plot',
    'acting',
    'story',
    'was',
    'really',
    'quite',
    'and',
    'with',
    'cast',
    'scenes',
    'music',
    'ending',
    'director',
    'pacing',
    'dialogue',
    'sets',
    'lighting',
    'camera',
    'script',
    'score',
    'hero',
    'villain',
    'twist',
    'sequel',
    'theatre',
    'evening',
    'friends',
];
export const rng = mulberry32;
export function reviewText(r, label) {
    const words = [];
    const lex = label === 'pos' ? POS : NEG;
    const n = 9 + Math.floor(r() * 5);
    for (let i = 0; i < n; i++) {
        const pick = i % 3 === 1 ? lex : FILL;
        words.push(pick[Math.floor(r() * pick.length)] ?? 'the');
    }
    return `${words.join(' ')}.`;
}
export function reviews(n, seed = 7) {
    const r = rng(seed);
    return Array.from({ length: n }, (_, i) => {
        const label = i % 2 === 0 ? 'pos' : 'neg';
        return { id: `r${i}`, text: reviewText(r, label), label };
    });
}
//# sourceMappingURL=reviews.js.map