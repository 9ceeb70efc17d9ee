import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Config } from '../../../config.js';
import { AppError } from '../../../errors.js';
import { READ, RUN_GUARDS, usagePerRequest } from '../../../http/access.js';
import type { Database } from '../../../storage/db/types.js';
import { assertKey } from '../../../storage/files/keys.js';
import type { FileStore } from '../../../storage/files/types.js';
import { FileJobRunner, type FileJobRunnerOptions } from './file-jobs.js';
import type { WorkerPool } from './pool.js';

/**
 * /api/v1/healthguard/file-jobs: analyse a stored file (uploaded through /api/v1/files or a
 * presigned URL), follow its progress, and get presigned URLs of the cleaned dataset and report.
 */
export interface FileJobRoutesDeps {
  config: Config;
  db: Database;
  logger: Logger;
  files: FileStore;
  pool: WorkerPool;
  organizationOf: (request: FastifyRequest) => string;
  runner?: Partial<FileJobRunnerOptions>;
}

const jobOut = z.object({
  id: z.string(),
  organization_id: z.string(),
  file_key: z.string(),
  format: z.enum(['jsonl', 'csv']),
  status: z.enum(['queued', 'running', 'succeeded', 'failed']),
  progress_percent: z.number(),
  rows_done: z.number(),
  bytes_done: z.number(),
  bytes_total: z.number(),
  chunks_done: z.number(),
  resumed_count: z.number(),
  cleaned_key: z.string().nullable(),
  report_key: z.string().nullable(),
  error: z.string().nullable(),
  created_at: z.string(),
  started_at: z.string().nullable(),
  finished_at: z.string().nullable(),
});

const link = z.object({
  url: z.string(),
  method: z.enum(['GET', 'PUT']),
  headers: z.record(z.string(), z.string()),
  expires_at: z.string(),
});

export function registerFileJobRoutes(app: FastifyInstance, deps: FileJobRoutesDeps): FileJobRunner {
  const { files, organizationOf } = deps;
  const runner = new FileJobRunner({
    db: deps.db,
    files,
    pool: deps.pool,
    logger: deps.logger,
    threshold: deps.config.HEALTHGUARD_THRESHOLD,
    ...deps.runner,
  });
  app.addHook('onReady', async () => runner.start());
  // Before the guards (and their worker pool) close: the job in progress hands itself back.
  app.addHook('onClose', async () => runner.close());

  const r = app.withTypeProvider<ZodTypeProvider>();
  const base = '/api/v1/healthguard/file-jobs';
  const tags = ['healthguard'];
  const idParams = z.object({ id: z.string().uuid() });

  r.post(
    base,
    {
      config: { access: RUN_GUARDS, usage: usagePerRequest('healthguard') },
      schema: {
        tags,
        summary: 'Analyse a stored JSONL or CSV file for poisoning; resumes after a restart',
        body: z.object({
          file_key: z.string().min(1).max(1024),
          format: z.enum(['jsonl', 'csv']).optional(),
        }),
        response: { 202: jobOut },
      },
    },
    async (request, reply) => {
      const job = await runner.submit(
        organizationOf(request),
        assertKey(request.body.file_key),
        request.body.format,
      );
      return reply.code(202).header('location', `${base}/${job.id}`).send(job);
    },
  );

  r.get(
    base,
    {
      config: { access: READ },
      schema: {
        tags,
        summary: "The organization's newest file jobs, each with the counts of its report so far",
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
        response: {
          200: z.object({
            jobs: z.array(
              jobOut.extend({
                summary: z
                  .object({
                    total_rows: z.number(),
                    kept_rows: z.number(),
                    poisoned_count: z.number(),
                    cross_chunk_duplicates: z.number(),
                    counts_by_reason: z.record(z.string(), z.number()),
                    trigger_phrases: z.number(),
                  })
                  .nullable(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => ({ jobs: await runner.list(organizationOf(request), request.query.limit) }),
  );

  r.get(
    `${base}/:id`,
    { config: { access: READ }, schema: { tags, params: idParams, response: { 200: jobOut } } },
    async (request) => {
      const job = await runner.get(organizationOf(request), request.params.id);
      if (!job) throw new AppError('NOT_FOUND', `no file job ${request.params.id}`);
      return job;
    },
  );

  r.get(
    `${base}/:id/downloads`,
    {
      config: { access: READ },
      schema: { tags, params: idParams, response: { 200: z.object({ cleaned: link, report: link }) } },
    },
    async (request) => {
      const org = organizationOf(request);
      const job = await runner.get(org, request.params.id);
      if (!job) throw new AppError('NOT_FOUND', `no file job ${request.params.id}`);
      if (job.status !== 'succeeded' || !job.cleaned_key || !job.report_key) {
        throw new AppError('CONFLICT', `job ${job.id} is ${job.status}`, { status_of_job: job.status });
      }
      const ttl = deps.config.FILES_URL_TTL_SECONDS;
      return {
        cleaned: await files.presign(org, job.cleaned_key, { method: 'GET', expiresInSeconds: ttl }),
        report: await files.presign(org, job.report_key, { method: 'GET', expiresInSeconds: ttl }),
      };
    },
  );
  return runner;
}
