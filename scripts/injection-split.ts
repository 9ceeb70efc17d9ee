/**
 * The deterministic train/held-out split of the injection data, shared by the training script and
 * the evaluation: within each `source`, rows are ordered by a hash of their id and the first 20%
 * are held out, so every source is represented on both sides and the split never changes.
 */

export interface InjectionRow {
  id: string;
  text: string;
  label: 'attack' | 'benign';
  source: string;
  category?: string;
}

export const HELD_OUT_SHARE = 0.2;

export function hashId(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export function splitRows(rows: InjectionRow[]): { train: InjectionRow[]; test: InjectionRow[] } {
  const bySource = new Map<string, InjectionRow[]>();
  for (const r of rows) {
    const list = bySource.get(r.source) ?? [];
    list.push(r);
    bySource.set(r.source, list);
  }
  const train: InjectionRow[] = [];
  const test: InjectionRow[] = [];
  for (const list of bySource.values()) {
    const sorted = [...list].sort((a, b) => hashId(a.id) - hashId(b.id) || a.id.localeCompare(b.id));
    const cut = Math.round(sorted.length * HELD_OUT_SHARE);
    test.push(...sorted.slice(0, cut));
    train.push(...sorted.slice(cut));
  }
  return { train, test };
}
