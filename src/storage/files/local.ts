import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { AppError } from '../../errors.js';
import {
  assertContentType,
  assertKey,
  assertOrganization,
  assertPrefix,
  assertSize,
  decodeCursor,
  encodeCursor,
} from './keys.js';
import { LocalPresigner, SIGNED_FILES_PATH } from './presigner.js';
import { spool } from './spool.js';
import type {
  FileLimits,
  FileList,
  FileMeta,
  FileStore,
  ListOptions,
  PresignedUrl,
  PresignOptions,
  PutOptions,
} from './types.js';

/**
 * The embedded file store: `<root>/orgs/<organization>/<key>@data` holds the bytes and
 * `<key>@meta` beside it the metadata. `@` cannot occur in a key segment, so neither file can
 * collide with the folder of a longer key (`a` and `a/b` coexist, as on S3). A file appears only
 * when both are in place: the body is renamed into place when complete, then the metadata written.
 */
const DATA = '@data';
const META = '@meta';
export interface LocalFileStoreOptions {
  root: string;
  limits: FileLimits;
  /** HMAC secret for presigned URLs; at least 32 bytes. Generated and kept under `root` when absent. */
  signingSecret?: string;
  /** Absolute base of presigned URLs (`https://gw.example.com`); relative URLs without it. */
  publicBaseUrl?: string;
}

export class LocalFileStore implements FileStore {
  readonly kind = 'local' as const;
  readonly limits: FileLimits;
  private constructor(
    private readonly root: string,
    limits: FileLimits,
    readonly presigner: LocalPresigner,
    private readonly publicBaseUrl: string,
  ) {
    this.limits = limits;
  }

  static async open(options: LocalFileStoreOptions): Promise<LocalFileStore> {
    await mkdir(join(options.root, 'orgs'), { recursive: true });
    let secret = options.signingSecret;
    if (!secret) {
      // A generated secret survives restarts so URLs handed out stay valid until they expire.
      const file = join(options.root, 'signing-secret');
      secret = await readFile(file, 'utf8').catch(async () => {
        const fresh = randomBytes(32).toString('hex');
        await writeFile(file, fresh, { mode: 0o600, flag: 'wx' }).catch(() => undefined);
        return readFile(file, 'utf8');
      });
    }
    return new LocalFileStore(
      options.root,
      options.limits,
      new LocalPresigner(secret.trim()),
      (options.publicBaseUrl ?? '').replace(/\/+$/, ''),
    );
  }

  private objectPath(org: string, key: string): string {
    return `${join(this.root, 'orgs', assertOrganization(org), assertKey(key))}${DATA}`;
  }

  private metaPath(org: string, key: string): string {
    return `${join(this.root, 'orgs', assertOrganization(org), assertKey(key))}${META}`;
  }

  async put(org: string, key: string, body: Readable, options: PutOptions): Promise<FileMeta> {
    const target = this.objectPath(org, key);
    const metaFile = this.metaPath(org, key);
    const contentType = assertContentType(options.contentType, this.limits);
    const limit = Math.min(this.limits.maxBytes, options.maxBytes ?? Number.MAX_SAFE_INTEGER);
    const spooled = await spool(body, join(this.root, 'tmp'), limit);
    const meta: FileMeta = {
      organization_id: org,
      key,
      content_type: contentType,
      size: spooled.size,
      sha256: spooled.sha256,
      uploader: options.uploader ?? null,
      created_at: new Date().toISOString(),
    };
    try {
      await mkdir(dirname(target), { recursive: true });
      await rename(spooled.path, target);
      // Written aside and renamed, so a concurrent read or delete never sees a half-written file.
      const metaSpool = join(this.root, 'tmp', `${randomBytes(12).toString('hex')}${META}`);
      await writeFile(metaSpool, JSON.stringify(meta));
      await rename(metaSpool, metaFile);
    } catch (err) {
      await spooled.discard();
      throw err;
    }
    return meta;
  }

  async head(org: string, key: string): Promise<FileMeta | null> {
    const file = this.metaPath(org, key);
    try {
      return JSON.parse(await readFile(file, 'utf8')) as FileMeta;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return null;
      throw err;
    }
  }

  async get(org: string, key: string): Promise<{ meta: FileMeta; body: Readable }> {
    const meta = await this.head(org, key);
    if (!meta) throw new AppError('NOT_FOUND', `no file ${key}`);
    return { meta, body: createReadStream(this.objectPath(org, key)) };
  }

  async list(org: string, options: ListOptions = {}): Promise<FileList> {
    const base = join(this.root, 'orgs', assertOrganization(org));
    const prefix = assertPrefix(options.prefix ?? '');
    const after = options.cursor ? decodeCursor(options.cursor) : '';
    const limit = Math.max(1, Math.min(options.limit ?? 100, 1000));
    let entries: string[];
    try {
      entries = await readdir(base, { recursive: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { items: [] };
      throw err;
    }
    const keys = entries
      .filter((e) => e.endsWith(META))
      .map((e) => e.slice(0, -META.length).split('\\').join('/'))
      .filter((k) => k.startsWith(prefix) && k > after)
      .sort();
    const items: FileMeta[] = [];
    for (const key of keys.slice(0, limit)) {
      const meta = await this.head(org, key);
      if (meta) items.push(meta);
    }
    const last = keys[limit - 1];
    return keys.length > limit && last ? { items, next_cursor: encodeCursor(last) } : { items };
  }

  /** Organizations that have a folder here (for copying the whole store elsewhere). */
  async organizations(): Promise<string[]> {
    const entries = await readdir(join(this.root, 'orgs'), { withFileTypes: true });
    return entries
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
  }

  async delete(org: string, key: string): Promise<boolean> {
    const meta = await this.head(org, key);
    if (!meta) return false;
    // Metadata first: a file without it is invisible, so a crash in between leaves no half file.
    await rm(this.metaPath(org, key), { force: true });
    await rm(this.objectPath(org, key), { force: true });
    return true;
  }

  async presign(org: string, key: string, options: PresignOptions): Promise<PresignedUrl> {
    assertOrganization(org);
    assertKey(key);
    const expires = Math.floor(Date.now() / 1000) + options.expiresInSeconds;
    const headers: Record<string, string> = {};
    let query: string;
    if (options.method === 'PUT') {
      const contentType = assertContentType(options.contentType, this.limits);
      const size = options.size ?? this.limits.maxBytes;
      assertSize(size, this.limits.maxBytes);
      headers['content-type'] = contentType;
      query = this.presigner.sign({
        method: 'PUT',
        organizationId: org,
        key,
        expires,
        contentType,
        maxBytes: size,
        ...(options.uploader ? { uploader: options.uploader } : {}),
      });
    } else {
      if (!(await this.head(org, key))) throw new AppError('NOT_FOUND', `no file ${key}`);
      query = this.presigner.sign({ method: 'GET', organizationId: org, key, expires });
    }
    return {
      url: `${this.publicBaseUrl}${SIGNED_FILES_PATH}?${query}`,
      method: options.method,
      headers,
      expires_at: new Date(expires * 1000).toISOString(),
    };
  }

  async ping(): Promise<void> {
    await stat(join(this.root, 'orgs'));
  }

  status() {
    return { kind: 'local', mode: 'embedded' as const, detail: this.root };
  }

  async close(): Promise<void> {}
}
