import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Enrolled, TestPlatform } from './helpers';
import { call, enroll, HALL_ID, PERSON_ID, start, submission, uuid } from './helpers';
import { loadContract } from '../../../platform/contract';

const contract = loadContract();
let t: TestPlatform;
let a: Enrolled;

beforeAll(async () => {
  t = await start();
  a = await enroll(t.api);
});
afterAll(() => t.stop());

function conforms(name: string, value: unknown): void {
  expect(contract.validateComponent(name, value), name).toEqual([]);
}

describe('answers match the contract\'s schemas', () => {
  it('every success body', async () => {
    const enrolled = await call(t.api, 'POST', '/v1/terminals/enroll', { body: { enrollmentCode: 'TEST-ENROLL-2', hardwareId: 'conf-hw', model: 'M', appVersion: '1' } });
    conforms('Enrollment', enrolled.body);
    conforms('Catalog', (await call(t.api, 'GET', '/v1/catalog', { token: a.token })).body);
    conforms('TerminalConfig', (await call(t.api, 'GET', `/v1/terminals/${a.terminalId}/config`, { token: a.token })).body);
    const hb = { at: '2026-11-20T10:00:00+08:00', appVersion: '1', uptimeSeconds: 1, outbox: { pending: 0, failed: 0 }, devices: [] };
    conforms('HeartbeatReply', (await call(t.api, 'POST', `/v1/terminals/${a.terminalId}/heartbeat`, { token: a.token, body: hb })).body);
    const id = uuid();
    const ack = await call(t.api, 'PUT', `/v1/submissions/${id}`, { token: a.token, body: submission(a.terminalId) });
    conforms('SubmissionAck', ack.body);
    conforms('Progress', (await call(t.api, 'GET', `/v1/submissions/${id}`, { token: a.token })).body);
    const found = await call(t.api, 'POST', '/v1/progress/lookup', { token: a.token, body: { idNumber: PERSON_ID } });
    expect(found.body.items.length).toBeGreaterThan(0);
    for (const item of found.body.items) conforms('Progress', item);
    const lease = await call(t.api, 'POST', `/v1/halls/${HALL_ID}/queue/leases`, { token: a.token, body: { leaseId: uuid(), category: 'A', size: 5 } });
    conforms('QueueLease', lease.body);
    const ticket = await call(t.api, 'PUT', `/v1/halls/${HALL_ID}/queue/tickets/${uuid()}`, {
      token: a.token,
      body: { leaseId: lease.body.leaseId, category: 'A', number: lease.body.from, issuedAt: new Date().toISOString(), priority: 'normal', issuedBy: 'citizen' },
    });
    conforms('QueuePosition', ticket.body);
    conforms('QueueSummary', (await call(t.api, 'GET', `/v1/halls/${HALL_ID}/queue/summary`, { token: a.token })).body);
    conforms('Appointment', (await call(t.api, 'GET', `/v1/halls/${HALL_ID}/appointments/YY-TEST-0001`, { token: a.token })).body);
  });

  it('every problem body', async () => {
    const problems = [
      await call(t.api, 'GET', '/v1/catalog'),
      await call(t.api, 'PUT', `/v1/submissions/${uuid()}`, { token: a.token, body: submission(a.terminalId, { form: { months: 'x' } }) }),
      await call(t.api, 'PUT', `/v1/submissions/${uuid()}`, { token: a.token, body: submission(a.terminalId, { materials: [{ code: 'M2', provision: 'attached', attachments: ['b'.repeat(64)] }] }) }),
      await call(t.api, 'GET', `/v1/halls/${HALL_ID}/appointments/NOPE-0000`, { token: a.token }),
    ];
    expect(problems.map((p) => p.status)).toEqual([401, 422, 422, 404]);
    for (const p of problems) conforms('Problem', p.body);
  });
});
