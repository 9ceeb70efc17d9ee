import { createReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  type ServerSideEncryption,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
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
 * Files in an S3 bucket (AWS, MinIO, Ceph, s3rver ...) under `<prefix>orgs/<organization>/<key>`.
 * Checksum, uploader and creation time travel as object metadata. Uploads are spooled to a
 * temporary file first: S3 needs the length up front, and the checksum is known before the PUT.
 */
export interface S3FileStoreOptions {
  bucket: string;
  region: string;
  endpoint?: string;
  forcePathStyle?: boolean;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Server-side encryption: AES256 or aws:kms (with an optional key id). */
  sse?: 'AES256' | 'aws:kms';
  sseKmsKeyId?: string;
  /** Prefix inside the bucket, for sharing a bucket with other applications. */
  prefix?: string;
  limits: FileLimits;
  spoolDir?: string;
}

const isMissing = (err: unknown): boolean =>
  err instanceof S3ServiceException &&
  (err.name === 'NotFound' || err.name === 'NoSuchKey' || err.$metadata.httpStatusCode === 404);

export class S3FileStore implements FileStore {
  readonly kind = 's3' as const;
  readonly limits: FileLimits;
  readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;
  private readonly spoolDir: string;
  private readonly sse: { ServerSideEncryption?: ServerSideEncryption; SSEKMSKeyId?: string };
  private readonly endpointLabel: string;

  constructor(options: S3FileStoreOptions) {
    this.limits = options.limits;
    this.bucket = options.bucket;
    this.prefix = options.prefix ?? '';
    this.spoolDir = options.spoolDir ?? join(tmpdir(), 'codeguardians-spool');
    this.sse = {
      ...(options.sse ? { ServerSideEncryption: options.sse } : {}),
      ...(options.sse === 'aws:kms' && options.sseKmsKeyId ? { SSEKMSKeyId: options.sseKmsKeyId } : {}),
    };
    this.endpointLabel = options.endpoint ?? `aws:${options.region}`;
    this.client = new S3Client({
      region: options.region,
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      forcePathStyle: options.forcePathStyle ?? false,
      ...(options.accessKeyId && options.secretAccessKey
        ? { credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey } }
        : {}),
      // Checksums only when an operation requires them: S3-compatible servers that do not know the
      // newer checksum trailers (s3rver, older MinIO) store streamed bodies corrupted otherwise.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  private orgPrefix(org: string): string {
    return `${this.prefix}orgs/${assertOrganization(org)}/`;
  }

  private objectKey(org: string, key: string): string {
    return `${this.orgPrefix(org)}${assertKey(key)}`;
  }

  /** Creates the bucket when it does not exist (tests and first start against an empty MinIO). */
  async ensureBucket(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (err) {
      if (!isMissing(err)) throw err;
      await this.client.send(new CreateBucketCommand({ Bucket: this.bucket }));
    }
  }

  async put(org: string, key: string, body: Readable, options: PutOptions): Promise<FileMeta> {
    const objectKey = this.objectKey(org, key);
    const contentType = assertContentType(options.contentType, this.limits);
    const limit = Math.min(this.limits.maxBytes, options.maxBytes ?? Number.MAX_SAFE_INTEGER);
    const spooled = await spool(body, this.spoolDir, limit);
    const created = new Date().toISOString();
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: objectKey,
          Body: createReadStream(spooled.path),
          ContentLength: spooled.size,
          ContentType: contentType,
          Metadata: {
            sha256: spooled.sha256,
            created: created,
            ...(options.uploader ? { uploader: options.uploader } : {}),
          },
          ...this.sse,
        }),
      );
    } finally {
      await spooled.discard();
    }
    return {
      organization_id: org,
      key,
      content_type: contentType,
      size: spooled.size,
      sha256: spooled.sha256,
      uploader: options.uploader ?? null,
      created_at: created,
    };
  }

  private toMeta(
    org: string,
    key: string,
    r: {
      ContentType?: string;
      ContentLength?: number;
      LastModified?: Date;
      Metadata?: Record<string, string>;
    },
  ): FileMeta {
    const m = r.Metadata ?? {};
    return {
      organization_id: org,
      key,
      content_type: r.ContentType ?? 'application/octet-stream',
      size: r.ContentLength ?? 0,
      sha256: m.sha256 ?? null,
      uploader: m.uploader ?? null,
      created_at: m.created ?? r.LastModified?.toISOString() ?? new Date(0).toISOString(),
    };
  }

  async head(org: string, key: string): Promise<FileMeta | null> {
    try {
      const r = await this.client.send(
        new HeadObjectCommand({ Bucket: this.bucket, Key: this.objectKey(org, key) }),
      );
      return this.toMeta(org, key, r);
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  }

  async get(org: string, key: string): Promise<{ meta: FileMeta; body: Readable }> {
    try {
      const r = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: this.objectKey(org, key) }),
      );
      if (!(r.Body instanceof Readable)) throw new Error('S3 returned a body that is not a Node stream');
      return { meta: this.toMeta(org, key, r), body: r.Body };
    } catch (err) {
      if (isMissing(err)) throw new AppError('NOT_FOUND', `no file ${key}`);
      throw err;
    }
  }

  async list(org: string, options: ListOptions = {}): Promise<FileList> {
    const base = this.orgPrefix(org);
    const prefix = assertPrefix(options.prefix ?? '');
    const limit = Math.max(1, Math.min(options.limit ?? 100, 1000));
    // The cursor is the last key returned (as for the local store), handed to S3 as the marker.
    // ListObjects (v1) with a marker works on every S3-compatible server; some (s3rver on
    // OpenSSL 3) fail to mint v2 continuation tokens.
    const after = options.cursor ? decodeCursor(options.cursor) : undefined;
    const r = await this.client.send(
      new ListObjectsCommand({
        Bucket: this.bucket,
        Prefix: `${base}${prefix}`,
        MaxKeys: limit,
        ...(after ? { Marker: `${base}${after}` } : {}),
      }),
    );
    const keys = (r.Contents ?? []).flatMap((o) => (o.Key ? [o.Key.slice(base.length)] : []));
    // Listing does not return user metadata; a HEAD per file fills it in (pages are small).
    const metas = await Promise.all(keys.map((k) => this.head(org, k)));
    const items = metas.filter((m): m is FileMeta => m !== null);
    const last = keys[keys.length - 1];
    return r.IsTruncated && last ? { items, next_cursor: encodeCursor(last) } : { items };
  }

  async delete(org: string, key: string): Promise<boolean> {
    // S3 deletes are idempotent and say nothing about existence, so ask first.
    if (!(await this.head(org, key))) return false;
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.objectKey(org, key) }));
    return true;
  }

  async presign(org: string, key: string, options: PresignOptions): Promise<PresignedUrl> {
    const objectKey = this.objectKey(org, key);
    const expiresIn = options.expiresInSeconds;
    const expiresAt = new Date(Date.now() + expiresIn * 1000).toISOString();
    if (options.method === 'GET') {
      if (!(await this.head(org, key))) throw new AppError('NOT_FOUND', `no file ${key}`);
      const url = await getSignedUrl(
        this.client,
        new GetObjectCommand({ Bucket: this.bucket, Key: objectKey }),
        {
          expiresIn,
        },
      );
      return { url, method: 'GET', headers: {}, expires_at: expiresAt };
    }
    const contentType = assertContentType(options.contentType, this.limits);
    if (options.size === undefined) {
      throw new AppError('VALIDATION_ERROR', 'a presigned upload to S3 needs the size of the file', {
        reason: 'size_required',
      });
    }
    assertSize(options.size, this.limits.maxBytes);
    // Content type and length are signed, so S3 rejects an upload of another type or size.
    const command = new PutObjectCommand({
      Bucket: this.bucket,
      Key: objectKey,
      ContentType: contentType,
      ContentLength: options.size,
      Metadata: {
        created: new Date().toISOString(),
        ...(options.uploader ? { uploader: options.uploader } : {}),
      },
      ...this.sse,
    });
    const url = await getSignedUrl(this.client, command, {
      expiresIn,
      signableHeaders: new Set(['content-type', 'content-length']),
    });
    const headers: Record<string, string> = { 'content-type': contentType };
    return { url, method: 'PUT', headers, expires_at: expiresAt };
  }

  async ping(): Promise<void> {
    await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
  }

  status() {
    return { kind: 's3', mode: 'real' as const, detail: `${this.endpointLabel}/${this.bucket}` };
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}
