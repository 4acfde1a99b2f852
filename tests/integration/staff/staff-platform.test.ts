/**
 * The staff host against a real local platform (platform/server.ts on port 0): provisioning a fresh
 * terminal from a signed payload, audit delivery (also out of order, also across a restart) checked
 * against the platform's own chain verification, and re-enrollment after a 401 keeping everything queued.
 */
import { createPrivateKey, sign } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assemblePayload, signedPart, type ProvisioningBody } from '../../../common/provisioning/payload';
import { startPlatform, type RunningPlatform } from '../../../platform/server';
import { auditEntryHash as platformAuditHash } from '../../../platform/handlers/terminals';
import { auditBody } from '../../../host/staff/audit-log';
import { AuditSender } from '../../../host/staff/audit-sender';
import { registerStaffHooks } from '../../../host/staff/hooks';
import { LeaseBook } from '../../../host/queue/lease-book';
import { textOf } from '../../../drivers/printer';
import { DEMO, startTestHost, tempDir, type TestHost } from '../../unit/staff/helpers';

const DEMO_PRIVATE = readFileSync(fileURLToPath(new URL('../../../scripts/provisioning/demo-private-key.pem', import.meta.url)), 'utf8');
const CODES = ['STAFF-TEST-1', 'STAFF-TEST-2'];
const KID = '5e0cf910edd6d872';

let platform: RunningPlatform;
let platformDir: string;
const hosts: TestHost[] = [];

beforeAll(async () => {
  platformDir = tempDir('staff-platform-');
  platform = await startPlatform({ port: 0, dataDir: platformDir, enrollmentCodes: CODES });
});
afterAll(async () => {
  await platform.close();
  rmSync(platformDir, { recursive: true, force: true });
});
afterEach(async () => {
  while (hosts.length > 0) await hosts.pop()!.close();
});

async function host(options: Parameters<typeof startTestHost>[0] = {}): Promise<TestHost> {
  const h = await startTestHost({ platformUrl: platform.apiUrl, hardwareId: `hw-staff-${Math.random().toString(36).slice(2)}`, ...options });
  hosts.push(h);
  return h;
}

function payload(overrides: Partial<ProvisioningBody> = {}): string {
  const body: ProvisioningBody = { v: 1, url: 'embedded', hall: 'gz-th-zwzx', code: CODES[0]!, exp: new Date(Date.now() + 3600_000).toISOString(), kid: KID, ...overrides };
  return assemblePayload(body, sign(null, Buffer.from(signedPart(body), 'ascii'), createPrivateKey(DEMO_PRIVATE)));
}

function heldByPlatform(terminalId: string): { seq: number; hash: string; prev_hash: string; body: string }[] {
  return platform.db.prepare('SELECT seq, hash, prev_hash, body FROM audit_entries WHERE terminal_id = ? ORDER BY seq').all(terminalId) as never;
}

async function signIn(h: TestHost, who: { staffId: string; pin: string }): Promise<string> {
  const r = await h.client.call('staff.signInWithPin', { staffId: who.staffId, pin: who.pin });
  if (!r.ok) throw new Error(`sign-in refused: ${r.reason}`);
  return r.session.token;
}

