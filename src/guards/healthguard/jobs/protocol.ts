import type { DatasetReport, DatasetRow } from '../dataset/types.js';

/** What a worker starts with: the scanner module to import, and the models to give it (see pool.ts). */
export interface WorkerData {
  scannerModule: string;
  scannerModels?: unknown;
}

/** Messages between the job pool and its worker threads. */
export type WorkerTask =
  | { taskId: number; kind: 'rows'; rows: DatasetRow[]; threshold: number }
  | { taskId: number; kind: 'file'; path: string; threshold: number };

export type WorkerMessage =
  | { taskId: number; type: 'progress'; phase: string; rowsDone: number; rowsTotal: number; percent: number }
  | { taskId: number; type: 'result'; report: DatasetReport }
  | { taskId: number; type: 'error'; message: string };
