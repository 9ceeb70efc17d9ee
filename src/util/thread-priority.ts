import { getPriority, setPriority } from 'node:os';

/** How much nicer than the thread that starts them worker threads doing guard work run. */
export const WORKER_NICE = 10;
/** Linux's lowest priority. */
const MAX_NICE = 19;

/** The nice value a worker started from a thread at `parent` runs at: below it, capped at idle. */
export const workerNice = (parent: number): number => Math.min(MAX_NICE, parent + WORKER_NICE);

/**
 * Gives the calling worker thread a lower CPU priority than the event loop's thread. Guard work
 * sent to worker threads (large checks, dataset jobs) can use every core; when the cores are
 * contended, the event loop (health probes, small checks, other tenants) is scheduled first and
 * the long check waits, which its deadline still bounds. Linux keeps the nice value per thread
 * (setpriority(2) on pid 0 changes the calling thread only); elsewhere it is per process, so
 * nothing is changed there. The value is relative to the thread's own (inherited from the thread
 * that started it), so a gateway started under `nice` still ranks its workers below its event loop.
 * A refusal leaves the thread at its priority.
 */
export function lowerThisThreadPriority(): void {
  if (process.platform !== 'linux') return;
  try {
    setPriority(workerNice(getPriority()));
  } catch {
    // Not permitted (a seccomp profile, say): the thread keeps the normal priority.
  }
}
