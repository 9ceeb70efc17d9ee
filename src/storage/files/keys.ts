import { AppError } from '../../errors.js';
import type { FileLimits } from './types.js';

/**
 * Keys are relative paths of plain segments: letters, digits, dot, dash and underscore, never
 * starting with a dot. That rules out `..`, hidden files, absolute paths and backslashes, so a key
 * can be joined to a folder or an S3 prefix without escaping it.
 */

const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,254}$/;
const ORGANIZATION = /^[A-Za-z0-9_-]{1,128}$/;
export const MAX_KEY_LENGTH = 1024;

export function assertKey(key: string): string {
  const segments = key.split('/');
  if (key.length === 0 || key.length > MAX_KEY_LENGTH || !segments.every((s) => SEGMENT.test(s))) {
    throw new AppError(
      'VALIDATION_ERROR',
      'a file key is 1-1024 characters of segments separated by /; each segment uses letters, digits, . _ - and does not start with a dot',
      { reason: 'invalid_key' },
    );
  }
  return key;
}

/** Keys may be listed by prefix; a prefix is a key that may end with a partial segment or a slash. */
export function assertPrefix(prefix: string): string {
  if (prefix === '') return prefix;
  const trimmed = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  assertKey(trimmed);
  return prefix;
}

export function assertOrganization(organizationId: string): string {
  if (!ORGANIZATION.test(organizationId)) {
    throw new AppError('VALIDATION_ERROR', 'invalid organization id', { reason: 'invalid_organization' });
  }
  return organizationId;
}

/** `text/CSV; charset=utf-8` -> `text/csv`. */
export const mediaType = (contentType: string): string =>
  (contentType.split(';')[0] ?? '').trim().toLowerCase();

export function assertContentType(contentType: string | undefined, limits: FileLimits): string {
  const type = mediaType(contentType ?? '');
  if (!limits.allowedTypes.includes(type)) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', `content type '${type || '(none)'}' is not accepted`, {
      reason: 'content_type_not_allowed',
      allowed_content_types: limits.allowedTypes,
    });
  }
  return type;
}

export function assertSize(size: number, limit: number): void {
  if (size > limit) {
    throw new AppError('PAYLOAD_TOO_LARGE', `the file exceeds the ${limit}-byte limit`, {
      reason: 'file_too_large',
      max_bytes: limit,
    });
  }
}

export const encodeCursor = (key: string): string => Buffer.from(key, 'utf8').toString('base64url');

export function decodeCursor(cursor: string): string {
  const key = Buffer.from(cursor, 'base64url').toString('utf8');
  if (key.length === 0 || key.length > MAX_KEY_LENGTH) {
    throw new AppError('VALIDATION_ERROR', 'invalid cursor', { reason: 'invalid_cursor' });
  }
  return key;
}
