/** The storage commands' lines of the CLI usage (apart, so `serve` does not load those commands). */
export const MIGRATE_DATA_USAGE = `  migrate-data healthguard-sqlite FILE [--organization ORG] [--dry-run]
                                     copy the original HealthGuard SQLite database (analysis_audit,
                                     mitigation_audit, system_metrics) into PostgreSQL; idempotent
  migrate-data files-to-s3 [--dry-run]
                                     copy the local file store (DATA_DIR/files) to S3_BUCKET; idempotent
  storage check                      connect, write, read, delete and time every storage backend
`;
