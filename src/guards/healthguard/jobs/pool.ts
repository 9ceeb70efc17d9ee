import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../../../util/module-worker.js';
import type { DatasetReport, ProgressFn } from '../dataset/types.js';
import type { WorkerData, WorkerMessage, WorkerTask } from './protocol.js';

/**
 * A small pool of worker threads for dataset analysis, so a big dataset never blocks the event
 * loop. Tasks queue when every worker is busy; a worker that crashes is replaced and its task fails.
 */

type Pending = {
  task: WorkerTask;
  onProgress?: ProgressFn;
  resolve: (r: DatasetReport) => void;
  reject: (e: Error) => void;
};

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export class WorkerPool {
  private readonly idle: Worker[] = [];
  private readonly all = new Set<Worker>();
  private readonly busy = new Map<Worker, Pending>();
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly size: number,
    /** A module URL exporting `threatScanner`; each worker imports it (functions cannot cross threads). */
    private readonly scannerModule: string,
    /**
     * The old-generation heap of each worker in MB (0: V8's default). A cap makes V8 collect
     * sooner instead of growing the heap; a task needing more fails with the worker.
     */
    private readonly maxHeapMb = 0,
    /**
     * What each worker is given for the scanner module's `adoptThreatScannerModels` (the main
     * thread's models on shared memory); without it, each worker loads its own copy.
     */
    private readonly scannerModels?: () => unknown,
  ) {}

  run(task: DistributiveOmit<WorkerTask, 'taskId'>, onProgress?: ProgressFn): Promise<DatasetReport> {
    if (this.closed) return Promise.reject(new Error('worker pool is closed'));
    return new Promise((resolve, reject) => {
      const full = { ...task, taskId: this.nextId++ } as WorkerTask;
      this.queue.push({ task: full, ...(onProgress ? { onProgress } : {}), resolve, reject });
      this.pump();
    });
  }

  /**
   * With a heap cap, the young generation is capped too: V8's default (up to 48 MB of semi-spaces
   * on 64-bit) is large beside a 96 MB old generation, and the rows of one chunk die young.
   */
  private limits() {
    if (this.maxHeapMb <= 0) return {};
    const young = Math.max(4, Math.min(16, Math.round(this.maxHeapMb / 6)));
    return { resourceLimits: { maxOldGenerationSizeMb: this.maxHeapMb, maxYoungGenerationSizeMb: young } };
  }

  private spawn(): Worker {
    const workerData: WorkerData = {
      scannerModule: this.scannerModule,
      ...(this.scannerModels ? { scannerModels: this.scannerModels() } : {}),
    };
    const worker = startModuleWorker(import.meta.url, './worker', { workerData, ...this.limits() });
    this.all.add(worker);
    worker.on('message', (m: WorkerMessage) => {
      const p = this.busy.get(worker);
      if (!p || p.task.taskId !== m.taskId) return;
      if (m.type === 'progress') {
        p.onProgress?.({ phase: m.phase, rowsDone: m.rowsDone, rowsTotal: m.rowsTotal, percent: m.percent });
        return;
      }
      this.busy.delete(worker);
      if (m.type === 'result') p.resolve(m.report);
      else p.reject(new Error(m.message));
      this.idle.push(worker);
      this.pump();
    });
    const lost = (err: Error) => {
      this.all.delete(worker);
      const i = this.idle.indexOf(worker);
      if (i >= 0) this.idle.splice(i, 1);
      const p = this.busy.get(worker);
      this.busy.delete(worker);
      p?.reject(err);
      if (!this.closed) this.pump();
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`worker exited with code ${code}`)));
    return worker;
  }

  private pump(): void {
    while (this.queue.length > 0) {
      let worker = this.idle.pop();
      if (!worker && this.all.size < Math.max(1, this.size)) worker = this.spawn();
      if (!worker) return;
      const next = this.queue.shift();
      if (!next) {
        this.idle.push(worker);
        return;
      }
      this.busy.set(worker, next);
      worker.postMessage(next.task);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new Error('worker pool closed'));
    await Promise.all([...this.all].map((w) => w.terminate()));
    this.all.clear();
    this.idle.length = 0;
  }
}