describe('provisioning a fresh terminal', () => {
  it('refuses a forged or expired code, then enrolls from a signed one and receives the staff list', async () => {
    const h = await host();
    expect(await h.client.call('staff.status', {})).toMatchObject({ enrolled: false, staff: [] });
    const forged = payload().replace(/\.[^.]+$/, `.${Buffer.alloc(64, 7).toString('base64url')}`);
    expect(await h.client.call('staff.provisioning.apply', { payload: forged })).toMatchObject({ ok: false, reason: 'bad-signature' });
    expect(await h.client.call('staff.provisioning.apply', { payload: payload({ exp: '2020-01-01T00:00:00Z' }) })).toMatchObject({ ok: false, reason: 'expired' });
    expect(await h.client.call('staff.provisioning.inspect', { payload: payload() })).toMatchObject({ ok: true, platform: 'embedded', hallId: 'gz-th-zwzx' });
    expect(await h.client.call('staff.provisioning.apply', { payload: payload({ code: 'NOT-A-CODE' }) })).toMatchObject({ ok: false, reason: 'enrollment-refused' });
    expect(h.ctx.terminal.current.enrollment).toBeNull();

    const applied = await h.client.call('staff.provisioning.apply', { payload: payload() });
    expect(applied).toMatchObject({ ok: true, hallId: 'gz-th-zwzx', platform: 'embedded' });
    expect(existsSync(join(h.dataDir, 'host', 'enrollment.json'))).toBe(true);
    const status = await h.client.call('staff.status', {});
    expect(status).toMatchObject({ enrolled: true });
    expect(status.staff).toHaveLength(4);
    // Once enrolled, provisioning again needs a technician.
    await expect(h.client.call('staff.provisioning.apply', { payload: payload() })).rejects.toMatchObject({ code: 'unavailable' });
    const manager = await signIn(h, DEMO.manager);
    await expect(h.client.call('staff.provisioning.apply', { payload: payload(), session: manager })).rejects.toMatchObject({ code: 'failed' });

    // The refusals and the enrollment are in the audit log (never the enrollment code), and reach the platform.
    const actions = h.staff.audit.all().map((r) => `${r.entry.action}:${r.entry.outcome}:${String(r.entry.detail?.reason ?? '')}`);
    expect(actions.slice(0, 4)).toEqual(['terminal-provision:refused:bad-signature', 'terminal-provision:refused:expired', 'terminal-provision:failed:enrollment-refused', 'terminal-provision:ok:']);
    expect(JSON.stringify(h.staff.audit.all())).not.toContain(CODES[0]);
    await h.staff.sender.flush();
    const held = heldByPlatform(applied.ok ? applied.terminalId : '');
    expect(held.map((e) => e.seq)).toEqual(h.staff.audit.all().map((r) => r.entry.seq));
  });

  it('switches to the platform address a code names, and saves it in config.json', async () => {
    const h = await startTestHost({ platformUrl: 'http://127.0.0.1:9/nothing-here', hardwareId: 'hw-staff-switch' });
    hosts.push(h);
    const result = await h.client.call('staff.provisioning.apply', { payload: payload({ url: platform.apiUrl, code: CODES[1]! }) });
    expect(result).toMatchObject({ ok: true, platform: new URL(platform.apiUrl).host });
    expect(h.ctx.platform.baseUrl).toBe(platform.apiUrl);
    expect(JSON.parse(readFileSync(join(h.dataDir, 'config.json'), 'utf8'))).toMatchObject({ platform: { url: platform.apiUrl } });
    expect(JSON.parse(readFileSync(join(h.dataDir, 'host', 'enrollment.json'), 'utf8'))).toMatchObject({ platformKey: platform.apiUrl });
  });
});

