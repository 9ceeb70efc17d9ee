import type { Readable } from 'node:stream';
import type { BackendStatus } from '../kv/types.js';

/**
 * The file store: S3 (or any S3-compatible server) when `S3_BUCKET` is set, a local folder under
 * `DATA_DIR` otherwise. Both pass one contract suite (test/contract/files.contract.ts).
 * Every call names its organization; keys live under a per-organization prefix, so one
 * organization can never name another's file. Bodies are streams, never whole buffers.
 */

export interface FileMeta {
  organization_id: string;
  key: string;
  content_type: string;
  size: number;
  /** Hex SHA-256 of the content; null when the bytes went straight to S3 by a presigned URL. */
  sha256: string | null;
  uploader: string | null;
  created_at: string;
}

export interface PutOptions {
  contentType: string;
  uploader?: string | null;
  /** A tighter size limit than the store's own (for example the size a presigned URL was made for). */
  maxBytes?: number;
}

export interface ListOptions {
  prefix?: string;
  cursor?: string;
  limit?: number;
}

export interface FileList {
  items: FileMeta[];
  /** Opaque; pass back as `cursor` for the next page. Absent on the last page. */
  next_cursor?: string;
}

export type SignedMethod = 'GET' | 'PUT';

export interface PresignOptions {
  method: SignedMethod;
  expiresInSeconds: number;
  /** Required for PUT: the upload must carry this content type. */
  contentType?: string;
  /** Required for PUT: the upload may not exceed this many bytes. */
  size?: number;
  uploader?: string | null;
}

export interface PresignedUrl {
  url: string;
  method: SignedMethod;
  /** Headers the client must send with the request. */
  headers: Record<string, string>;
  expires_at: string;
}

export interface FileLimits {
  maxBytes: number;
  /** Allowed media types (lowercase, without parameters). */
  allowedTypes: readonly string[];
}

export interface FileStore {
  readonly kind: 'local' | 's3';
  readonly limits: FileLimits;
  put(organizationId: string, key: string, body: Readable, options: PutOptions): Promise<FileMeta>;
  /** Metadata, or null when there is no such file in this organization. */
  head(organizationId: string, key: string): Promise<FileMeta | null>;
  /** Streams the content; throws NOT_FOUND when there is no such file in this organization. */
  get(organizationId: string, key: string): Promise<{ meta: FileMeta; body: Readable }>;
  list(organizationId: string, options?: ListOptions): Promise<FileList>;
  /** True when a file was deleted. */
  delete(organizationId: string, key: string): Promise<boolean>;
  presign(organizationId: string, key: string, options: PresignOptions): Promise<PresignedUrl>;
  /** Throws when the backend cannot answer. */
  ping(): Promise<void>;
  status(): BackendStatus;
  close(): Promise<void>;
}
