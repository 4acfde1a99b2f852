import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock, Enrolled, TestPlatform } from './helpers';
import { adminRecords, call, clock, enroll, expectProblem, ITEM_CODE, OTHER_ID, PERSON_ID, sha256, start, submission, uuid } from './helpers';

let t: TestPlatform;
let a: Enrolled;
let c: Clock;

beforeAll(async () => {
  c = clock('2026-11-20T10:00:00+08:00'); // a Friday
  t = await start({ now: c.now, progressStepSeconds: 60, maxAttachmentBytes: 64 * 1024 });
  a = await enroll(t.api);
});
afterAll(() => t.stop());

const put = (id: string, body: unknown, token = a.token) => call(t.api, 'PUT', `/v1/submissions/${id}`, { token, raw: typeof body === 'string' ? body : JSON.stringify(body) });

const records = () => adminRecords(t.platform.url);

describe('submissions: idempotent delivery', () => {
  it('201 first, 200 with the same receiptNo and receivedAt on replay of the same bytes', async () => {
    const id = uuid();
    const bytes = JSON.stringify(submission(a.terminalId));
    const first = await put(id, bytes);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ submissionId: id, status: 'received', promisedBy: '2026-11-25' });
    expect(first.body.receiptNo).toMatch(new RegExp(`^${ITEM_CODE}20261120\\d{4}$`));
    expect(first.body.receiptNo.length).toBeLessThanOrEqual(50);
    expect(first.body.receivedAt).toBe('2026-11-20T10:00:00.000+08:00');
    c.advance(90_000);
    const replay = await put(id, bytes);
    expect(replay.status).toBe(200);
    expect(replay.body.receiptNo).toBe(first.body.receiptNo);
    expect(replay.body.receivedAt).toBe(first.body.receivedAt);
    expect(replay.body.status).toBe('accepted'); // moved on since
  });

  it('409 id-conflict for the same id with different bytes (even just whitespace)', async () => {
    const id = uuid();
    const body = submission(a.terminalId);
    expect((await put(id, JSON.stringify(body))).status).toBe(201);
    expectProblem(await put(id, JSON.stringify(body, null, 1)), 409, 'id-conflict');
    expectProblem(await put(id, { ...body, localReference: 'K-9' }), 409, 'id-conflict');
  });

  it('another terminal reusing an id gets 409, never the other terminal\'s acknowledgement', async () => {
    const b = await enroll(t.api);
    const id = uuid();
    const bytes = JSON.stringify(submission(a.terminalId));
    expect((await put(id, bytes)).status).toBe(201);
    expectProblem(await put(id, bytes, b.token), 409, 'id-conflict');
    expectProblem(await call(t.api, 'GET', `/v1/submissions/${id}`, { token: b.token }), 404, 'not-found');
  });

  it('ten concurrent first deliveries of one id produce exactly one 201', async () => {
    const id = uuid();
    const bytes = JSON.stringify(submission(a.terminalId));
    const answers = await Promise.all(Array.from({ length: 10 }, () => put(id, bytes)));
    expect(answers.filter((r) => r.status === 201)).toHaveLength(1);
    expect(answers.filter((r) => r.status === 200)).toHaveLength(9);
    expect(new Set(answers.map((r) => r.body.receiptNo)).size).toBe(1);
    const rec = (await records()).submissions.items.find((x: { id: string }) => x.id === id);
    expect(rec).toMatchObject({ firstDeliveries: 1, replays: 9, conflicts: 0 });
  });

  it('receipt numbers are unique and serial within a day', async () => {
    const acks = [];
    for (let i = 0; i < 3; i += 1) acks.push((await put(uuid(), submission(a.terminalId, { localReference: `K-${i}` }))).body);
    const serials = acks.map((x) => Number(x.receiptNo.slice(-4)));
    expect(serials[1]! - serials[0]!).toBe(1);
    expect(serials[2]! - serials[1]!).toBe(1);
  });
});

