import { readFile } from 'node:fs/promises';
import { AppError } from '../../../errors.js';
import type { DatasetRow } from './types.js';

/**
 * Reads a dataset file for the CLI: JSON Lines (one object per line) or CSV with a header row.
 * Text comes from `text`, `content`, `prompt` or `sentence`; the label from `label` or `class`;
 * the id from `id` (else the row number).
 */

export const TEXT_FIELDS = ['text', 'content', 'prompt', 'sentence', 'input'];
const LABEL_FIELDS = ['label', 'class', 'target'];

export function toRow(obj: Record<string, unknown>, n: number): DatasetRow | undefined {
  const textKey = TEXT_FIELDS.find((k) => typeof obj[k] === 'string');
  if (!textKey) return undefined;
  const labelKey = LABEL_FIELDS.find((k) => obj[k] !== undefined && obj[k] !== null && obj[k] !== '');
  return {
    id: obj.id === undefined || obj.id === null ? String(n) : String(obj.id),
    text: String(obj[textKey]),
    ...(labelKey ? { label: String(obj[labelKey]) } : {}),
  };
}

/** RFC 4180 CSV: quoted fields, doubled quotes, newlines inside quotes. */
export function parseCsv(input: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (quoted) {
      if (c === '"') {
        if (input[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
      continue;
    }
    if (c === '"' && field.length === 0) quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && input[i + 1] === '\n') i++;
      row.push(field);
      field = '';
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
    } else field += c;
  }
  if (field.length > 0 || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

export function parseDataset(content: string, format: 'jsonl' | 'csv'): DatasetRow[] {
  const rows: DatasetRow[] = [];
  if (format === 'jsonl') {
    const lines = content.split('\n');
    lines.forEach((line, n) => {
      if (line.trim() === '') return;
      let obj: unknown;
      try {
        obj = JSON.parse(line);
      } catch {
        throw new AppError('INVALID_FILE', `line ${n + 1} is not valid JSON`);
      }
      const row = obj && typeof obj === 'object' ? toRow(obj as Record<string, unknown>, n) : undefined;
      if (!row)
        throw new AppError('INVALID_FILE', `line ${n + 1} has no text field (${TEXT_FIELDS.join(', ')})`);
      rows.push(row);
    });
    return rows;
  }
  const [header, ...body] = parseCsv(content);
  if (!header) return rows;
  const keys = header.map((h) => h.trim().toLowerCase());
  body.forEach((cells, n) => {
    const obj = Object.fromEntries(keys.map((k, j) => [k, cells[j]]));
    const row = toRow(obj, n + 1);
    if (!row) throw new AppError('INVALID_FILE', `CSV needs a text column (${TEXT_FIELDS.join(', ')})`);
    rows.push(row);
  });
  return rows;
}

export async function readDatasetFile(path: string): Promise<DatasetRow[]> {
  let content: string;
  try {
    content = await readFile(path, 'utf8');
  } catch (err) {
    throw new AppError('INVALID_FILE', `cannot read ${path}: ${(err as Error).message}`);
  }
  const format = /\.csv$/i.test(path) ? 'csv' : 'jsonl';
  return parseDataset(content, format);
}
