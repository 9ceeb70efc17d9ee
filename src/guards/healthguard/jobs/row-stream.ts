import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { AppError } from '../../../errors.js';
import { TEXT_FIELDS, toRow } from '../dataset/file.js';
import type { DatasetRow } from '../dataset/types.js';

/**
 * Rows of a JSONL or CSV dataset read from a stream, one at a time: memory holds one line (or one
 * CSV record) plus the stream's buffer, whatever the file size. A line or record longer than
 * `maxRowBytes` is an error rather than an unbounded buffer. `onBytes` reports bytes consumed.
 */
export interface RowStreamOptions {
  format: 'jsonl' | 'csv';
  maxRowBytes?: number;
  onBytes?: (bytes: number) => void;
}

const tooLong = (where: string, max: number) =>
  new AppError('INVALID_FILE', `${where} is longer than ${max} bytes`, { reason: 'row_too_long' });

export async function* readRows(body: Readable, options: RowStreamOptions): AsyncGenerator<DatasetRow> {
  const max = options.maxRowBytes ?? 1024 * 1024;
  if (options.format === 'jsonl') yield* jsonlRows(body, max, options.onBytes);
  else yield* csvRows(body, max, options.onBytes);
}

function jsonlRow(line: string, n: number): DatasetRow | undefined {
  if (line.trim() === '') return undefined;
  let obj: unknown;
  try {
    obj = JSON.parse(line);
  } catch {
    throw new AppError('INVALID_FILE', `line ${n} is not valid JSON`, { reason: 'invalid_row', line: n });
  }
  const row = obj && typeof obj === 'object' ? toRow(obj as Record<string, unknown>, n - 1) : undefined;
  if (!row) {
    throw new AppError('INVALID_FILE', `line ${n} has no text field (${TEXT_FIELDS.join(', ')})`, {
      reason: 'invalid_row',
      line: n,
    });
  }
  return row;
}

async function* jsonlRows(
  body: Readable,
  max: number,
  onBytes?: (n: number) => void,
): AsyncGenerator<DatasetRow> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let n = 0;
  for await (const raw of body) {
    const chunk = raw as Buffer;
    onBytes?.(chunk.length);
    let start = 0;
    for (let nl = chunk.indexOf(10, start); nl >= 0; nl = chunk.indexOf(10, start)) {
      const piece = chunk.subarray(start, nl);
      start = nl + 1;
      n++;
      if (pendingBytes + piece.length > max) throw tooLong(`line ${n}`, max);
      const line =
        pending.length > 0 ? Buffer.concat([...pending, piece]).toString('utf8') : piece.toString('utf8');
      pending = [];
      pendingBytes = 0;
      const row = jsonlRow(line, n);
      if (row) yield row;
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start);
      pendingBytes += rest.length;
      if (pendingBytes > max) throw tooLong(`line ${n + 1}`, max);
      // Copy: the stream may reuse its buffer.
      pending.push(Buffer.from(rest));
    }
  }
  if (pendingBytes > 0) {
    const row = jsonlRow(Buffer.concat(pending).toString('utf8'), n + 1);
    if (row) yield row;
  }
}

/** RFC 4180 records fed chunk by chunk (quoted fields, doubled quotes, newlines inside quotes). */
class CsvRecords {
  private row: string[] = [];
  private field = '';
  private quoted = false;
  /** The previous chunk ended inside quotes on a quote: it closes the field or starts a doubled one. */
  private quotePending = false;
  private skipLf = false;
  private rowLength = 0;
  constructor(private readonly max: number) {}

  push(input: string, out: string[][]): void {
    for (let i = 0; i < input.length; i++) {
      const c = input[i] as string;
      if (this.skipLf) {
        this.skipLf = false;
        if (c === '\n') continue;
      }
      if (this.quotePending) {
        this.quotePending = false;
        if (c === '"') {
          this.add('"');
          continue;
        }
        this.quoted = false;
      }
      if (this.quoted) {
        if (c === '"') {
          if (i + 1 < input.length) {
            if (input[i + 1] === '"') {
              this.add('"');
              i++;
            } else this.quoted = false;
          } else this.quotePending = true;
        } else this.add(c);
        continue;
      }
      if (c === '"' && this.field.length === 0) this.quoted = true;
      else if (c === ',') this.endField();
      else if (c === '\n' || c === '\r') {
        if (c === '\r') this.skipLf = true;
        this.endRecord(out);
      } else this.add(c);
    }
  }

  end(out: string[][]): void {
    this.quotePending = false;
    if (this.field.length > 0 || this.row.length > 0) this.endRecord(out);
  }

  private add(c: string): void {
    this.field += c;
    if (++this.rowLength > this.max) throw tooLong('a CSV record', this.max);
  }

  private endField(): void {
    this.row.push(this.field);
    this.field = '';
  }

  private endRecord(out: string[][]): void {
    this.endField();
    if (this.row.length > 1 || this.row[0] !== '') out.push(this.row);
    this.row = [];
    this.rowLength = 0;
  }
}

async function* csvRows(
  body: Readable,
  max: number,
  onBytes?: (n: number) => void,
): AsyncGenerator<DatasetRow> {
  const decoder = new StringDecoder('utf8');
  const parser = new CsvRecords(max);
  let header: string[] | undefined;
  let n = 0;
  const toRows = function* (records: string[][]): Generator<DatasetRow> {
    for (const cells of records) {
      if (!header) {
        header = cells.map((h) => h.trim().toLowerCase());
        continue;
      }
      n++;
      const keys = header;
      const row = toRow(Object.fromEntries(keys.map((k, j) => [k, cells[j]])), n);
      if (!row) {
        throw new AppError('INVALID_FILE', `CSV needs a text column (${TEXT_FIELDS.join(', ')})`, {
          reason: 'invalid_row',
        });
      }
      yield row;
    }
  };
  for await (const raw of body) {
    const chunk = raw as Buffer;
    onBytes?.(chunk.length);
    const records: string[][] = [];
    parser.push(decoder.write(chunk), records);
    yield* toRows(records);
  }
  const records: string[][] = [];
  parser.push(decoder.end(), records);
  parser.end(records);
  yield* toRows(records);
}
