import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Enrolled, TestPlatform } from './helpers';
import { call, CODE, enroll, expectProblem, start, uuid } from './helpers';

let t: TestPlatform;
let a: Enrolled;

beforeAll(async () => {
  t = await start();
  a = await enroll(t.api);
});
afterAll(() => t.stop());

describe('enrollment', () => {
  it('enrolls with a code given at start', async () => {
    const r = await call(t.api, 'POST', '/v1/terminals/enroll', { body: { enrollmentCode: CODE, hardwareId: 'hw-enroll-1', model: 'M', appVersion: '1' } });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ hallId: 'test-hall', hallName: '测试政务服务中心' });
    expect(r.body.terminalId).toMatch(/^[A-Za-z0-9-]{4,64}$/);
    expect(r.body.token.length).toBeGreaterThanOrEqual(32);
    expect(Date.parse(r.body.serverTime)).not.toBeNaN();
    expect(r.headers.get('date')).toBeTruthy();
    // Only the token's hash is stored.
    const stored = t.platform.db.prepare('SELECT token_sha256 FROM terminals WHERE terminal_id = ?').get(r.body.terminalId) as { token_sha256: string };
    expect(stored.token_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.token_sha256).not.toBe(r.body.token);
  });

  it('refuses an unknown code with 403', async () => {
    const r = await call(t.api, 'POST', '/v1/terminals/enroll', { body: { enrollmentCode: 'NOT-A-CODE', hardwareId: 'hw-x', model: 'M', appVersion: '1' } });
    expectProblem(r, 403, 'enrollment-refused');
  });

  it('rejects a malformed enrollment request with 422 and JSON Pointer paths', async () => {
    const r = await call(t.api, 'POST', '/v1/terminals/enroll', { body: { enrollmentCode: CODE, model: 'M' } });
    expectProblem(r, 422, 'invalid-request');
    expect(r.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['/appVersion', '/hardwareId']);
  });

  it('re-enrolling the same hardware keeps the terminalId and replaces the token', async () => {
    const first = await enroll(t.api, 'hw-reenroll');
    const second = await enroll(t.api, 'hw-reenroll');
    expect(second.terminalId).toBe(first.terminalId);
    expect(second.token).not.toBe(first.token);
    expect((await call(t.api, 'GET', '/v1/catalog', { token: first.token })).status).toBe(401);
    expect((await call(t.api, 'GET', '/v1/catalog', { token: second.token })).status).toBe(200);
  });
});

describe('authentication comes before the body', () => {
  const writes: [string, string][] = [
    ['PUT', `/v1/submissions/${uuid()}`],
    ['PUT', `/v1/ratings/${uuid()}`],
    ['POST', '/v1/halls/test-hall/queue/leases'],
    ['PUT', `/v1/halls/test-hall/queue/tickets/${uuid()}`],
    ['POST', '/v1/progress/lookup'],
    ['PUT', `/v1/attachments/${'a'.repeat(64)}`],
  ];
  for (const [method, path] of writes) {
    it(`${method} ${path.replace(/[0-9a-f-]{36}|a{64}/, '…')}: 401 with no token or a bad one, whatever the body`, async () => {
      expectProblem(await call(t.api, method, path, { raw: 'not json at all' }), 401, 'unauthorized');
      expectProblem(await call(t.api, method, path, { raw: '{}', token: 'forged' }), 401, 'unauthorized');
      expectProblem(await call(t.api, method, path, { raw: 'x'.repeat(2 * 1024 * 1024), headers: { authorization: 'Basic abc' } }), 401, 'unauthorized');
    });
  }
  it('GETs need the token too', async () => {
    expectProblem(await call(t.api, 'GET', '/v1/catalog'), 401, 'unauthorized');
    expectProblem(await call(t.api, 'GET', `/v1/terminals/${a.terminalId}/config`), 401, 'unauthorized');
  });
});

describe('a terminal acts only as itself', () => {
  it('403 terminal-mismatch on another terminal id', async () => {
    const b = await enroll(t.api);
    expectProblem(await call(t.api, 'GET', `/v1/terminals/${b.terminalId}/config`, { token: a.token }), 403, 'terminal-mismatch');
    const hb = { at: '2026-11-20T10:00:00+08:00', appVersion: '1', uptimeSeconds: 5, outbox: { pending: 0, failed: 0 }, devices: [] };
    expectProblem(await call(t.api, 'POST', `/v1/terminals/${b.terminalId}/heartbeat`, { token: a.token, body: hb }), 403, 'terminal-mismatch');
  });
});

