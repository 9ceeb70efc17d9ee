import { describe, expect, it } from 'vitest';
import { Deadline, deadlineOf, withDeadline } from './deadline.js';

const passed = (d: Deadline) =>
  new Promise<void>((resolve) => {
    d.onExpire(resolve);
  });

describe('Deadline', () => {
  it('calls its waiters when it passes, and a signal read afterwards is already aborted', async () => {
    const d = new Deadline(1);
    const calls: string[] = [];
    d.onExpire(() => calls.push('a'));
    const cancel = d.onExpire(() => calls.push('cancelled'));
    cancel();
    await passed(d);
    expect(calls).toEqual(['a']);
    expect(d.expired).toBe(true);
    expect(d.signal.aborted).toBe(true);
    expect(String(d.signal.reason)).toContain('deadline of 1 ms passed');
  });

  it('aborts a signal read before it passes, and clear() stops it', async () => {
    const early = new Deadline(1);
    const signal = early.signal;
    expect(signal.aborted).toBe(false);
    await passed(early);
    expect(signal.aborted).toBe(true);

    const cleared = new Deadline(1);
    cleared.clear();
    const other = new Deadline(5);
    await passed(other);
    expect(cleared.expired).toBe(false);
    expect(cleared.signal.aborted).toBe(false);
  });

  it('travels on a context without being one of its enumerable fields', () => {
    const d = new Deadline(1000);
    const ctx = withDeadline({ requestId: 'r', signal: new AbortController().signal }, d);
    d.clear();
    expect(Object.keys(ctx)).toEqual(['requestId', 'signal']);
    expect(deadlineOf(ctx as never)).toBe(d);
    expect(deadlineOf({ requestId: 'r' } as never)).toBeUndefined();
  });
});
