import { join } from 'node:path';
import type { Config } from '../../config.js';
import { LocalFileStore } from './local.js';
import { S3FileStore } from './s3.js';
import type { FileLimits, FileStore } from './types.js';

export type { FileMeta, FileStore } from './types.js';

export const fileLimitsOf = (config: Config): FileLimits => ({
  maxBytes: config.FILES_MAX_BYTES,
  allowedTypes: config.FILES_ALLOWED_TYPES.map((t) => t.toLowerCase()),
});

export function s3OptionsOf(config: Config, bucket: string) {
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

/** S3 when `S3_BUCKET` is set, the local folder `DATA_DIR/files` otherwise. */
export async function openFileStore(config: Config): Promise<FileStore> {
  if (config.S3_BUCKET) return new S3FileStore(s3OptionsOf(config, config.S3_BUCKET));
  return LocalFileStore.open({
    root: join(config.DATA_DIR, 'files'),
    limits: fileLimitsOf(config),
    ...(config.FILES_SIGNING_SECRET ? { signingSecret: config.FILES_SIGNING_SECRET } : {}),
    ...(config.PUBLIC_BASE_URL ? { publicBaseUrl: config.PUBLIC_BASE_URL } : {}),
  });
}