describe('catalog, configuration and heartbeat ETags', () => {
  it('serves the catalog with a strong ETag and 304 on If-None-Match', async () => {
    const r = await call(t.api, 'GET', '/v1/catalog', { token: a.token });
    expect(r.status).toBe(200);
    const etag = r.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
    expect(r.body.items).toHaveLength(1);
    expect(typeof r.body.version).toBe('string');
    expect(Date.parse(r.body.generatedAt)).not.toBeNaN();
    expect(r.body.themes).toHaveLength(1);
    const again = await call(t.api, 'GET', '/v1/catalog', { token: a.token, headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect(again.headers.get('date')).toBeTruthy();
    expect((await call(t.api, 'GET', '/v1/catalog', { token: a.token, headers: { 'if-none-match': `W/${etag}` } })).status).toBe(304);
    expect((await call(t.api, 'GET', '/v1/catalog', { token: a.token, headers: { 'if-none-match': '"other"' } })).status).toBe(200);
  });

  it('serves the terminal configuration with an ETag', async () => {
    const r = await call(t.api, 'GET', `/v1/terminals/${a.terminalId}/config`, { token: a.token });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ hallId: 'test-hall', queueCategories: [{ code: 'A', prefix: 'A' }, { code: 'B', prefix: 'H' }] });
    const etag = r.headers.get('etag')!;
    expect((await call(t.api, 'GET', `/v1/terminals/${a.terminalId}/config`, { token: a.token, headers: { 'if-none-match': etag } })).status).toBe(304);
  });

  it('heartbeat etags equal the ETag headers (without W/ and quotes), and the heartbeat is kept', async () => {
    const hb = {
      at: '2026-11-20T10:00:00+08:00',
      appVersion: '0.1.0',
      uptimeSeconds: 60,
      outbox: { pending: 3, failed: 1, oldestPendingAt: null },
      devices: [{ kind: 'receipt-printer', state: 'fault', fault: 'paper-out' }],
    };
    const r = await call(t.api, 'POST', `/v1/terminals/${a.terminalId}/heartbeat`, { token: a.token, body: hb });
    expect(r.status).toBe(200);
    const strip = (e: string) => e.replace(/^W\//, '').replace(/"/g, '');
    const cat = await call(t.api, 'GET', '/v1/catalog', { token: a.token });
    const cfg = await call(t.api, 'GET', `/v1/terminals/${a.terminalId}/config`, { token: a.token });
    expect(strip(r.body.catalogEtag)).toBe(strip(cat.headers.get('etag')!));
    expect(strip(r.body.configEtag)).toBe(strip(cfg.headers.get('etag')!));
    expect(Date.parse(r.body.serverTime)).not.toBeNaN();
    const admin = await (await fetch(`${t.platform.url}/_admin/records`)).json();
    const me = admin.terminals.find((x: { terminalId: string }) => x.terminalId === a.terminalId);
    expect(me.heartbeatCount).toBe(1);
    expect(me.lastHeartbeat.outbox).toEqual({ pending: 3, failed: 1, oldestPendingAt: null });
    expect(me.lastHeartbeat.devices[0].fault).toBe('paper-out');
  });

  it('an invalid heartbeat is 422', async () => {
    const r = await call(t.api, 'POST', `/v1/terminals/${a.terminalId}/heartbeat`, { token: a.token, body: { at: 'yesterday' } });
    expectProblem(r, 422, 'invalid-request');
    expect(r.body.errors.some((e: { path: string }) => e.path === '/at')).toBe(true);
  });
});

describe('every answer', () => {
  it('unknown paths and methods are problems with Date', async () => {
    expectProblem(await call(t.api, 'GET', '/v1/nothing', { token: a.token }), 404, 'not-found');
    const r = await call(t.api, 'DELETE', '/v1/catalog', { token: a.token });
    expectProblem(r, 405, 'method-not-allowed');
    expect(r.headers.get('allow')).toBe('GET');
  });
});