describe('audit delivery', () => {
  it('delivers every entry with the bytes the platform verifies, also out of order, and resumes after a restart', async () => {
    const h = await host();
    expect((await h.client.call('staff.provisioning.apply', { payload: payload() })).ok).toBe(true);
    const enrollment = h.ctx.terminal.current.enrollment!;
    await h.staff.sender.flush();
    h.staff.sender.stop(); // deliver by hand below
    for (let i = 0; i < 5; i += 1) h.staff.record('TH-T01', 'device-test', 'ok', { role: 'receipt-printer', test: 'printer-status', i });
    const records = h.staff.audit.all();
    const last = records.length;
    // The platform's own chain hash equals ours for every entry.
    for (const r of records) expect(platformAuditHash(r.entry as unknown as Record<string, unknown>)).toBe(r.entry.hash);
    // Entries last and last-2 arrive first (as if sent while the rest were still offline).
    for (const r of [records[last - 1]!, records[last - 3]!]) {
      const res = await fetch(`${platform.apiUrl}/v1/terminals/${enrollment.terminalId}/audit/${r.id}`, { method: 'PUT', headers: { authorization: `Bearer ${enrollment.token}`, 'content-type': 'application/json' }, body: auditBody(r.entry) });
      expect(res.status).toBe(201);
    }
    // A fresh sender on the same journal (a host restart) sends the rest; the two already held are replays (200).
    const sender = new AuditSender({ log: h.staff.audit, journalPath: join(h.staff.dir, 'audit-delivered.jsonl'), platform: h.ctx.platform, terminal: h.ctx.terminal, logger: h.ctx.log, setTimer: () => ({ cancel: () => undefined }) });
    expect(sender.pending().length).toBe(5);
    await sender.flush();
    expect(sender.status()).toMatchObject({ undelivered: 0, attention: 0, state: 'idle' });
    const held = heldByPlatform(enrollment.terminalId);
    expect(held.map((e) => e.seq)).toEqual(records.map((r) => r.entry.seq));
    for (const [i, e] of held.entries()) {
      expect(e.hash).toBe(records[i]!.entry.hash);
      expect(e.body).toBe(auditBody(records[i]!.entry));
    }
    sender.stop();
    // Restarted again: nothing left to send.
    const again = new AuditSender({ log: h.staff.audit, journalPath: join(h.staff.dir, 'audit-delivered.jsonl'), platform: h.ctx.platform, terminal: h.ctx.terminal, logger: h.ctx.log });
    expect(again.pending()).toEqual([]);
    again.stop();
  });

  it('delivers entries written while the platform is unreachable exactly once when it is back, even when its first answer is lost', async () => {
    const h = await host({ staffOptions: { setTimer: () => ({ cancel: () => undefined }) } });
    expect((await h.client.call('staff.provisioning.apply', { payload: payload() })).ok).toBe(true);
    await h.staff.sender.flush();
    const terminalId = h.ctx.terminal.current.enrollment!.terminalId;

    // Unreachable: a sign-in and a sign-out are audited (fsync'd) and kept, waiting to be sent.
    h.ctx.platform.setNetworkCut(true);
    const token = await signIn(h, DEMO.technician);
    await h.client.call('staff.signOut', { session: token });
    await h.staff.sender.flush();
    expect(h.staff.sender.status()).toMatchObject({ state: 'waiting-retry', undelivered: 2 });
    const offline = h.staff.audit.all().slice(-2);
    expect(offline.map((r) => r.entry.action)).toEqual(['staff-sign-in', 'staff-sign-out']);
    expect(heldByPlatform(terminalId).map((e) => e.seq)).not.toContain(offline[0]!.entry.seq);

    // Back, but the platform's answer to the first PUT is lost after it stored the entry.
    h.ctx.platform.setNetworkCut(false);
    platform.setFaults({ rate: 1, kinds: ['drop-after-commit'] });
    await h.staff.sender.flush();
    platform.setFaults(null);
    expect(h.staff.sender.status()).toMatchObject({ state: 'waiting-retry', undelivered: 2 });
    expect(heldByPlatform(terminalId).map((e) => e.seq)).toContain(offline[0]!.entry.seq);

    // The retry sends the same bytes under the same id: a replay for the first, then the second.
    await h.staff.sender.flush();
    expect(h.staff.sender.status()).toMatchObject({ state: 'idle', undelivered: 0, attention: 0 });
    const held = heldByPlatform(terminalId);
    expect(held.map((e) => e.seq)).toEqual(h.staff.audit.all().map((r) => r.entry.seq));
    const outcomes = (id: string) => (platform.db.prepare("SELECT outcome FROM deliveries WHERE kind = 'audit' AND item_id = ? ORDER BY n").all(id) as { outcome: string }[]).map((d) => d.outcome);
    expect(outcomes(offline[0]!.id)).toEqual(['created', 'replayed']);
    expect(outcomes(offline[1]!.id)).toEqual(['created']);

    // A host restart finds nothing left to send.
    const again = new AuditSender({ log: h.staff.audit, journalPath: join(h.staff.dir, 'audit-delivered.jsonl'), platform: h.ctx.platform, terminal: h.ctx.terminal, logger: h.ctx.log });
    expect(again.pending()).toEqual([]);
    again.stop();
  });
});

describe("the hall manager's priority ticket", () => {
  it('prints the people ahead from the platform\'s summary when online, and from the terminal\'s own counts offline', async () => {
    const h = await host();
    expect((await h.client.call('staff.provisioning.apply', { payload: payload() })).ok).toBe(true);
    await h.ctx.devices.started();
    const enrollment = h.ctx.terminal.current.enrollment!;
    const leases = new LeaseBook(join(h.dataDir, 'host', 'queue-leases.json'), {
      platform: h.ctx.platform,
      log: h.ctx.log,
      hallId: () => enrollment.hallId,
      categories: () => [{ code: 'C', prefix: 'C' }],
    });
    registerStaffHooks(h.ctx, { issueTicket: (request) => leases.issue(request) });
    const printed: string[] = [];
    h.ctx.devices.simulators.ticketPrinter!.onPrinted((doc) => printed.push(textOf(doc)));
    // Registered with the platform as the outbox would deliver them.
    const register = async (ticket: { ticketId: string; body: Record<string, unknown> }) => {
      const res = await fetch(`${platform.apiUrl}/v1/halls/${enrollment.hallId}/queue/tickets/${ticket.ticketId}`, { method: 'PUT', headers: { authorization: `Bearer ${enrollment.token}`, 'content-type': 'application/json' }, body: JSON.stringify(ticket.body) });
      expect(res.status).toBe(201);
    };
    const session = await signIn(h, DEMO.manager);
    const issue = async (priority: 'elderly' | 'disabled' | 'pregnant' | 'normal') => {
      const result = await h.client.call('staff.queue.issueTicket', { session, category: 'C', priority });
      expect(result.print).toEqual({ printed: true });
      return result;
    };

    // The simulated windows call the first ticket at once and one every few minutes after: two
    // registered tickets leave one waiting.
    await register((await issue('normal')).ticket);
    await register((await issue('normal')).ticket);
    const live = (await h.client.call('staff.queue.summary', { session })).categories.find((c) => c.code === 'C')!;
    expect(live.waiting).toBe(1);
    const online = await issue('elderly');
    expect(online.peopleAhead).toBe(1);
    expect(printed.at(-1)).toContain('您前面还有 1 人等候');

    // Offline: the last summary's count plus the tickets this terminal printed since.
    h.ctx.platform.setNetworkCut(true);
    const first = await issue('disabled');
    expect(first.peopleAhead).toBe(1 + 1);
    expect(printed.at(-1)).toContain('您前面还有 2 人等候');
    const second = await issue('pregnant');
    expect(second.peopleAhead).toBe(1 + 2);
    expect(printed.at(-1)).toContain('您前面还有 3 人等候');
    expect(h.staff.audit.all().filter((r) => r.entry.action === 'ticket-issue').map((r) => r.entry.detail?.peopleAhead)).toEqual([0, 0, 1, 2, 3]);
  });
});

