import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import type { FileStore } from '../../src/storage/files/types.js';

/**
 * One behaviour for every FileStore: the local folder and S3 (against a real S3-compatible server)
 * must both pass it. Each run uses fresh organization ids, so it can share a bucket or folder.
 * Limits expected from the factory: 4 MiB, types application/jsonl, text/csv and text/plain.
 */
export const CONTRACT_LIMITS = {
  maxBytes: 4 * 1024 * 1024,
  allowedTypes: ['application/jsonl', 'text/csv', 'text/plain'],
} as const;

export interface FileStoreHarness {
  store: FileStore;
  /** Turns a presigned URL into an absolute one (the local store may hand out relative URLs). */
  absolute(url: string): string;
  /** False for servers that accept any signature (s3rver); real S3 and the local route check it. */
  checksSignatures: boolean;
  close(): Promise<void>;
}

const text = (s: string) => Readable.from([Buffer.from(s, 'utf8')]);
const sha = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** `count` bytes of a repeating pattern, produced in 64 KiB chunks. */
function generated(count: number): Readable {
  let left = count;
  return new Readable({
    read() {
      if (left <= 0) {
        this.push(null);
        return;
      }
      const n = Math.min(left, 65_536);
      left -= n;
      const chunk = Buffer.alloc(n);
      for (let i = 0; i < n; i++) chunk[i] = 97 + ((count - left - n + i) % 26);
      this.push(chunk);
    },
  });
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected a rejection');
}

