import { parentPort, workerData } from 'node:worker_threads';
import { lowerThisThreadPriority } from '../../../util/thread-priority.js';
import { analyzeDataset } from '../dataset/analyze.js';
import { readDatasetFile } from '../dataset/file.js';
import type { TextThreatScanner } from '../threats.js';
import type { WorkerData, WorkerMessage, WorkerTask } from './protocol.js';

/** A worker thread of the dataset-analysis pool: one task at a time, progress posted back. */
const port = parentPort;
if (!port) throw new Error('healthguard worker must run in a worker thread');
lowerThisThreadPriority();
// SecurityGuard's scanner, from the module the pool was given (injected, never imported by path here),
// reading the main thread's models when the pool passed them (shared memory, no second copy).
const data = workerData as WorkerData;
const scannerModule = (await import(data.scannerModule)) as {
  threatScanner: TextThreatScanner;
  adoptThreatScannerModels?: (models: unknown) => void;
};
if (data.scannerModels !== undefined) scannerModule.adoptThreatScannerModels?.(data.scannerModels);
const { threatScanner } = scannerModule;

port.on('message', async (task: WorkerTask) => {
  const post = (m: WorkerMessage) => port.postMessage(m);
  try {
    const rows = task.kind === 'rows' ? task.rows : await readDatasetFile(task.path);
    let last = -1;
    const report = analyzeDataset(rows, {
      threshold: task.threshold,
      scanner: threatScanner,
      onProgress: (p) => {
        // At most one message per whole percent.
        if (Math.floor(p.percent) === last) return;
        last = Math.floor(p.percent);
        post({ taskId: task.taskId, type: 'progress', ...p });
      },
    });
    post({ taskId: task.taskId, type: 'result', report });
  } catch (err) {
    post({ taskId: task.taskId, type: 'error', message: (err as Error).message });
  }
});
