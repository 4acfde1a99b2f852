import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Enrolled, TestPlatform } from './helpers';
import { call, enroll, expectProblem, start, uuid } from './helpers';
import { auditEntryHash } from '../../../platform/handlers/terminals';

let t: TestPlatform;
let a: Enrolled;

beforeAll(async () => {
  t = await start();
  a = await enroll(t.api);
});
afterAll(() => t.stop());

describe('ratings (好差评)', () => {
  const rating = { subject: { submissionId: uuid() }, level: 2, reasons: ['slow'], channel: 'kiosk', ratedAt: '2026-11-20T10:00:00+08:00' };
  it('201 first, 200 on replay, 409 id-conflict on other bytes', async () => {
    const id = uuid();
    expect((await call(t.api, 'PUT', `/v1/ratings/${id}`, { token: a.token, body: rating })).status).toBe(201);
    expect((await call(t.api, 'PUT', `/v1/ratings/${id}`, { token: a.token, body: rating })).status).toBe(200);
    expectProblem(await call(t.api, 'PUT', `/v1/ratings/${id}`, { token: a.token, body: { ...rating, level: 1 } }), 409, 'id-conflict');
  });
  it('a subject has exactly one key; the level is 1..5', async () => {
    const two = await call(t.api, 'PUT', `/v1/ratings/${uuid()}`, { token: a.token, body: { ...rating, subject: { submissionId: uuid(), receiptNo: 'X' } } });
    expectProblem(two, 422, 'invalid-request');
    expect(two.body.errors[0].path).toBe('/subject');
    expectProblem(await call(t.api, 'PUT', `/v1/ratings/${uuid()}`, { token: a.token, body: { ...rating, subject: {} } }), 422, 'invalid-request');
    expectProblem(await call(t.api, 'PUT', `/v1/ratings/${uuid()}`, { token: a.token, body: { ...rating, level: 0 } }), 422, 'invalid-request');
  });
});

describe('staff audit log', () => {
  const ZERO = '0'.repeat(64);
  function chain(n: number): Record<string, unknown>[] {
    const out: Record<string, unknown>[] = [];
    let prev = ZERO;
    for (let seq = 1; seq <= n; seq += 1) {
      const e: Record<string, unknown> = { seq, at: '2026-11-20T10:00:00+08:00', staffId: 'S1', action: 'staff-sign-in', outcome: 'ok', detail: { b: 1, a: [2, { z: 1, y: 'x' }] }, prevHash: prev };
      e['hash'] = auditEntryHash(e);
      prev = e['hash'] as string;
      out.push(e);
    }
    return out;
  }
  const put = (id: string, entry: unknown, tid = a.terminalId) => call(t.api, 'PUT', `/v1/terminals/${tid}/audit/${id}`, { token: a.token, body: entry });

  it('accepts a chain delivered out of order, replays, and refuses a broken link', async () => {
    const entries = chain(4);
    const ids = entries.map(() => uuid());
    for (const i of [2, 0, 1]) expect((await put(ids[i]!, entries[i])).status).toBe(201);
    expect((await put(ids[0]!, entries[0])).status).toBe(200);
    // seq 4 whose prevHash is not seq 3's hash
    const forged: Record<string, unknown> = { ...entries[3]!, prevHash: 'f'.repeat(64) };
    forged['hash'] = auditEntryHash(forged);
    expectProblem(await put(ids[3]!, forged), 409, 'chain-broken');
    expect((await put(ids[3]!, entries[3])).status).toBe(201);
  });

  it('checks the hash, the first entry\'s zeros, and a held successor', async () => {
    const [first] = chain(1);
    expectProblem(await put(uuid(), { ...first, hash: 'a'.repeat(64) }), 422, 'hash-mismatch');
    const b = await enroll(t.api);
    const putB = (id: string, e: unknown) => call(t.api, 'PUT', `/v1/terminals/${b.terminalId}/audit/${id}`, { token: b.token, body: e });
    const badFirst: Record<string, unknown> = { ...first!, prevHash: '1'.repeat(64) };
    badFirst['hash'] = auditEntryHash(badFirst);
    expectProblem(await putB(uuid(), badFirst), 409, 'chain-broken');
    const entries = chain(2);
    expect((await putB(uuid(), entries[1])).status).toBe(201);
    const other: Record<string, unknown> = { ...entries[0]!, action: 'outbox-retry' };
    other['hash'] = auditEntryHash(other);
    expectProblem(await putB(uuid(), other), 409, 'chain-broken');
    expect((await putB(uuid(), entries[0])).status).toBe(201);
  });
});