export function filesContract(name: string, factory: () => Promise<FileStoreHarness>): void {
  describe(`FileStore contract: ${name}`, () => {
    let h: FileStoreHarness;
    let store: FileStore;
    const org = `org_${randomUUID().slice(0, 8)}`;
    const other = `org_${randomUUID().slice(0, 8)}`;

    beforeAll(async () => {
      h = await factory();
      store = h.store;
    });
    afterAll(async () => {
      await h?.close();
    });

    it('stores a stream with its metadata and streams it back', async () => {
      const body = '{"id":1,"text":"hello"}\n{"id":2,"text":"world"}\n';
      const meta = await store.put(org, 'datasets/a.jsonl', text(body), {
        contentType: 'application/jsonl; charset=utf-8',
        uploader: 'user-1',
      });
      expect(meta).toMatchObject({
        organization_id: org,
        key: 'datasets/a.jsonl',
        content_type: 'application/jsonl',
        size: Buffer.byteLength(body),
        sha256: sha(body),
        uploader: 'user-1',
      });
      expect(Date.parse(meta.created_at)).toBeGreaterThan(Date.now() - 60_000);
      expect(await store.head(org, 'datasets/a.jsonl')).toEqual(meta);
      const got = await store.get(org, 'datasets/a.jsonl');
      expect(got.meta.sha256).toBe(sha(body));
      expect((await readAll(got.body)).toString('utf8')).toBe(body);
    });

    it('streams a multi-megabyte body without changing a byte, and overwrites a key', async () => {
      const size = 3 * 1024 * 1024 + 17;
      const expected = await readAll(generated(size));
      const meta = await store.put(org, 'big.txt', generated(size), { contentType: 'text/plain' });
      expect(meta.size).toBe(size);
      expect(meta.sha256).toBe(sha(expected));
      const got = await readAll((await store.get(org, 'big.txt')).body);
      expect(got.equals(expected)).toBe(true);
      await store.put(org, 'big.txt', text('small'), { contentType: 'text/plain' });
      expect((await store.head(org, 'big.txt'))?.size).toBe(5);
    });

    it('keeps a key and a longer key under it apart', async () => {
      await store.put(org, 'nest', text('outer'), { contentType: 'text/plain' });
      await store.put(org, 'nest/inner.csv', text('a,b\n'), { contentType: 'text/csv' });
      expect((await store.head(org, 'nest'))?.size).toBe(5);
      expect((await store.head(org, 'nest/inner.csv'))?.content_type).toBe('text/csv');
    });

    it('lists by pages in key order, and by prefix', async () => {
      const keys = ['p/1.csv', 'p/2.csv', 'p/3.csv', 'p/4.csv', 'p/5.csv'];
      for (const key of keys) await store.put(org, key, text(key), { contentType: 'text/csv' });
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await store.list(org, { prefix: 'p/', limit: 2, ...(cursor ? { cursor } : {}) });
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items.map((m) => m.key));
        for (const m of page.items) expect(m.size).toBe(m.key.length);
        cursor = page.next_cursor;
        pages++;
      } while (cursor && pages < 10);
      expect(seen).toEqual(keys);
      expect(pages).toBe(3);
      const all = await store.list(org);
      expect(all.items.map((m) => m.key)).toEqual(
        expect.arrayContaining(['datasets/a.jsonl', 'nest', ...keys]),
      );
      expect(all.next_cursor).toBeUndefined();
    });

    it("never shows one organization another's files", async () => {
      expect(await store.head(other, 'datasets/a.jsonl')).toBeNull();
      expect((await rejection(store.get(other, 'datasets/a.jsonl'))).status).toBe(404);
      expect((await store.list(other)).items).toEqual([]);
      expect(await store.delete(other, 'datasets/a.jsonl')).toBe(false);
      expect(
        (await rejection(store.presign(other, 'datasets/a.jsonl', { method: 'GET', expiresInSeconds: 60 })))
          .status,
      ).toBe(404);
      expect(await store.head(org, 'datasets/a.jsonl')).not.toBeNull();
    });

    it.each([
      '../escape.txt',
      'a/../../escape.txt',
      '/etc/passwd',
      'a//b',
      '.hidden',
      'a/./b',
      'a\\..\\b',
      'x/..',
      '',
      'a@meta',
      `${'x'.repeat(1025)}`,
    ])('rejects the key %j with a 400', async (key) => {
      const e1 = await rejection(store.put(org, key, text('x'), { contentType: 'text/plain' }));
      expect([e1.status, e1.extra.reason]).toEqual([400, 'invalid_key']);
      for (const op of [store.head(org, key), store.get(org, key), store.delete(org, key)]) {
        const e = await rejection(op);
        expect([e.status, e.extra.reason]).toEqual([400, 'invalid_key']);
      }
      const e2 = await rejection(store.presign(org, key, { method: 'GET', expiresInSeconds: 60 }));
      expect(e2.status).toBe(400);
    });

    it('rejects an organization id that is not a plain name', async () => {
      const e = await rejection(store.put('../x', 'a.txt', text('x'), { contentType: 'text/plain' }));
      expect(e.status).toBe(400);
    });

    it('refuses an oversized upload with a 413 and keeps nothing of it', async () => {
      const e = await rejection(
        store.put(org, 'too-big.txt', generated(CONTRACT_LIMITS.maxBytes + 1), { contentType: 'text/plain' }),
      );
      expect([e.status, e.code, e.extra.reason]).toEqual([413, 'PAYLOAD_TOO_LARGE', 'file_too_large']);
      expect(await store.head(org, 'too-big.txt')).toBeNull();
      const tight = await rejection(
        store.put(org, 'tight.txt', text('12345'), { contentType: 'text/plain', maxBytes: 4 }),
      );
      expect(tight.status).toBe(413);
      const signed = await rejection(
        store.presign(org, 'huge.txt', {
          method: 'PUT',
          expiresInSeconds: 60,
          contentType: 'text/plain',
          size: CONTRACT_LIMITS.maxBytes + 1,
        }),
      );
      expect(signed.status).toBe(413);
    });

    it('refuses a content type outside the list with a 415', async () => {
      for (const contentType of ['application/x-msdownload', 'text/html', '']) {
        const e = await rejection(store.put(org, 'evil.exe', text('MZ'), { contentType }));
        expect([e.status, e.extra.reason]).toEqual([415, 'content_type_not_allowed']);
      }
      expect(await store.head(org, 'evil.exe')).toBeNull();
      const signed = await rejection(
        store.presign(org, 'evil.html', {
          method: 'PUT',
          expiresInSeconds: 60,
          contentType: 'text/html',
          size: 3,
        }),
      );
      expect(signed.status).toBe(415);
    });

    it('deletes a file once', async () => {
      await store.put(org, 'gone.txt', text('bye'), { contentType: 'text/plain' });
      expect(await store.delete(org, 'gone.txt')).toBe(true);
      expect(await store.head(org, 'gone.txt')).toBeNull();
      expect(await store.delete(org, 'gone.txt')).toBe(false);
      expect((await rejection(store.get(org, 'gone.txt'))).status).toBe(404);
    });

    it('uploads and downloads by presigned URL without credentials', async () => {
      const body = 'id,text\n1,hello\n';
      const put = await store.presign(org, 'signed/up.csv', {
        method: 'PUT',
        expiresInSeconds: 120,
        contentType: 'text/csv',
        size: Buffer.byteLength(body),
        uploader: 'user-9',
      });
      expect(put.headers['content-type']).toBe('text/csv');
      const up = await fetch(h.absolute(put.url), { method: 'PUT', headers: put.headers, body });
      expect(up.status).toBeLessThan(300);
      const meta = await store.head(org, 'signed/up.csv');
      expect(meta).toMatchObject({
        size: Buffer.byteLength(body),
        content_type: 'text/csv',
        uploader: 'user-9',
      });

      const get = await store.presign(org, 'signed/up.csv', { method: 'GET', expiresInSeconds: 120 });
      const down = await fetch(h.absolute(get.url));
      expect(down.status).toBe(200);
      expect(await down.text()).toBe(body);
      // A download URL is no upload URL.
      if (!h.checksSignatures) return;
      const misuse = await fetch(h.absolute(get.url), {
        method: 'PUT',
        headers: { 'content-type': 'text/csv' },
        body: 'x',
      });
      expect(misuse.status).toBe(403);
      expect((await readAll((await store.get(org, 'signed/up.csv')).body)).toString()).toBe(body);
    });

    it('refuses a presigned URL after it expires', async () => {
      await store.put(org, 'expiring.txt', text('soon gone'), { contentType: 'text/plain' });
      const get = await store.presign(org, 'expiring.txt', { method: 'GET', expiresInSeconds: 1 });
      expect(Date.parse(get.expires_at)).toBeLessThanOrEqual(Date.now() + 1500);
      await new Promise((resolve) => setTimeout(resolve, 2100));
      const res = await fetch(h.absolute(get.url));
      expect(res.status).toBe(403);
      await res.body?.cancel();
    });

    it('answers ping and reports its status', async () => {
      await store.ping();
      expect(store.status().kind).toBe(store.kind);
    });
  });
}
