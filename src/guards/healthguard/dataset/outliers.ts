import type { DatasetRow, ReasonSink } from './types.js';

/**
 * Outliers in length and character make-up, by robust z-scores (median and MAD), and rows whose
 * dominant script differs from the dataset's. Outliers are reported with a low score: unusual is
 * not poisoned, but it is where injected content tends to show.
 */

export interface OutlierOptions {
  zLimit: number;
}

const SCRIPTS: [string, RegExp][] = [
  ['Latin', /\p{Script=Latin}/u],
  ['Cyrillic', /\p{Script=Cyrillic}/u],
  ['Greek', /\p{Script=Greek}/u],
  ['Arabic', /\p{Script=Arabic}/u],
  ['Han', /\p{Script=Han}/u],
  ['Hebrew', /\p{Script=Hebrew}/u],
  ['Devanagari', /\p{Script=Devanagari}/u],
  ['Hangul', /\p{Script=Hangul}/u],
  ['Hiragana', /[\p{Script=Hiragana}\p{Script=Katakana}]/u],
];

function dominantScript(text: string): string | undefined {
  const counts = new Map<string, number>();
  let n = 0;
  for (const ch of text) {
    if (!/\p{L}/u.test(ch)) continue;
    n++;
    for (const [name, re] of SCRIPTS) {
      if (re.test(ch)) {
        counts.set(name, (counts.get(name) ?? 0) + 1);
        break;
      }
    }
    if (n >= 200) break;
  }
  let best: string | undefined;
  let max = 0;
  for (const [k, v] of counts) if (v > max) [best, max] = [k, v];
  return n >= 5 ? best : undefined;
}

function features(text: string): number[] {
  let letters = 0;
  let digits = 0;
  let upper = 0;
  let space = 0;
  let nonAscii = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 127) nonAscii++;
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) letters++;
    if (c >= 65 && c <= 90) upper++;
    if (c >= 48 && c <= 57) digits++;
    if (c === 32 || c === 9 || c === 10) space++;
  }
  const n = Math.max(1, text.length);
  const symbols = n - letters - digits - space - nonAscii;
  return [Math.log1p(text.length), digits / n, symbols / n, nonAscii / n, letters > 0 ? upper / letters : 0];
}
const FEATURE_NAMES = ['length', 'digit share', 'symbol share', 'non-ASCII share', 'upper-case share'];

const median = (xs: Float64Array): number => {
  const s = Float64Array.from(xs).sort();
  return s.length === 0 ? 0 : (s[Math.floor(s.length / 2)] ?? 0);
};

export function findOutliers(
  rows: DatasetRow[],
  sink: ReasonSink,
  opts: OutlierOptions = { zLimit: 6 },
): void {
  const N = rows.length;
  if (N < 20) return;
  const F = FEATURE_NAMES.length;
  const cols = Array.from({ length: F }, () => new Float64Array(N));
  const scripts: (string | undefined)[] = new Array(N);
  const scriptCounts = new Map<string, number>();
  rows.forEach((row, i) => {
    const f = features(row.text);
    for (let k = 0; k < F; k++) (cols[k] as Float64Array)[i] = f[k] ?? 0;
    const s = dominantScript(row.text);
    scripts[i] = s;
    if (s) scriptCounts.set(s, (scriptCounts.get(s) ?? 0) + 1);
  });
  const stats = cols.map((col) => {
    const med = median(col);
    const mad = median(col.map((x) => Math.abs(x - med)));
    return { med, scale: 1.4826 * mad + 0.02 };
  });
  let mainScript: string | undefined;
  let max = 0;
  for (const [k, v] of scriptCounts) if (v > max) [mainScript, max] = [k, v];
  for (let i = 0; i < N; i++) {
    const parts: string[] = [];
    let worst = 0;
    for (let k = 0; k < F; k++) {
      const st = stats[k];
      if (!st) continue;
      const z = Math.abs(((cols[k]?.[i] ?? 0) - st.med) / st.scale);
      if (z >= opts.zLimit) {
        parts.push(`${FEATURE_NAMES[k]} (z=${z.toFixed(1)})`);
        worst = Math.max(worst, z);
      }
    }
    const s = scripts[i];
    if (s && mainScript && s !== mainScript && max / N > 0.8)
      parts.push(`script ${s} in a ${mainScript} dataset`);
    if (parts.length > 0) {
      sink(i, {
        type: 'outlier',
        score: Math.min(0.45, 0.25 + worst / 100),
        detail: `unusual ${parts.join(', ')}`,
      });
    }
  }
}
