import { parseArgs } from 'node:util';
import pino from 'pino';
import { type Config, loadConfig } from '../config.js';
import { AppError } from '../errors.js';
import { importLegacySessions } from '../guards/contextguard/legacy-sessions.js';
import { importLegacyConfig } from '../platform/legacy-config.js';
import { RuntimeConfigService } from '../platform/runtime-config.js';
import { checkStorage, formatCheck } from '../storage/check.js';
import { openDatabase } from '../storage/db/index.js';
import { fileLimitsOf, openFileStore, s3OptionsOf } from '../storage/files/index.js';
import { LocalFileStore } from '../storage/files/local.js';
import { S3FileStore } from '../storage/files/s3.js';
import { openKeyValueStore } from '../storage/kv/index.js';
import { copyFilesToS3 } from '../storage/migrate-data/files-to-s3.js';
import { importHealthguardSqlite } from '../storage/migrate-data/healthguard-sqlite.js';

/** The `migrate-data` and `storage` commands of the CLI; each prints a JSON report on standard output. */

export { MIGRATE_DATA_USAGE } from './storage-usage.js';

const quietConfig = (): Config => loadConfig({ LOG_LEVEL: 'warn', ...process.env });

export async function migrateDataCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    options: { organization: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
    allowPositionals: true,
  });
  const [what, file] = positionals;
  const dryRun = values['dry-run'] ?? false;
  const config = quietConfig();
  if (what === 'healthguard-sqlite') {
    if (!file)
      throw new AppError('VALIDATION_ERROR', 'name the SQLite file: migrate-data healthguard-sqlite FILE');
    const db = await openDatabase(config);
    try {
      await db.migrate();
      const report = await importHealthguardSqlite(db, file, {
        organizationId: values.organization ?? 'default',
        dryRun,
      });
      console.log(JSON.stringify(report, null, 2));
    } catch (err) {
      if (err instanceof Error && /file is not a database|ENOENT/.test(err.message)) {
        throw new AppError('INVALID_FILE', `${file}: ${err.message}`);
      }
      throw err;
    } finally {
      await db.close();
    }
    return;
  }
  if (what === 'files-to-s3') {
    if (!config.S3_BUCKET)
      throw new AppError(
        'VALIDATION_ERROR',
        'set S3_BUCKET (and S3_ENDPOINT_URL, AWS_*) to copy files to S3',
      );
    const from = await LocalFileStore.open({
      root: `${config.DATA_DIR}/files`,
      limits: fileLimitsOf(config),
    });
    const to = new S3FileStore(s3OptionsOf(config, config.S3_BUCKET));
    try {
      const report = await copyFilesToS3(from, to, { dryRun });
      console.log(JSON.stringify(report, null, 2));
      if (report.failed.length > 0) process.exitCode = 1;
    } finally {
      await to.close();
    }
    return;
  }
  if (what === 'sessions') {
    if (!file)
      throw new AppError('VALIDATION_ERROR', 'name the sessions folder or file: migrate-data sessions PATH');
    const kv = await openKeyValueStore(config, pino({ level: 'silent' }));
    try {
      if (kv.kind === 'memory' && !dryRun) {
        throw new AppError(
          'VALIDATION_ERROR',
          'set REDIS_URL (or REDIS_HOST): without Redis the sessions would end with this command',
        );
      }
      const report = await importLegacySessions(kv, config, file, {
        organizationId: values.organization ?? 'default',
        dryRun,
      }).catch((err: unknown) => {
        if (err instanceof Error && /ENOENT/.test(err.message))
          throw new AppError('INVALID_FILE', err.message);
        throw err;
      });
      console.log(JSON.stringify({ ...report, store: kv.status().kind }, null, 2));
      if (report.invalid.length > 0) process.exitCode = 1;
    } finally {
      await kv.close();
    }
    return;
  }
  if (what === 'config') {
    if (!file)
      throw new AppError('VALIDATION_ERROR', 'name the configuration file: migrate-data config FILE');
    const logger = pino({ level: 'silent' });
    const db = await openDatabase(config);
    const kv = await openKeyValueStore(config, logger);
    const service = new RuntimeConfigService({ db, kv, logger, pollMs: 0 });
    try {
      await db.migrate();
      console.log(JSON.stringify(await importLegacyConfig(service, file, { dryRun }), null, 2));
    } finally {
      await service.close();
      await kv.close();
      await db.close();
    }
    return;
  }
  throw new AppError(
    'VALIDATION_ERROR',
    `migrate-data needs healthguard-sqlite, files-to-s3, sessions or config (got ${what ?? 'nothing'})`,
  );
}

export async function storageCommand(args: string[]): Promise<void> {
  if (args[0] !== 'check') throw new AppError('VALIDATION_ERROR', 'usage: codeguardians storage check');
  const config = quietConfig();
  const logger = pino({ level: 'silent' });
  const db = await openDatabase(config);
  const kv = await openKeyValueStore(config, logger);
  const files = await openFileStore(config);
  try {
    await db.migrate();
    const results = await checkStorage({ db, kv, files });
    console.error(formatCheck(results));
    console.log(JSON.stringify(results, null, 2));
    if (!results.every((r) => r.ok)) process.exitCode = 1;
  } finally {
    await files.close();
    await kv.close();
    await db.close();
  }
}
