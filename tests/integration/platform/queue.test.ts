import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock, Enrolled, TestPlatform } from './helpers';
import { call, clock, enroll, expectProblem, HALL_ID, start, uuid } from './helpers';

let t: TestPlatform;
let a: Enrolled;
let b: Enrolled;
let c: Clock;

beforeAll(async () => {
  c = clock('2026-11-20T10:00:00+08:00');
  t = await start({ now: c.now });
  a = await enroll(t.api);
  b = await enroll(t.api, undefined, 'TEST-ENROLL-2');
});
afterAll(() => t.stop());

const lease = (token: string, body: unknown) => call(t.api, 'POST', `/v1/halls/${HALL_ID}/queue/leases`, { token, body });
const ticket = (token: string, id: string, body: unknown) => call(t.api, 'PUT', `/v1/halls/${HALL_ID}/queue/tickets/${id}`, { token, body });
const ticketBody = (leaseId: string, number: number, extra: Record<string, unknown> = {}) => ({
  leaseId,
  category: 'A',
  number,
  issuedAt: c.now().toISOString(),
  priority: 'normal',
  issuedBy: 'citizen',
  ...extra,
});

describe('leases', () => {
  it('gives the category prefix, the service day and its end', async () => {
    const r = await lease(a.token, { leaseId: uuid(), category: 'B', size: 10 });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ category: 'B', prefix: 'H', serviceDay: '2026-11-20', expiresAt: '2026-11-21T00:00:00.000+08:00' });
    expect(r.body.to - r.body.from).toBe(9);
  });

  it('numbers of one category are never leased twice in a day, across terminals and concurrent requests', async () => {
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => lease(i % 2 ? a.token : b.token, { leaseId: uuid(), category: 'A', size: 1 + (i % 7) })),
    );
    expect(answers.every((r) => r.status === 201)).toBe(true);
    const ranges = answers.map((r) => [r.body.from, r.body.to] as [number, number]).sort((x, y) => x[0] - y[0]);
    for (let i = 1; i < ranges.length; i += 1) expect(ranges[i]![0]).toBeGreaterThan(ranges[i - 1]![1]);
    expect(ranges[0]![0]).toBe(1);
  });

  it('replays like any idempotent write; a new service day starts again at 1', async () => {
    const body = { leaseId: uuid(), category: 'A', size: 5 };
    const first = await lease(a.token, body);
    const again = await lease(a.token, body);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expectProblem(await lease(a.token, { ...body, size: 6 }), 409, 'id-conflict');
    c.set('2026-11-21T08:00:00+08:00');
    const next = await lease(a.token, { leaseId: uuid(), category: 'A', size: 5 });
    expect(next.body).toMatchObject({ from: 1, to: 5, serviceDay: '2026-11-21' });
    c.set('2026-11-20T10:00:00+08:00');
  });

  it('422 for an unknown category or a bad size; 404 for another hall', async () => {
    expectProblem(await lease(a.token, { leaseId: uuid(), category: 'Z', size: 5 }), 422, 'unknown-category');
    expectProblem(await lease(a.token, { leaseId: uuid(), category: 'A', size: 500 }), 422, 'invalid-request');
    expectProblem(await call(t.api, 'POST', '/v1/halls/other-hall/queue/leases', { token: a.token, body: { leaseId: uuid(), category: 'A', size: 5 } }), 404, 'unknown-hall');
  });
});

