/**
 * Delivery against the local platform in fault mode: 30% of requests fail (latency, 5xx, 429 and
 * 503 with Retry-After, connection resets, and answers dropped after the write was committed).
 * Every item the outbox accepted is delivered exactly once — the platform's own records are the
 * proof — and none is lost or left behind.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { newId, startOutboxRig, submissionBody, type OutboxRig } from '../../support/outbox-rig';

let rig: OutboxRig | undefined;
afterEach(async () => {
  await rig?.stop();
  rig = undefined;
});

const FAST = { baseMs: 20, capMs: 400 };

describe('delivery under faults', () => {
  it('delivers every submission, attachment, ticket and rating exactly once with 30% of requests failing', async () => {
    rig = await startOutboxRig({ engine: { backoff: FAST, concurrency: 4 }, faults: { rate: 0.3, kinds: ['latency', '5xx', '429', '503', 'reset', 'drop-after-commit'], latencyMs: 50, seed: 4242 } });
    const accepted: string[] = [];
    const attachmentHashes = new Set<string>();
    for (let i = 0; i < 60; i += 1) {
      const ref = await rig.outbox.allocateLocalReference();
      const images = i % 3 === 0 ? [randomBytes(2000), randomBytes(3000)] : [];
      const hashes = images.map((b) => createHash('sha256').update(b).digest('hex'));
      hashes.forEach((h) => attachmentHashes.add(h));
      const id = newId();
      await rig.outbox.enqueueSubmission({ submissionId: id, body: submissionBody(rig.terminalId, ref, hashes), attachments: images.map((bytes) => ({ contentType: 'image/jpeg' as const, bytes: new Uint8Array(bytes) })), serviceName: '测试事项' });
      accepted.push(id);
    }
    const tickets: string[] = [];
    for (let i = 0; i < 10; i += 1) {
      const issued = await rig.client.call('queue.issueTicket', { category: 'A', priority: 'normal', issuedBy: 'citizen' });
      await rig.outbox.enqueueTicket({ ticketId: issued.ticketId, hallId: issued.hallId, body: issued.body });
      tickets.push(issued.ticketId);
    }
    const ratings: string[] = [];
    for (let i = 0; i < 10; i += 1) {
      const id = newId();
      await rig.outbox.enqueueRating({ ratingId: id, body: { subject: { submissionId: accepted[i] }, level: 5, channel: 'kiosk', ratedAt: new Date().toISOString() } });
      ratings.push(id);
    }
    await rig.drained(180_000);

    rig.platform.setFaults(null);
    const records = await rig.records();
    const byId = new Map(records.submissions.items.map((s) => [s.id, s]));
    for (const id of accepted) {
      expect(byId.get(id)?.firstDeliveries, `submission ${id}`).toBe(1);
      expect(byId.get(id)?.conflicts).toBe(0);
    }
    expect(records.submissions.count).toBe(accepted.length);
    expect(new Set(records.tickets.items.filter((t) => t.firstDeliveries === 1).map((t) => t.id))).toEqual(new Set(tickets));
    expect(new Set(records.ratings.items.filter((t) => t.firstDeliveries === 1).map((t) => t.id))).toEqual(new Set(ratings));
    for (const h of attachmentHashes) expect(records.attachments.items.find((a) => a.id === h)?.firstDeliveries).toBe(1);

    // The page shows the platform's receipt numbers, and holds no ciphertext any more.
    const rows = await rig.db.items.toArray();
    expect(rows.every((r) => r.state === 'delivered')).toBe(true);
    expect(rows.filter((r) => r.kind === 'submission').every((r) => r.receiptNo === byId.get(r.id)?.receiptNo)).toBe(true);
    expect(rows.every((r) => r.sealedBody === null)).toBe(true);
    expect(await rig.db.blobs.count()).toBe(0);
    const lookup = await rig.outbox.lookup(rows.find((r) => r.kind === 'submission')!.localReference!);
    expect(lookup?.receiptNo).toMatch(/\d{4}$/);
    // Keys were destroyed at delivery.
    expect([...rig.host.ledger.all()].every((e) => e.wk === null && e.state === 'delivered')).toBe(true);
  }, 240_000);

  it('uploads attachments the platform lacks when it answers missing-attachments', async () => {
    rig = await startOutboxRig({ engine: { backoff: FAST }, startEngine: false });
    const bytes = randomBytes(1500);
    const sha = createHash('sha256').update(bytes).digest('hex');
    const ref = await rig.outbox.allocateLocalReference();
    const id = newId();
    await rig.outbox.enqueueSubmission({ submissionId: id, body: submissionBody(rig.terminalId, ref, [sha]), attachments: [{ contentType: 'image/png', bytes: new Uint8Array(bytes) }], serviceName: 'x' });
    // The page believes the attachment was already uploaded (say, to a platform since restored from
    // backup): the engine sends the submission first, and the platform's 422 makes it upload.
    await rig.db.items.update(id, { attachments: [{ sha256: sha, contentType: 'image/png', size: bytes.length, uploaded: true }] });
    await rig.engine.start();
    await rig.drained();
    const records = await rig.records();
    expect(records.submissions.items.find((s) => s.id === id)?.firstDeliveries).toBe(1);
    expect(records.attachments.items.find((a) => a.id === sha)?.firstDeliveries).toBe(1);
  });

  it('moves a 4xx to needs-attention with the platform reason, keeps it, and delivers the others', async () => {
    rig = await startOutboxRig({ engine: { backoff: FAST } });
    const bad = newId();
    const ref = await rig.outbox.allocateLocalReference();
    await rig.outbox.enqueueSubmission({ submissionId: bad, body: { ...submissionBody(rig.terminalId, ref), serviceCode: 'NO-SUCH-ITEM' }, attachments: [], serviceName: 'x' });
    const good = newId();
    await rig.outbox.enqueueSubmission({ submissionId: good, body: submissionBody(rig.terminalId, await rig.outbox.allocateLocalReference()), attachments: [], serviceName: 'x' });
    await rig.drained();
    const row = await rig.db.items.get(bad);
    expect(row?.state).toBe('needs-attention');
    expect(row?.attention).toMatchObject({ status: 422, code: 'unknown-service' });
    expect(row?.sealedBody).not.toBeNull();
    expect((await rig.db.items.get(good))?.state).toBe('delivered');
    expect((await rig.outbox.summary()).needsAttention).toBe(1);
  });

  it('pauses on 401 without dropping anything, raises a technician fault, and resumes after re-enrollment', async () => {
    rig = await startOutboxRig({ engine: { backoff: FAST } });
    rig.platformClient.setToken('not-a-valid-token');
    const id = newId();
    await rig.outbox.enqueueSubmission({ submissionId: id, body: submissionBody(rig.terminalId, await rig.outbox.allocateLocalReference()), attachments: [], serviceName: 'x' });
    await expect.poll(() => rig!.engine.paused, { timeout: 10_000 }).toBe('unauthorized');
    expect(rig.events.some((e) => e.name === 'outbox.fault' && (e.payload as { code: string }).code === 'credential-rejected')).toBe(true);
    expect((await rig.db.items.get(id))?.state).toBe('queued');
    await rig.terminal.enroll('TEST-ENROLL-1');
    rig.engine.kick('resume');
    await rig.drained();
    expect((await rig.records()).submissions.items.find((s) => s.id === id)?.firstDeliveries).toBe(1);
  });

  it('restores accepted items the browser storage lost from the host\'s sealed copies, and delivers each exactly once', async () => {
    rig = await startOutboxRig({ startEngine: false });
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const ref = await rig.outbox.allocateLocalReference();
      const id = newId();
      await rig.outbox.enqueueSubmission({ submissionId: id, body: submissionBody(rig.terminalId, ref), attachments: i === 0 ? [{ contentType: 'image/jpeg', bytes: new Uint8Array(randomBytes(5000)) }] : [], serviceName: 'x' });
      ids.push(id);
    }
    await rig.restartPage({ freshStorage: true });
    expect(rig.events.find((e) => e.name === 'outbox.fault')).toBeUndefined();
    expect(rig.outbox.lost).toEqual([]);
    expect(await rig.outbox.canAcceptIntake()).toEqual({ ok: true });
    await rig.drained();
    const records = await rig.records();
    expect(records.submissions.items.filter((s) => ids.includes(s.id)).map((s) => s.firstDeliveries)).toEqual([1, 1, 1]);
    expect(records.attachments.count).toBe(1);
    // Delivered: the host's copies are gone with the keys.
    expect(readdirSync(join(rig.dataDir, 'kiosk', 'host', 'outbox', 'sealed'))).toEqual([]);
  });

  it('detects lost browser storage at boot and names exactly the affected items when the host has no copy either', async () => {
    rig = await startOutboxRig({ startEngine: false });
    const ids: string[] = [];
    const refs: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const ref = await rig.outbox.allocateLocalReference();
      const id = newId();
      await rig.outbox.enqueueSubmission({ submissionId: id, body: submissionBody(rig.terminalId, ref), attachments: [], serviceName: 'x' });
      ids.push(id);
      refs.push(ref);
    }
    rmSync(join(rig.dataDir, 'kiosk', 'host', 'outbox', 'sealed'), { recursive: true, force: true });
    await rig.restartPage({ freshStorage: true });
    const fault = rig.events.find((e) => e.name === 'outbox.fault');
    expect(fault?.payload).toMatchObject({ code: 'storage-lost' });
    const items = (fault!.payload as { items: { itemId: string; localReference: string }[] }).items;
    expect(items.map((i) => i.itemId).sort()).toEqual([...ids].sort());
    expect(items.map((i) => i.localReference).sort()).toEqual([...refs].sort());
    expect(await rig.outbox.canAcceptIntake()).toMatchObject({ ok: false, reason: 'storage-lost' });
    // A technician acknowledges them (staff.outbox.acknowledgeLost: session-checked and audited in host/staff).
    await rig.host.acknowledgeLost('TH-T01');
    expect(await rig.outbox.canAcceptIntake()).toEqual({ ok: true });
  });

  it('refuses new intake below the disk floor and still delivers what is queued', async () => {
    let free = 50 * 1024 ** 3;
    rig = await startOutboxRig({ engine: { backoff: FAST }, startEngine: false, diskFree: () => ({ freeBytes: free, totalBytes: 100 * 1024 ** 3 }) });
    const id = newId();
    await rig.outbox.enqueueSubmission({ submissionId: id, body: submissionBody(rig.terminalId, await rig.outbox.allocateLocalReference()), attachments: [], serviceName: 'x' });
    free = 1024 ** 3;
    expect(await rig.outbox.canAcceptIntake()).toMatchObject({ ok: false, reason: 'disk-low' });
    await expect(rig.outbox.enqueueSubmission({ submissionId: newId(), body: submissionBody(rig.terminalId, await rig.outbox.allocateLocalReference()), attachments: [], serviceName: 'x' })).rejects.toThrow(/disk/);
    await rig.engine.start();
    await rig.drained();
    expect((await rig.records()).submissions.items.find((s) => s.id === id)?.firstDeliveries).toBe(1);
  });

  it('reports the outbox depth in heartbeats', async () => {
    rig = await startOutboxRig({ startEngine: false });
    await rig.outbox.enqueueSubmission({ submissionId: newId(), body: submissionBody(rig.terminalId, await rig.outbox.allocateLocalReference()), attachments: [], serviceName: 'x' });
    const s = await rig.outbox.summary();
    await rig.client.call('outbox.report', { pending: s.pending, failed: s.needsAttention, oldestPendingAt: s.oldestPendingAt });
    await rig.terminal.heartbeat();
    const records = await rig.records();
    expect(records.terminals[0]?.lastHeartbeat?.outbox).toMatchObject({ pending: 1, failed: 0 });
  });
});