describe('submissions: validation', () => {
  it('422 invalid-request with JSON Pointer paths for a body that breaks the Submission schema', async () => {
    const body = submission(a.terminalId, { channel: 'web', createdAt: 'now' });
    delete body['consent'];
    const r = await put(uuid(), body);
    expectProblem(r, 422, 'invalid-request');
    const paths = r.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['/consent', '/channel', '/createdAt']));
    for (const e of r.body.errors) expect(typeof e.message).toBe('string');
  });

  it('422 invalid-request for a body that is not JSON, and for a path id that is not a UUID', async () => {
    expectProblem(await put(uuid(), '{"serviceCode":'), 422, 'invalid-request');
    expectProblem(await put('not-a-uuid', submission(a.terminalId)), 422, 'invalid-request');
  });

  it('422 unknown-service', async () => {
    expectProblem(await put(uuid(), submission(a.terminalId, { serviceCode: 'NOPE' })), 422, 'unknown-service');
  });

  it('422 invalid-identity when a resident id number fails its check digit', async () => {
    const bad = PERSON_ID.slice(0, 17) + (PERSON_ID[17] === '1' ? '2' : '1');
    const r = await put(uuid(), submission(a.terminalId, { applicant: { kind: 'person', name: '陈测试', idType: 'resident-id', idNumber: bad, source: 'manual' } }));
    expectProblem(r, 422, 'invalid-identity');
    expect(r.body.errors[0].path).toBe('/applicant/idNumber');
    expect(JSON.stringify(r.body)).not.toContain(bad);
    // A passport number is not checked against the resident-id rule.
    const ok = await put(uuid(), submission(a.terminalId, { applicant: { kind: 'person', name: 'TEST PERSON', idType: 'passport', idNumber: 'E12345678', source: 'manual' } }));
    expect(ok.status).toBe(201);
  });

  it('checks an organisation agent\'s number', async () => {
    const org = { kind: 'organization', uscc: '91440101MA5CJQ4N59', name: '测试有限公司', agent: { kind: 'person', name: '陈测试', idType: 'resident-id', idNumber: '440106199003071230', source: 'card-reader' } };
    const r = await put(uuid(), submission(a.terminalId, { applicant: org }));
    expectProblem(r, 422, 'invalid-identity');
    expect(r.body.errors[0].path).toBe('/applicant/agent/idNumber');
  });

  it('422 invalid-form with errors pointing into /form', async () => {
    const r = await put(uuid(), submission(a.terminalId, { form: { months: 40, phone: '123', extra: true } }));
    expectProblem(r, 422, 'invalid-form');
    const paths = r.body.errors.map((e: { path: string }) => e.path).sort();
    expect(paths).toEqual(['/form/applicantName', '/form/extra', '/form/months', '/form/phone']);
  });
});

describe('attachments', () => {
  const png = Buffer.from('89504e470d0a1a0a-fake-png-bytes', 'utf8');
  const putBytes = (sha: string, bytes: Buffer, type = 'image/png') => call(t.api, 'PUT', `/v1/attachments/${sha}`, { token: a.token, raw: bytes, headers: { 'content-type': type } });

  it('stores content-addressed bytes: 201, then 200; HEAD 404 then 200', async () => {
    const sha = sha256(png);
    expect((await call(t.api, 'HEAD', `/v1/attachments/${sha}`, { token: a.token })).status).toBe(404);
    expect((await putBytes(sha, png)).status).toBe(201);
    expect((await putBytes(sha, png)).status).toBe(200);
    expect((await call(t.api, 'HEAD', `/v1/attachments/${sha}`, { token: a.token })).status).toBe(200);
  });

  it('422 hash-mismatch, 415 for other types, 413 over the limit', async () => {
    expectProblem(await putBytes('0'.repeat(64), png), 422, 'hash-mismatch');
    expectProblem(await putBytes(sha256(png), png, 'text/plain'), 415, 'unsupported-media-type');
    const big = Buffer.alloc(64 * 1024 + 1, 1);
    expectProblem(await putBytes(sha256(big), big, 'application/pdf'), 413, 'payload-too-large');
  });

  it('missing-attachments lists every absent hash at once, and only those', async () => {
    const held = Buffer.from('%PDF-1.4 held');
    await putBytes(sha256(held), held, 'application/pdf');
    const absent = [sha256('absent-1'), sha256('absent-2'), sha256('absent-3')];
    const body = submission(a.terminalId, {
      materials: [
        { code: 'M2', provision: 'attached', attachments: [sha256(held), absent[0]] },
        { code: 'M3', provision: 'attached', attachments: [absent[1], absent[0]] },
        { code: 'M5', provision: 'attached', attachments: [absent[2]] },
      ],
    });
    const id = uuid();
    const bytes = JSON.stringify(body);
    const r = await put(id, bytes);
    expectProblem(r, 422, 'missing-attachments');
    expect([...r.body.missing].sort()).toEqual([...absent].sort());
    // Upload them, then the same bytes are a first delivery.
    for (const [i, sha] of absent.entries()) await putBytes(sha, Buffer.from(`absent-${i + 1}`), 'image/jpeg');
    const ok = await put(id, bytes);
    expect(ok.status).toBe(201);
    expect(ok.body.outstandingMaterials).toEqual(['申请人居民身份证', '无犯罪记录承诺']);
  });
});

