/** The storage commands' lines of the CLI usage (apart, so `serve` does not load those commands). */
export const MIGRATE_DATA_USAGE = `  migrate-data healthguard-sqlite FILE [--organization ORG] [--dry-run]
                                     copy the original HealthGuard SQLite database (analysis_audit,
                                     mitigation_audit, system_metrics) into PostgreSQL; idempotent
  migrate-data files-to-s3 [--dry-run]
                                     copy the local file store (DATA_DIR/files) to S3_BUCKET; idempotent
  migrate-data sessions PATH [--organization ORG] [--dry-run]
                                     import the original's file-based conversation sessions (a folder
                                     of JSON files, or one file) into ContextGuard's store (Redis);
                                     sessions already there are left alone
  migrate-data config FILE [--dry-run]
                                     merge the original's JSON configuration (thresholds, timeouts,
                                     rate limits, features) into the runtime configuration
                                     (PostgreSQL + Redis, announced to every replica); idempotent
  storage check                      connect, write, read, delete and time every storage backend
`;
