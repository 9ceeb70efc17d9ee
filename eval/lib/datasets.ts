import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The shared evaluation data lives beside the project: ../shared/datasets (never copied in). */
export const DATASETS_DIR =
  process.env.DATASETS_DIR ?? fileURLToPath(new URL('../../../shared/datasets/', import.meta.url));

export function readJsonl<T>(relativePath: string): T[] {
  const path = `${DATASETS_DIR}/${relativePath}`;
  if (!existsSync(path)) throw new Error(`dataset not found: ${path} (set DATASETS_DIR)`);
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line) as T);
}

/** A JSON-lines probe of this repository's eval/data folder (written for the evaluation). */
export function readProbe<T>(file: string): T[] {
  return readFileSync(new URL(`../data/${file}`, import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line) as T);
}
