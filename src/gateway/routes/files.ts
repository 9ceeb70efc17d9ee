import { Readable } from 'node:stream';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import { assertKey } from '../../storage/files/keys.js';
import { LocalFileStore } from '../../storage/files/local.js';
import { SIGNED_FILES_PATH } from '../../storage/files/presigner.js';
import type { FileMeta, FileStore } from '../../storage/files/types.js';
import { PUBLIC, READ, RUN_GUARDS } from '../auth.js';

/**
 * Files of the caller's organization under /api/v1/files: multipart or raw upload through the
 * gateway, presigned PUT/GET URLs, list, metadata, download and delete. Keys are paths such as
 * `datasets/train.jsonl`, sent URL-encoded as one path segment (`datasets%2Ftrain.jsonl`).
 * Another organization's key simply does not exist (404). With the local store, presigned URLs
 * point at /api/v1/signed-files, which needs no credentials but a valid, unexpired signature.
 */

export interface FileRoutesDeps {
  store: FileStore;
  organizationOf: (request: FastifyRequest) => string;
  urlTtlSeconds: number;
}

const metaOut = z.object({
  organization_id: z.string(),
  key: z.string(),
  content_type: z.string(),
  size: z.number(),
  sha256: z.string().nullable(),
  uploader: z.string().nullable(),
  created_at: z.string(),
});

const keyParams = z.object({ key: z.string().min(1).max(1024) });
const tags = ['files'];

const uploaderOf = (request: FastifyRequest): string | null =>
  request.principal?.userId ?? request.principal?.apiKeyId ?? null;

function streamOf(body: unknown): Readable {
  if (body instanceof Readable) return body;
  throw new AppError('VALIDATION_ERROR', 'the request has no body to store', { reason: 'empty_body' });
}

function sendFile(reply: FastifyReply, meta: FileMeta, body: Readable): FastifyReply {
  const name = meta.key.split('/').pop() ?? 'file';
  return reply
    .header('content-type', meta.content_type)
    .header('content-length', String(meta.size))
    .header('content-disposition', `attachment; filename="${name}"`)
    .header('x-content-type-options', 'nosniff')
    .send(body);
}

