import { parentPort } from 'node:worker_threads';
import { threatScanner } from '../../securityguard/scanners.js';
import { analyzeDataset } from '../dataset/analyze.js';
import { readDatasetFile } from '../dataset/file.js';
import type { WorkerMessage, WorkerTask } from './protocol.js';

/** A worker thread of the dataset-analysis pool: one task at a time, progress posted back. */
const port = parentPort;
if (!port) throw new Error('healthguard worker must run in a worker thread');

port.on('message', async (task: WorkerTask) => {
  const post = (m: WorkerMessage) => port.postMessage(m);
  try {
    const rows = task.kind === 'rows' ? task.rows : await readDatasetFile(task.path);
    let last = -1;
    const report = analyzeDataset(rows, {
      threshold: task.threshold,
      // SecurityGuard's detectors find injected instructions, secrets and PII in the rows.
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
