import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../errors.js';
import { parseDataset } from '../dataset/file.js';
import type { DatasetRow } from '../dataset/types.js';
import { readRows } from './row-stream.js';

/** Splits `text` into chunks of `size` bytes, so records straddle chunk borders (and UTF-8 characters too). */
const chunked = (text: string, size: number) => {
  const buf = Buffer.from(text, 'utf8');
  const parts: Buffer[] = [];
  for (let i = 0; i < buf.length; i += size) parts.push(buf.subarray(i, i + size));
  return Readable.from(parts);
};

async function collect(
  stream: Readable,
  format: 'jsonl' | 'csv',
  maxRowBytes?: number,
): Promise<DatasetRow[]> {
  const rows: DatasetRow[] = [];
  for await (const row of readRows(stream, { format, ...(maxRowBytes ? { maxRowBytes } : {}) }))
    rows.push(row);
  return rows;
}

const jsonl = [
  '{"id":"a","text":"héllo wörld ✓","label":"pos"}',
  '',
  '{"id":7,"content":"second, with \\"quotes\\"","class":"neg"}',
  '{"prompt":"no id nor label"}',
].join('\n');

const csv =
  'id,text,label\r\n1,"multi\nline, with ""quotes""",pos\n2,plain ✓,neg\n\n3,"",pos\n4,"ends with quote""",neg';

describe('readRows', () => {
  it.each([1, 2, 3, 7, 64, 100_000])(
    'reads JSONL like the whole-file parser, in %i-byte chunks',
    async (size) => {
      expect(await collect(chunked(jsonl, size), 'jsonl')).toEqual(parseDataset(jsonl, 'jsonl'));
    },
  );

  it.each([1, 2, 3, 5, 64, 100_000])(
    'reads CSV like the whole-file parser, in %i-byte chunks',
    async (size) => {
      expect(await collect(chunked(csv, size), 'csv')).toEqual(parseDataset(csv, 'csv'));
    },
  );

  it('counts bytes as it goes', async () => {
    let bytes = 0;
    for await (const _ of readRows(chunked(jsonl, 5), { format: 'jsonl', onBytes: (n) => (bytes += n) }))
      void _;
    expect(bytes).toBe(Buffer.byteLength(jsonl));
  });

  it('rejects a bad line with its number, and an over-long line before buffering it all', async () => {
    const bad = '{"text":"ok"}\n{"text": nope}\n';
    await expect(collect(chunked(bad, 4), 'jsonl')).rejects.toMatchObject({
      code: 'INVALID_FILE',
      extra: { line: 2 },
    });
    const noText = '{"id":1}\n';
    await expect(collect(chunked(noText, 4), 'jsonl')).rejects.toBeInstanceOf(AppError);
    const long = `{"text":"${'x'.repeat(5000)}"}\n`;
    await expect(collect(chunked(long, 100), 'jsonl', 1000)).rejects.toMatchObject({
      extra: { reason: 'row_too_long' },
    });
    const longCsv = `text\n"${'y'.repeat(5000)}"\n`;
    await expect(collect(chunked(longCsv, 100), 'csv', 1000)).rejects.toMatchObject({
      extra: { reason: 'row_too_long' },
    });
  });
});
