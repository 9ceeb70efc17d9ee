import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { composeCore, composeServer } from './app/compose.js';
import { environment } from './app/environment.js';
import { credentialsBlock } from './app/first-start.js';
import { MIGRATE_DATA_USAGE } from './app/storage-usage.js';
import { ConfigError, loadConfig } from './config.js';
import { AppError } from './errors.js';
import { analyzeDataset, cleanedJsonl } from './guards/healthguard/dataset/analyze.js';
import { readDatasetFile } from './guards/healthguard/dataset/file.js';
import { capabilitiesOf, GUARD_MODULES } from './guards/registry.js';
import { UserFacingError } from './util/user-error.js';

const USAGE = `codeguardians <command> [options]

Commands:
  serve [--target all|gateway|GUARD] run the gateway (settings from the environment, see .env.example);
                                     --target sets MODE: everything in one process, the gateway in
                                     front of guard services, or one guard as its own service
  migrate                            apply database migrations and exit
  scan --guard NAME [FILE|-]         run one guard on a file or standard input, print the JSON result
       [--payload]                   treat the input as a JSON payload instead of plain text
  dataset FILE [--out CLEAN.jsonl]   analyse a JSONL or CSV training set for poisoning (HealthGuard),
                                     print the report, optionally write the cleaned rows
${MIGRATE_DATA_USAGE}`;

async function readInput(source: string | undefined): Promise<string> {
  if (source && source !== '-') return readFile(source, 'utf8');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function serve(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { target: { type: 'string', short: 't' } } });
  const env = environment();
  const config = loadConfig(values.target ? { ...env, MODE: values.target } : env);
  // Before the logger exists: a new user otherwise sees nothing for the seconds a cold start takes.
  if (config.LOG_LEVEL !== 'silent') {
    console.error(
      `codeguardians: starting (MODE=${config.MODE}, database: ${config.DATABASE_URL ? 'PostgreSQL' : `PGlite in ${config.DATA_DIR}/pglite`}); the first start creates the database and takes a few seconds`,
    );
  }
  const server = await composeServer(config);
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    server.logger.info({ signal }, 'shutting down');
    await server.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  await server.app.listen({ host: config.HOST, port: config.PORT });
  await server.listening();
  server.logger.info(
    {
      mode: config.MODE,
      guards: server.orchestrator.names(),
      database: server.db.status(),
      kv: server.kv.status(),
    },
    'CodeGuardians Gateway ready',
  );
  const shown = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST;
  const address = server.app.server.address();
  const baseUrl = `http://${shown}:${typeof address === 'object' && address ? address.port : config.PORT}`;
  if (server.firstStart) process.stderr.write(credentialsBlock(server.firstStart, baseUrl));
  if (config.LOG_LEVEL !== 'silent')
    console.error(`codeguardians: ready on ${baseUrl} (API docs at ${baseUrl}/docs)`);
}

async function migrate(): Promise<void> {
  const config = loadConfig({ LOG_LEVEL: 'warn', ...environment() });
  const core = await composeCore(config);
  try {
    // composeCore applies pending migrations; running them again reports that nothing is left.
    const pending = await core.db.migrate();
    console.log(JSON.stringify({ database: core.db.status(), pending_applied: pending }));
  } finally {
    await core.close();
  }
}

async function scan(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    options: { guard: { type: 'string', short: 'g' }, payload: { type: 'boolean', default: false } },
    allowPositionals: true,
  });
  const names = GUARD_MODULES.map((m) => m.name);
  if (!values.guard || !names.includes(values.guard)) {
    throw new AppError(
      'UNKNOWN_SERVICE_TYPE',
      `--guard must name a guard: ${names.join(', ')} (got ${values.guard ?? 'nothing'})`,
    );
  }
  const input = await readInput(positionals[0]);
  let payload: unknown = { text: input };
  if (values.payload) {
    try {
      payload = JSON.parse(input);
    } catch (err) {
      throw new AppError('INVALID_JSON', `--payload input is not JSON: ${(err as Error).message}`);
    }
  }
  // A scan needs no database (nothing is created in ./data), no dataset workers, and only its guard.
  const config = loadConfig({ LOG_LEVEL: 'warn', ...environment(), HEALTHGUARD_WORKERS: '0' });
  const core = await composeCore(config, { db: 'none', only: values.guard });
  try {
    const result = await core.orchestrator.run(values.guard, payload, { requestId: `cli-${Date.now()}` });
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await core.close();
  }
}

/** A one-line progress bar on standard error, redrawn in place when it is a terminal. */
function progressBar(): (p: { phase: string; rowsDone: number; rowsTotal: number }) => void {
  let last = '';
  return ({ phase, rowsDone, rowsTotal }) => {
    const ratio = rowsTotal > 0 ? rowsDone / rowsTotal : 0;
    const filled = Math.round(ratio * 30);
    const line = `${phase.padEnd(12)} [${'#'.repeat(filled)}${'.'.repeat(30 - filled)}] ${(ratio * 100).toFixed(0).padStart(3)}% ${rowsDone}/${rowsTotal}`;
    if (line === last) return;
    last = line;
    process.stderr.write(process.stderr.isTTY ? `\r${line}` : `${line}\n`);
  };
}

async function dataset(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    options: { out: { type: 'string' } },
    allowPositionals: true,
  });
  const file = positionals[0];
  if (!file) throw new AppError('VALIDATION_ERROR', 'name a JSONL or CSV file: codeguardians dataset FILE');
  let rows: Awaited<ReturnType<typeof readDatasetFile>>;
  try {
    rows = await readDatasetFile(file);
  } catch (err) {
    throw new AppError('INVALID_FILE', `${file}: ${(err as Error).message}`);
  }
  const { threatScanner } = capabilitiesOf(GUARD_MODULES);
  if (!threatScanner) throw new Error('no guard module provides a threat scanner');
  const report = analyzeDataset(rows, { onProgress: progressBar(), scanner: threatScanner });
  if (process.stderr.isTTY) process.stderr.write('\n');
  if (values.out) await writeFile(values.out, `${cleanedJsonl(rows, report)}\n`);
  console.log(JSON.stringify(report, null, 2));
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
      return serve(rest);
    case 'migrate':
      return migrate();
    case 'scan':
      return scan(rest);
    case 'dataset':
      return dataset(rest);
    case 'migrate-data':
      // Loaded only for these commands: the S3 client and sql.js stay out of a serving process.
      return (await import('./app/storage-commands.js')).migrateDataCommand(rest);
    case 'storage':
      return (await import('./app/storage-commands.js')).storageCommand(rest);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE);
      return;
    default:
      console.error(`unknown command '${command}'\n\n${USAGE}`);
      process.exitCode = 2;
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  // Refusals the user can fix print one line each, never a stack trace.
  if (err instanceof ConfigError || err instanceof UserFacingError) console.error(err.message);
  else if (err instanceof AppError) console.error(`error ${err.code}: ${err.detail}`);
  else console.error(err);
  process.exit(
    err instanceof ConfigError || err instanceof AppError || err instanceof UserFacingError ? 2 : 1,
  );
});
