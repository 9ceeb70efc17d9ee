import { join } from 'node:path';
import { LocalFileStore } from './local.js';
import type { FileLimits, FileStore } from './types.js';

export type { FileMeta, FileStore } from './types.js';

/** The settings the file store reads (a structural slice of the gateway's Config: storage imports nothing above it). */
export interface FileStoreSettings {
  DATA_DIR: string;
  S3_BUCKET?: string | undefined;
  S3_ENDPOINT_URL?: string | undefined;
  S3_FORCE_PATH_STYLE?: 'true' | 'false' | undefined;
  S3_PREFIX: string;
  S3_SSE?: 'AES256' | 'aws:kms' | undefined;
  S3_SSE_KMS_KEY_ID?: string | undefined;
  AWS_REGION: string;
  AWS_ACCESS_KEY_ID?: string | undefined;
  AWS_SECRET_ACCESS_KEY?: string | undefined;
  FILES_MAX_BYTES: number;
  FILES_ALLOWED_TYPES: string[];
  FILES_SIGNING_SECRET?: string | undefined;
  PUBLIC_BASE_URL?: string | undefined;
}

export const fileLimitsOf = (config: FileStoreSettings): FileLimits => ({
  maxBytes: config.FILES_MAX_BYTES,
  allowedTypes: config.FILES_ALLOWED_TYPES.map((t) => t.toLowerCase()),
});

export function s3OptionsOf(config: FileStoreSettings, bucket: string) {
  return {
    bucket,
    region: config.AWS_REGION,
    ...(config.S3_ENDPOINT_URL ? { endpoint: config.S3_ENDPOINT_URL } : {}),
    // S3-compatible servers behind a custom endpoint almost always want path-style addressing.
    forcePathStyle: config.S3_FORCE_PATH_STYLE
      ? config.S3_FORCE_PATH_STYLE === 'true'
      : config.S3_ENDPOINT_URL !== undefined,
    ...(config.AWS_ACCESS_KEY_ID ? { accessKeyId: config.AWS_ACCESS_KEY_ID } : {}),
    ...(config.AWS_SECRET_ACCESS_KEY ? { secretAccessKey: config.AWS_SECRET_ACCESS_KEY } : {}),
    ...(config.S3_SSE ? { sse: config.S3_SSE } : {}),
    ...(config.S3_SSE_KMS_KEY_ID ? { sseKmsKeyId: config.S3_SSE_KMS_KEY_ID } : {}),
    prefix: config.S3_PREFIX,
    limits: fileLimitsOf(config),
    spoolDir: join(config.DATA_DIR, 'spool'),
  };
}

/**
 * S3 when `S3_BUCKET` is set, the local folder `DATA_DIR/files` otherwise. The AWS SDK is imported
 * only for S3: it is tens of megabytes of code a local store never runs.
 */
export async function openFileStore(config: FileStoreSettings): Promise<FileStore> {
  if (config.S3_BUCKET) {
    const { S3FileStore } = await import('./s3.js');
    return new S3FileStore(s3OptionsOf(config, config.S3_BUCKET));
  }
  return LocalFileStore.open({
    root: join(config.DATA_DIR, 'files'),
    limits: fileLimitsOf(config),
    ...(config.FILES_SIGNING_SECRET ? { signingSecret: config.FILES_SIGNING_SECRET } : {}),
    ...(config.PUBLIC_BASE_URL ? { publicBaseUrl: config.PUBLIC_BASE_URL } : {}),
  });
}
