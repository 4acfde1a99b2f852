import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Enrolled, TestPlatform } from './helpers';
import { adminRecords, call, enroll, expectProblem, start, submission, uuid } from './helpers';

let t: TestPlatform;
let a: Enrolled;

beforeAll(async () => {
  t = await start();
  a = await enroll(t.api);
});
afterEach(() => t.platform.setFaults(null));
afterAll(() => t.stop());

const put = (id: string, bytes: string) => call(t.api, 'PUT', `/v1/submissions/${id}`, { token: a.token, raw: bytes });

const records = () => adminRecords(t.platform.url);

describe('fault mode', () => {
  it('5xx: a 500 or 502 problem', async () => {
    t.platform.setFaults({ rate: 1, kinds: ['5xx'], seed: 1 });
    const statuses = new Set<number>();
    for (let i = 0; i < 8; i += 1) {
      const r = await call(t.api, 'GET', '/v1/catalog', { token: a.token });
      expect([500, 502]).toContain(r.status);
      expect(r.headers.get('content-type')).toMatch(/problem\+json/);
      statuses.add(r.status);
    }
    expect(statuses.size).toBe(2);
  });

  it('429 and 503 carry Retry-After', async () => {
    for (const kind of ['429', '503'] as const) {
      t.platform.setFaults({ rate: 1, kinds: [kind] });
      const r = await call(t.api, 'GET', '/v1/catalog', { token: a.token });
      expectProblem(r, Number(kind), kind === '429' ? 'rate-limited' : 'unavailable');
      expect(r.headers.get('retry-after')).toBe('1');
    }
  });

  it('latency delays the answer', async () => {
    t.platform.setFaults({ rate: 1, kinds: ['latency'], latencyMs: 150 });
    const started = performance.now();
    const r = await call(t.api, 'GET', '/v1/catalog', { token: a.token });
    expect(r.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('reset: the connection is cut and nothing is written', async () => {
    t.platform.setFaults({ rate: 1, kinds: ['reset'] });
    const id = uuid();
    await expect(put(id, JSON.stringify(submission(a.terminalId)))).rejects.toThrow();
    t.platform.setFaults(null);
    expect((await records()).submissions.items.some((x: { id: string }) => x.id === id)).toBe(false);
  });

  it('drop-after-commit: the client sees a socket error, the record exists, a replay is 200', async () => {
    t.platform.setFaults({ rate: 1, kinds: ['drop-after-commit'] });
    const id = uuid();
    const bytes = JSON.stringify(submission(a.terminalId));
    await expect(put(id, bytes)).rejects.toThrow();
    t.platform.setFaults(null);
    const rec = (await records()).submissions.items.find((x: { id: string }) => x.id === id);
    expect(rec).toMatchObject({ firstDeliveries: 1 });
    const replay = await put(id, bytes);
    expect(replay.status).toBe(200);
    expect(replay.body.receiptNo).toBe(rec.receiptNo);
  });

  it('the admin surface is never faulted, and a seeded rate is reproducible', async () => {
    t.platform.setFaults({ rate: 1, kinds: ['reset'] });
    expect((await fetch(`${t.platform.url}/_admin/health`)).status).toBe(200);
    const run = async () => {
      t.platform.setFaults({ rate: 0.5, kinds: ['503'], seed: 42 });
      const out: number[] = [];
      for (let i = 0; i < 12; i += 1) out.push((await call(t.api, 'GET', '/v1/catalog', { token: a.token })).status);
      return out;
    };
    const first = await run();
    expect(await run()).toEqual(first);
    expect(first).toContain(200);
    expect(first).toContain(503);
  });

  it('faults can be set over the admin surface', async () => {
    const set = await fetch(`${t.platform.url}/_admin/faults`, { method: 'PUT', body: JSON.stringify({ rate: 1, kinds: ['503'] }) });
    expect(set.status).toBe(200);
    expect((await call(t.api, 'GET', '/v1/catalog', { token: a.token })).status).toBe(503);
    await fetch(`${t.platform.url}/_admin/faults`, { method: 'PUT', body: 'null' });
    expect((await call(t.api, 'GET', '/v1/catalog', { token: a.token })).status).toBe(200);
    expect((await fetch(`${t.platform.url}/_admin/faults`, { method: 'PUT', body: JSON.stringify({ rate: 1, kinds: ['meteor'] }) })).status).toBe(422);
  });

  it('a client that resends the same bytes until it hears 200/201 delivers each submission exactly once', async () => {
    t.platform.setFaults({ rate: 0.5, kinds: ['latency', '5xx', '429', '503', 'reset', 'drop-after-commit'], latencyMs: 5, seed: 2026 });
    const ids = Array.from({ length: 12 }, () => uuid());
    const outcomes = new Map<string, number[]>();
    for (const [i, id] of ids.entries()) {
      const bytes = JSON.stringify(submission(a.terminalId, { localReference: `K-${i}` }));
      const seen: number[] = [];
      for (let attempt = 0; attempt < 50; attempt += 1) {
        const status = await put(id, bytes).then((r) => r.status, () => 0);
        seen.push(status);
        if (status === 200 || status === 201) break;
      }
      outcomes.set(id, seen);
    }
    t.platform.setFaults(null);
    const recs = await records();
    for (const id of ids) {
      expect([200, 201]).toContain(outcomes.get(id)!.at(-1));
      expect(recs.submissions.items.find((x: { id: string }) => x.id === id)).toMatchObject({ firstDeliveries: 1 });
    }
    // The run did meet faults, including lost answers after a commit (a later 200 with no 201 seen).
    expect([...outcomes.values()].some((s) => s.includes(0))).toBe(true);
    expect([...outcomes.values()].some((s) => s.at(-1) === 200 && !s.includes(201))).toBe(true);
  });
});