describe('progress', () => {
  it('outstanding materials list everything still needed, once', async () => {
    const r = await put(
      uuid(),
      submission(a.terminalId, {
        materials: [
          { code: 'M1', provision: 'electronic-licence' },
          { code: 'M2', provision: 'paper-at-window' },
          { code: 'M3', provision: 'tolerated' },
          { code: 'M4', provision: 'commitment' },
        ],
      }),
    );
    expect(r.body.outstandingMaterials).toEqual(['租赁合同', '户口簿']);
  });

  it('moves on one stage per step, and GET is for the delivering terminal only', async () => {
    c.set('2026-11-21T10:00:00+08:00'); // a Saturday: promisedBy skips the weekend
    const id = uuid();
    const first = await put(id, submission(a.terminalId));
    expect(first.body.promisedBy).toBe('2026-11-25'); // Mon, Tue, Wed
    let p = await call(t.api, 'GET', `/v1/submissions/${id}`, { token: a.token });
    expect(p.body).toMatchObject({ receiptNo: first.body.receiptNo, submissionId: id, serviceName: '测试事项：居住证明开具', applicantMasked: '陈*试', status: 'received' });
    expect(p.body.timeline).toHaveLength(1);
    c.advance(150_000);
    p = await call(t.api, 'GET', `/v1/submissions/${id}`, { token: a.token });
    expect(p.body.status).toBe('in-review');
    expect(p.body.timeline.map((x: { stage: string }) => x.stage)).toEqual(['received', 'accepted', 'in-review']);
    c.advance(3_600_000);
    p = await call(t.api, 'GET', `/v1/submissions/${id}`, { token: a.token });
    expect(p.body.status).toBe('completed');
    expect((await put(id, submission(a.terminalId))).body.status).toBe('completed');
    expectProblem(await call(t.api, 'GET', `/v1/submissions/${uuid()}`, { token: a.token }), 404, 'not-found');
  });

  it('lookup by identity number (+ receiptNo or submissionId) masks names and carries no number', async () => {
    const other = { kind: 'person', name: '欧阳测试', idType: 'resident-id', idNumber: OTHER_ID, source: 'card-reader' };
    const id = uuid();
    const ack = (await put(id, submission(a.terminalId, { applicant: other, form: { applicantName: '欧阳测试', months: 1 } }))).body;
    const look = (body: unknown) => call(t.api, 'POST', '/v1/progress/lookup', { token: a.token, body });
    const byReceipt = await look({ idNumber: OTHER_ID, receiptNo: ack.receiptNo });
    expect(byReceipt.status).toBe(200);
    expect(byReceipt.body.items).toHaveLength(1);
    expect(byReceipt.body.items[0]).toMatchObject({ receiptNo: ack.receiptNo, applicantMasked: '欧**试' });
    expect(byReceipt.text).not.toContain(OTHER_ID);
    expect(byReceipt.text).not.toContain('欧阳测试');
    expect((await look({ idNumber: OTHER_ID, submissionId: id })).body.items).toHaveLength(1);
    expect((await look({ idNumber: OTHER_ID })).body.items).toHaveLength(1);
    expect((await look({ idNumber: PERSON_ID, receiptNo: ack.receiptNo })).body.items).toHaveLength(0);
    expect((await look({ idNumber: PERSON_ID })).body.items.length).toBeGreaterThan(1);
    expectProblem(await look({ receiptNo: ack.receiptNo }), 422, 'invalid-request');
  });
});