describe('re-enrollment after a 401', () => {
  it('pauses delivery, re-enrolls from a technician\'s signed code, and loses nothing queued', async () => {
    const hardwareId = 'hw-staff-reenroll';
    const h = await host({ hardwareId, staffOptions: { setTimer: () => ({ cancel: () => undefined }) } });
    expect((await h.client.call('staff.provisioning.apply', { payload: payload() })).ok).toBe(true);
    await h.staff.sender.flush();
    // Something the outbox keeps: the host must not touch it when the credential changes.
    const outboxDir = join(h.dataDir, 'host', 'outbox');
    mkdirSync(outboxDir, { recursive: true });
    writeFileSync(join(outboxDir, 'journal.jsonl'), '{"t":"seal","id":"0193aaaa-0000-7000-8000-000000000001"}\n');
    const outboxBefore = readFileSync(join(outboxDir, 'journal.jsonl'));

    // The same machine is enrolled again elsewhere (e.g. by a reinstall): this credential is gone.
    const other = await fetch(`${platform.apiUrl}/v1/terminals/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ enrollmentCode: CODES[1], hardwareId, model: 'TEST-32P', appVersion: '0.0.0' }) });
    expect(other.status).toBe(201);
    const technician = await signIn(h, DEMO.technician);
    await h.staff.sender.flush();
    expect(h.staff.sender.status()).toMatchObject({ state: 'paused-unauthorized', undelivered: 1 });
    const diagnostics = await h.client.call('staff.diagnostics', { session: technician });
    expect(diagnostics.terminal.credential).toBe('rejected');
    expect(diagnostics.platform).toMatchObject({ reachable: true, status: 401 });
    expect(Math.abs(diagnostics.platform.clockOffsetMs!)).toBeLessThan(2000);

    const result = await h.client.call('staff.provisioning.apply', { payload: payload({ code: CODES[1]! }), session: technician });
    expect(result).toMatchObject({ ok: true });
    await h.staff.sender.flush();
    expect(h.staff.sender.status()).toMatchObject({ state: 'idle', undelivered: 0, attention: 0 });
    const held = heldByPlatform(h.ctx.terminal.current.enrollment!.terminalId);
    expect(held.map((e) => e.seq)).toEqual(h.staff.audit.all().map((r) => r.entry.seq));
    expect(readFileSync(join(outboxDir, 'journal.jsonl')).equals(outboxBefore)).toBe(true);
    expect(h.staff.audit.verify()).toMatchObject({ ok: true });

    // Diagnostics export: written where allowed, no personal data.
    const targets = await h.client.call('staff.exportTargets', { session: technician });
    expect(targets.map((t) => t.id)).toEqual(['data-dir']);
    const exported = await h.client.call('staff.diagnostics.export', { session: technician, targetId: 'data-dir' });
    expect(exported.path.startsWith(join(h.dataDir, 'exports'))).toBe(true);
    const audit = await h.client.call('staff.audit.export', { session: technician, targetId: 'data-dir' });
    expect(audit.entries).toBe(h.staff.audit.size - 1);
    await expect(h.client.call('staff.audit.export', { session: technician, targetId: 'media:/etc' })).rejects.toMatchObject({ code: 'failed' });
  });
});
