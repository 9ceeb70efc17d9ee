import { setPriority } from 'node:os';

/** The nice value of worker threads doing guard work: below the event loop, above idle. */
export const WORKER_NICE = 10;

/**
 * Gives the calling worker thread a lower CPU priority than the event loop's thread. Guard work
 * sent to worker threads (large checks, dataset jobs) can use every core; when the cores are
 * contended, the event loop (health probes, small checks, other tenants) is scheduled first and
 * the long check waits, which its deadline still bounds. Linux keeps the nice value per thread
 * (setpriority(2) on pid 0 changes the calling thread only); elsewhere it is per process, so
 * nothing is changed there. A refusal leaves the thread at its priority.
 */
export function lowerThisThreadPriority(): void {
  if (process.platform !== 'linux') return;
  try {
    setPriority(WORKER_NICE);
  } catch {
    // Not permitted (a seccomp profile, say): the thread keeps the normal priority.
  }
}