describe('tickets', () => {
  it('registers numbers inside the lease; refuses numbers outside it, used, or in another terminal\'s lease', async () => {
    c.set('2026-11-22T09:00:00+08:00');
    const l = (await lease(a.token, { leaseId: uuid(), category: 'A', size: 3 })).body;
    const other = (await lease(b.token, { leaseId: uuid(), category: 'A', size: 3 })).body;
    const t1 = uuid();
    const body1 = ticketBody(l.leaseId, l.from);
    const r1 = await ticket(a.token, t1, body1);
    expect(r1.status).toBe(201);
    expect(r1.body).toEqual({ display: 'A001', waitingAhead: 0, estimatedWaitMinutes: 0 });
    expect((await ticket(a.token, t1, body1)).status).toBe(200);
    expectProblem(await ticket(a.token, t1, { ...body1, priority: 'elderly' }), 409, 'id-conflict');
    expectProblem(await ticket(a.token, uuid(), ticketBody(l.leaseId, l.from)), 409, 'number-conflict');
    expectProblem(await ticket(a.token, uuid(), ticketBody(l.leaseId, l.to + 1)), 409, 'number-conflict');
    expectProblem(await ticket(a.token, uuid(), ticketBody(other.leaseId, other.from)), 409, 'number-conflict');
    expectProblem(await ticket(a.token, uuid(), ticketBody(uuid(), 1)), 409, 'number-conflict');
    const r2 = await ticket(a.token, uuid(), ticketBody(l.leaseId, l.from + 1));
    expect(r2.status).toBe(201);
    expect(r2.body).toMatchObject({ display: 'A002', waitingAhead: 0, estimatedWaitMinutes: 5 });
    const r3 = await ticket(a.token, uuid(), ticketBody(l.leaseId, l.from + 2));
    expect(r3.body).toMatchObject({ display: 'A003', waitingAhead: 1, estimatedWaitMinutes: 10 });

    const summary = async () => (await call(t.api, 'GET', `/v1/halls/${HALL_ID}/queue/summary`, { token: a.token })).body;
    let s = await summary();
    expect(s.categories[0]).toEqual({ code: 'A', name: '综合窗口', prefix: 'A', waiting: 2, nowServing: 'A001', averageServiceMinutes: 5, open: true });
    expect(s.categories[1]).toMatchObject({ code: 'B', prefix: 'H', waiting: 0, averageServiceMinutes: 6, open: true });
    c.advance(5 * 60_000);
    s = await summary();
    expect(s.categories[0]).toMatchObject({ waiting: 1, nowServing: 'A002' });
  });
});

describe('appointments', () => {
  it('looks up an appointment by code with a masked name; 404 otherwise', async () => {
    c.set('2026-11-20T10:00:00+08:00');
    const r = await call(t.api, 'GET', `/v1/halls/${HALL_ID}/appointments/YY-TEST-0001`, { token: a.token });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ code: 'YY-TEST-0001', category: 'A', applicantMasked: '王*明', status: 'booked' });
    expect(Date.parse(r.body.slotEnd) - Date.parse(r.body.slotStart)).toBe(30 * 60_000);
    expect((await call(t.api, 'GET', `/v1/halls/${HALL_ID}/appointments/YY-TEST-0003`, { token: a.token })).body.status).toBe('cancelled');
    expectProblem(await call(t.api, 'GET', `/v1/halls/${HALL_ID}/appointments/YY-NONE-0000`, { token: a.token }), 404, 'not-found');
  });

  it('checks in with a valid code; 409 appointment-invalid otherwise, the ticket staying an ordinary one', async () => {
    // Appointments with relative slots count from the platform's start (2026-11-20T10:00+08:00).
    c.set('2026-11-20T10:20:00+08:00');
    const l = (await lease(a.token, { leaseId: uuid(), category: 'A', size: 5 })).body;
    const appt = (await call(t.api, 'GET', `/v1/halls/${HALL_ID}/appointments/YY-TEST-0001`, { token: a.token })).body;
    const ok = await ticket(a.token, uuid(), ticketBody(l.leaseId, l.from, { priority: 'appointment', appointmentId: appt.appointmentId }));
    expect(ok.status).toBe(201);
    expect((await call(t.api, 'GET', `/v1/halls/${HALL_ID}/appointments/YY-TEST-0001`, { token: a.token })).body.status).toBe('checked-in');
    // Used twice, expired, or unknown: invalid.
    const twiceId = uuid();
    const twiceBody = ticketBody(l.leaseId, l.from + 1, { priority: 'appointment', appointmentId: appt.appointmentId });
    const twice = await ticket(a.token, twiceId, twiceBody);
    expectProblem(twice, 409, 'appointment-invalid');
    expect(twice.body.display).toMatch(/^A\d{3}$/);
    expectProblem(await ticket(a.token, twiceId, twiceBody), 409, 'appointment-invalid'); // the replay answers as the first time
    expectProblem(await ticket(a.token, uuid(), ticketBody(l.leaseId, l.from + 2, { priority: 'appointment', appointmentId: 'YY-TEST-0002' })), 409, 'appointment-invalid');
    expectProblem(await ticket(a.token, uuid(), ticketBody(l.leaseId, l.from + 3, { priority: 'appointment', appointmentId: 'YY-NOPE' })), 409, 'appointment-invalid');
    // The numbers were used all the same.
    expectProblem(await ticket(a.token, uuid(), ticketBody(l.leaseId, l.from + 1)), 409, 'number-conflict');
    const recs = await (await fetch(`${t.platform.url}/_admin/records`)).json();
    const mine = recs.tickets.items.find((x: { id: string }) => x.id === twiceId);
    expect(mine).toMatchObject({ priority: 'normal', outcome: 'appointment-invalid', firstDeliveries: 1, replays: 1 });
  });
});
