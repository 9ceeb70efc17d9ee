import type { LocalFileStore } from '../files/local.js';
import type { FileStore } from '../files/types.js';

/**
 * `codeguardians migrate-data files-to-s3`: copies every file of the local store (all
 * organizations) to the S3 store, keeping key, content type and uploader. A file already in S3
 * with the same SHA-256 is skipped, so the copy can be re-run after an interruption. Streams
 * one file at a time.
 */
export interface CopyReport {
  dry_run: boolean;
  organizations: number;
  files: number;
  bytes: number;
  copied: number;
  skipped_same: number;
  failed: { organization_id: string; key: string; error: string }[];
}

export async function copyFilesToS3(
  from: LocalFileStore,
  to: FileStore,
  options: { dryRun: boolean },
): Promise<CopyReport> {
  const report: CopyReport = {
    dry_run: options.dryRun,
    organizations: 0,
    files: 0,
    bytes: 0,
    copied: 0,
    skipped_same: 0,
    failed: [],
  };
  for (const org of await from.organizations()) {
    report.organizations++;
    let cursor: string | undefined;
    do {
      const page = await from.list(org, { limit: 500, ...(cursor ? { cursor } : {}) });
      for (const meta of page.items) {
        report.files++;
        report.bytes += meta.size;
        try {
          const there = await to.head(org, meta.key);
          if (there && there.size === meta.size && there.sha256 === meta.sha256) {
            report.skipped_same++;
            continue;
          }
          if (options.dryRun) {
            report.copied++;
            continue;
          }
          const { body } = await from.get(org, meta.key);
          await to.put(org, meta.key, body, { contentType: meta.content_type, uploader: meta.uploader });
          report.copied++;
        } catch (err) {
          report.failed.push({ organization_id: org, key: meta.key, error: (err as Error).message });
        }
      }
      cursor = page.next_cursor;
    } while (cursor);
  }
  return report;
}