export async function registerFileRoutes(app: FastifyInstance, deps: FileRoutesDeps): Promise<void> {
  const { store, organizationOf } = deps;
  const base = '/api/v1/files';

  // JSON routes and multipart uploads, in a scope of their own so the multipart parser stays here.
  await app.register(async (scope) => {
    await scope.register(multipart, {
      limits: { files: 1, fields: 10, fileSize: store.limits.maxBytes + 1 },
    });
    const r = scope.withTypeProvider<ZodTypeProvider>();

    r.post(
      base,
      {
        config: { access: RUN_GUARDS },
        schema: {
          tags,
          summary: 'Upload one file as multipart/form-data (field "file"); the key defaults to its file name',
          querystring: z.object({ key: z.string().min(1).max(1024).optional() }),
          response: { 201: metaOut },
        },
      },
      async (request, reply) => {
        if (!request.isMultipart()) {
          throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'send the file as multipart/form-data', {
            reason: 'multipart_required',
          });
        }
        const part = await request.file();
        if (!part) throw new AppError('VALIDATION_ERROR', 'the form has no file part', { reason: 'no_file' });
        try {
          const key = assertKey(request.query.key ?? part.filename);
          const meta = await store.put(organizationOf(request), key, part.file, {
            contentType: part.mimetype,
            uploader: uploaderOf(request),
          });
          return reply.code(201).send(meta);
        } finally {
          part.file.resume();
        }
      },
    );

    r.get(
      base,
      {
        config: { access: READ },
        schema: {
          tags,
          querystring: z.object({
            prefix: z.string().max(1024).optional(),
            cursor: z.string().max(2048).optional(),
            limit: z.coerce.number().int().min(1).max(1000).default(100),
          }),
          response: { 200: z.object({ items: z.array(metaOut), next_cursor: z.string().optional() }) },
        },
      },
      async (request) =>
        store.list(organizationOf(request), {
          limit: request.query.limit,
          ...(request.query.prefix ? { prefix: request.query.prefix } : {}),
          ...(request.query.cursor ? { cursor: request.query.cursor } : {}),
        }),
    );

    r.post(
      `${base}/presign`,
      {
        config: { access: RUN_GUARDS },
        schema: {
          tags,
          summary: 'A presigned URL to upload (PUT) or download (GET) one file without credentials',
          body: z.object({
            key: z.string().min(1).max(1024),
            method: z.enum(['GET', 'PUT']),
            content_type: z.string().max(200).optional(),
            size: z.number().int().min(0).optional(),
            expires_in: z
              .number()
              .int()
              .min(1)
              .max(7 * 86_400)
              .optional(),
          }),
          response: {
            200: z.object({
              url: z.string(),
              method: z.enum(['GET', 'PUT']),
              headers: z.record(z.string(), z.string()),
              expires_at: z.string(),
            }),
          },
        },
      },
      async (request) => {
        const { key, method, content_type, size, expires_in } = request.body;
        const uploader = uploaderOf(request);
        return store.presign(organizationOf(request), assertKey(key), {
          method,
          expiresInSeconds: expires_in ?? deps.urlTtlSeconds,
          ...(content_type !== undefined ? { contentType: content_type } : {}),
          ...(size !== undefined ? { size } : {}),
          ...(uploader ? { uploader } : {}),
        });
      },
    );

    r.get(
      `${base}/:key`,
      { config: { access: READ }, schema: { tags, params: keyParams, response: { 200: metaOut } } },
      async (request) => {
        const meta = await store.head(organizationOf(request), assertKey(request.params.key));
        if (!meta) throw new AppError('NOT_FOUND', `no file ${request.params.key}`);
        return meta;
      },
    );

    r.get(
      `${base}/:key/content`,
      { config: { access: READ }, schema: { tags, params: keyParams } },
      async (request, reply) => {
        const { meta, body } = await store.get(organizationOf(request), assertKey(request.params.key));
        return sendFile(reply, meta, body);
      },
    );

    r.delete(
      `${base}/:key`,
      { config: { access: RUN_GUARDS }, schema: { tags, params: keyParams } },
      async (request, reply) => {
        const deleted = await store.delete(organizationOf(request), assertKey(request.params.key));
        if (!deleted) throw new AppError('NOT_FOUND', `no file ${request.params.key}`);
        return reply.code(204).send();
      },
    );
  });

  // Raw-body routes: every content type is handed over as a stream, never parsed or buffered.
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    const r = scope.withTypeProvider<ZodTypeProvider>();

    r.put(
      `${base}/:key`,
      {
        config: { access: RUN_GUARDS },
        schema: {
          tags,
          summary: 'Upload one file as the raw request body',
          params: keyParams,
          response: { 201: metaOut },
        },
      },
      async (request, reply) => {
        const meta = await store.put(
          organizationOf(request),
          assertKey(request.params.key),
          streamOf(request.body),
          {
            contentType: request.headers['content-type'] ?? '',
            uploader: uploaderOf(request),
          },
        );
        return reply.code(201).send(meta);
      },
    );

    if (!(store instanceof LocalFileStore)) return;
    const local = store;
    const signed = async (request: FastifyRequest, reply: FastifyReply) => {
      const claims = local.presigner.verify(request.query as Record<string, unknown>, request.method);
      if (claims.method === 'GET') {
        const { meta, body } = await local.get(claims.organizationId, claims.key);
        return sendFile(reply, meta, body);
      }
      const contentType = request.headers['content-type'] ?? '';
      if (
        claims.contentType !== undefined &&
        contentType.split(';')[0]?.trim().toLowerCase() !== claims.contentType
      ) {
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', `this URL accepts ${claims.contentType} only`, {
          reason: 'content_type_mismatch',
        });
      }
      const meta = await local.put(claims.organizationId, claims.key, streamOf(request.body), {
        contentType,
        uploader: claims.uploader ?? null,
        ...(claims.maxBytes !== undefined ? { maxBytes: claims.maxBytes } : {}),
      });
      return reply.code(201).send(meta);
    };
    // Not in the OpenAPI document: clients only follow URLs that /api/v1/files/presign made.
    scope.route({
      method: ['GET', 'PUT'],
      url: SIGNED_FILES_PATH,
      config: { access: PUBLIC },
      schema: { hide: true },
      handler: signed,
    });
  });
}
