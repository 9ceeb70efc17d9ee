import type { Logger } from 'pino';

/**
 * Writes off the request path: `record()` only appends to an in-memory buffer; a timer (or a full
 * batch) hands the buffered items to `write` in batches. A failed batch is logged and dropped
 * (never thrown to callers) and the rest waits for the next flush; while the database stays down,
 * the buffer keeps the newest `maxBuffered` items and counts the ones it drops. In the embedded
 * mode one statement per batch instead of one per call keeps these writes cheap (PGlite runs on a
 * thread of its own, but the machine's cores are shared with the requests).
 */
export interface BatchedWriterOptions {
  /** Flush at least this often. */
  flushMs: number;
  /** Items per `write`, and the buffer size that triggers an early flush. */
  batchSize: number;
  /** Items kept while the database cannot take them; the oldest go first beyond it. */
  maxBuffered?: number;
  /** What is written, for the logs ("guard_operations rows"). */
  what: string;
}

export interface BatchedWriterStats {
  buffered: number;
  written: number;
  /** Items lost because their batch failed to write. */
  droppedOnFailure: number;
  /** Oldest items pushed out of a full buffer. */
  droppedOnOverflow: number;
  /** Items recorded after close(). */
  droppedAfterClose: number;
}

/** A FIFO whose shift is O(1) (a head index, compacted now and then), for a full buffer's drops. */
class Queue<T> {
  private items: T[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  /** Removes and returns up to `n` of the oldest items. */
  take(n: number): T[] {
    const out = this.items.slice(this.head, this.head + n);
    this.drop(out.length);
    return out;
  }

  drop(n: number): void {
    this.head += Math.min(n, this.length);
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
}

export class BatchedWriter<T> {
  private readonly buffer = new Queue<T>();
  private readonly timer: NodeJS.Timeout;
  private inFlight: Promise<void> | undefined;
  private flushScheduled = false;
  private closed = false;
  private failing = false;
  private readonly maxBuffered: number;
  private readonly counters = { written: 0, droppedOnFailure: 0, droppedOnOverflow: 0, droppedAfterClose: 0 };

  constructor(
    private readonly write: (batch: T[]) => Promise<void>,
    private readonly logger: Logger,
    private readonly options: BatchedWriterOptions,
  ) {
    this.maxBuffered = Math.max(options.maxBuffered ?? options.batchSize * 50, options.batchSize);
    this.timer = setInterval(() => void this.flush(), options.flushMs);
    this.timer.unref();
  }

  /** Buffers one item. Synchronous and cheap: no I/O, never throws. */
  record(item: T): void {
    if (this.closed) {
      this.counters.droppedAfterClose++;
      return;
    }
    this.buffer.push(item);
    if (this.buffer.length > this.maxBuffered) {
      const excess = this.buffer.length - this.maxBuffered;
      this.buffer.drop(excess);
      this.counters.droppedOnOverflow += excess;
    }
    if (this.buffer.length >= this.options.batchSize && !this.flushScheduled) {
      // After the current request's work, not inside it.
      this.flushScheduled = true;
      setImmediate(() => {
        this.flushScheduled = false;
        void this.flush();
      });
    }
  }

  /** Writes everything buffered so far. Resolves when done; never rejects. */
  flush(): Promise<void> {
    const previous = this.inFlight ?? Promise.resolve();
    const next = previous.then(() => this.drain());
    this.inFlight = next;
    void next.finally(() => {
      if (this.inFlight === next) this.inFlight = undefined;
    });
    return next;
  }

  /** Stops the timer and writes what is left. Later `record()` calls are counted and ignored. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    await this.flush();
  }

  stats(): BatchedWriterStats {
    return { buffered: this.buffer.length, ...this.counters };
  }

  private async drain(): Promise<void> {
    // Only what is buffered now: under constant load a flush must still end.
    let remaining = this.buffer.length;
    while (remaining > 0 && this.buffer.length > 0) {
      const batch = this.buffer.take(Math.min(this.options.batchSize, remaining));
      remaining -= batch.length;
      try {
        await this.write(batch);
        this.counters.written += batch.length;
        if (this.failing) {
          this.failing = false;
          this.logger.info({ ...this.counters }, `${this.options.what} writes recovered`);
        }
      } catch (error) {
        this.counters.droppedOnFailure += batch.length;
        // Log the first failure of a run loudly, the rest quietly, so an outage is not a log flood.
        const entry = { err: error, items: batch.length };
        const message = `${this.options.what}: batch failed; dropped`;
        if (!this.failing) {
          this.failing = true;
          this.logger.error(entry, message);
        } else {
          this.logger.debug(entry, message);
        }
        // The rest waits for the next flush, so one failure costs at most this batch.
        return;
      }
    }
  }
}
