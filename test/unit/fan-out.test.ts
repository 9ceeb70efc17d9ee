import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Server } from '../../src/app/compose.js';
import { ADMIN_KEY, startServer } from '../helpers/server.js';

/**
 * CHECK_FAN_OUT_GUARDS: in a check of several guards, the named ones run in a free pool worker
 * beside the others. The answers are the guards' own (the same as inline); a single-guard call and
 * the guards not named stay on the request thread.
 */

type Gateway = Server & { dispose(): Promise<void> };

const post = (s: Gateway, url: string, payload: unknown) =>
  s.app.inject({
    method: 'POST',
    url,
    payload: JSON.stringify(payload),
    headers: { 'content-type': 'application/json', 'x-api-key': ADMIN_KEY },
  });

const poolTasks = async (s: Gateway, guard: string): Promise<number> => {
  const metrics = (await s.app.inject('/metrics')).body;
  const line = new RegExp(`guard_pool_tasks_total\\{guard="${guard}",outcome="ok"\\} (\\d+)`).exec(metrics);
  return Number(line?.[1] ?? 0);
};

const TEXT = 'Women are too emotional.';

describe('fan-out of a multi-guard check to the worker pool', () => {
  let s: Gateway;
  beforeAll(async () => {
    s = await startServer({
      GUARD_WORKERS: '1',
      CHECK_FAN_OUT_GUARDS: 'biasguard,trustguard',
      RATE_LIMIT_ENABLED: 'false',
      GUARD_TIMEOUT_MS: '120000',
    });
  }, 180_000);
  afterAll(() => s?.dispose());

  it('runs the named guards in the worker once it is ready, with the answers they give inline', async () => {
    const guards = ['securityguard', 'biasguard', 'trustguard', 'tokenguard'];
    // The first check starts the worker and runs inline; later ones fan out once it has loaded.
    let fanned = false;
    let answer: Record<string, { verdict: string; score: number; findings: unknown[] }> = {};
    for (let i = 0; i < 600 && !fanned; i++) {
      const res = await post(s, '/api/v1/guards/check', { text: TEXT, guards });
      expect(res.statusCode).toBe(200);
      answer = res.json().guards;
      // One worker: BiasGuard (first named) takes it; TrustGuard finds it busy and runs inline.
      fanned = (await poolTasks(s, 'biasguard')) > 0;
      if (!fanned) await new Promise((r) => setTimeout(r, 200));
    }
    expect(fanned).toBe(true);
    expect(await poolTasks(s, 'trustguard')).toBe(0);
    expect(await poolTasks(s, 'securityguard')).toBe(0);
    expect(await poolTasks(s, 'tokenguard')).toBe(0);

    for (const guard of ['biasguard', 'trustguard']) {
      const alone = await post(s, '/api/v1/guards/process', { service_type: guard, payload: { text: TEXT } });
      expect(alone.statusCode).toBe(200);
      const inline = alone.json().data as { verdict: string; score: number; findings: unknown[] };
      expect(answer[guard]?.verdict).toBe(inline.verdict);
      expect(answer[guard]?.score).toBe(inline.score);
      expect(answer[guard]?.findings).toEqual(inline.findings);
    }
    expect(answer.biasguard?.verdict).not.toBe('allow');
  }, 180_000);

  it('keeps a single-guard call of a small input on the request thread', async () => {
    const before = await poolTasks(s, 'biasguard');
    const res = await post(s, '/api/v1/guards/process', {
      service_type: 'biasguard',
      payload: { text: TEXT },
    });
    expect(res.statusCode).toBe(200);
    expect(await poolTasks(s, 'biasguard')).toBe(before);
  });

  it('refuses an unknown guard name in CHECK_FAN_OUT_GUARDS at start-up', async () => {
    await expect(startServer({ CHECK_FAN_OUT_GUARDS: 'biasguard,nosuchguard' })).rejects.toThrow(
      /CHECK_FAN_OUT_GUARDS.*nosuchguard/,
    );
  });
});
