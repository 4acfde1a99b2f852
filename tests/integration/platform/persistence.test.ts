import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startPlatform } from '../../../platform/server';
import { adminRecords, call, CODE, enroll, FIXTURES, submission, uuid } from './helpers';

const dirs: string[] = [];
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), 'platform-persist-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const fixtureOptions = {
  catalogPath: join(FIXTURES, 'catalog.json'),
  hallPath: join(FIXTURES, 'hall.json'),
  appointmentsPath: join(FIXTURES, 'appointments.json'),
};

describe('the store', () => {
  it('keeps terminals and acknowledgements across a restart', async () => {
    const dataDir = temp();
    const first = await startPlatform({ dataDir, enrollmentCodes: [CODE], ...fixtureOptions });
    const a = await enroll(first.apiUrl);
    const id = uuid();
    const bytes = JSON.stringify(submission(a.terminalId));
    const ack = await call(first.apiUrl, 'PUT', `/v1/submissions/${id}`, { token: a.token, raw: bytes });
    expect(ack.status).toBe(201);
    await first.close();

    const second = await startPlatform({ dataDir, enrollmentCodes: [CODE], ...fixtureOptions });
    try {
      const replay = await call(second.apiUrl, 'PUT', `/v1/submissions/${id}`, { token: a.token, raw: bytes });
      expect(replay.status).toBe(200);
      expect(replay.body.receiptNo).toBe(ack.body.receiptNo);
      expect(replay.body.receivedAt).toBe(ack.body.receivedAt);
      expect(second.db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(second.db.pragma('synchronous', { simple: true })).toBe(2); // FULL
      expect((await adminRecords(second.url)).submissions.count).toBe(1);
    } finally {
      await second.close();
    }
  });

  it('re-reads a changed catalog: the ETag and the heartbeat catalogEtag change together', async () => {
    const dir = temp();
    const catalogPath = join(dir, 'catalog.json');
    copyFileSync(join(FIXTURES, 'catalog.json'), catalogPath);
    const p = await startPlatform({ dataDir: join(dir, 'data'), enrollmentCodes: [CODE], ...fixtureOptions, catalogPath });
    try {
      const a = await enroll(p.apiUrl);
      const hb = { at: '2026-11-20T10:00:00+08:00', appVersion: '1', uptimeSeconds: 1, outbox: { pending: 0, failed: 0 }, devices: [] };
      const before = await call(p.apiUrl, 'GET', '/v1/catalog', { token: a.token });
      const catalog = JSON.parse(readFileSync(catalogPath, 'utf8'));
      catalog.items[0].name = '测试事项：居住证明开具（新版）';
      writeFileSync(catalogPath, JSON.stringify(catalog));
      const after = await call(p.apiUrl, 'GET', '/v1/catalog', { token: a.token, headers: { 'if-none-match': before.headers.get('etag')! } });
      expect(after.status).toBe(200);
      expect(after.headers.get('etag')).not.toBe(before.headers.get('etag'));
      expect(after.body.version).not.toBe(before.body.version);
      const beat = await call(p.apiUrl, 'POST', `/v1/terminals/${a.terminalId}/heartbeat`, { token: a.token, body: hb });
      expect(`"${beat.body.catalogEtag}"`).toBe(after.headers.get('etag'));
    } finally {
      await p.close();
    }
  });

  it('refuses to start with an enrollment code the contract could never accept', async () => {
    await expect(startPlatform({ dataDir: temp(), enrollmentCodes: ['abc'], ...fixtureOptions })).rejects.toThrow(/6 to 64/);
  });
});

const DEMO = fileURLToPath(new URL('../../../platform/demo/', import.meta.url));
const demoPresent = ['catalog.json', 'hall.json'].every((f) => existsSync(join(DEMO, f)));

describe.skipIf(!demoPresent)('the demo data (platform/demo/)', () => {
  it('starts with the default files and serves their catalog, queue and appointments', async () => {
    const p = await startPlatform({ dataDir: temp(), enrollmentCodes: [CODE] });
    try {
      const a = await enroll(p.apiUrl);
      const cat = await call(p.apiUrl, 'GET', '/v1/catalog', { token: a.token });
      expect(cat.status).toBe(200);
      expect(cat.body.items.length).toBeGreaterThan(0);
      const cfg = (await call(p.apiUrl, 'GET', `/v1/terminals/${a.terminalId}/config`, { token: a.token })).body;
      expect(cfg.hallId).toBe(a.hallId);
      const category = cfg.queueCategories[0];
      const lease = await call(p.apiUrl, 'POST', `/v1/halls/${a.hallId}/queue/leases`, { token: a.token, body: { leaseId: uuid(), category: category.code, size: 10 } });
      expect(lease.status).toBe(201);
      expect(lease.body.prefix).toBe(category.prefix);
      const summary = await call(p.apiUrl, 'GET', `/v1/halls/${a.hallId}/queue/summary`, { token: a.token });
      expect(summary.body.categories).toHaveLength(cfg.queueCategories.length);
      if (existsSync(join(DEMO, 'appointments.json'))) {
        const list = JSON.parse(readFileSync(join(DEMO, 'appointments.json'), 'utf8')) as { code: string }[];
        const appt = await call(p.apiUrl, 'GET', `/v1/halls/${a.hallId}/appointments/${list[0]!.code}`, { token: a.token });
        expect(appt.status).toBe(200);
      }
    } finally {
      await p.close();
    }
  });
});
