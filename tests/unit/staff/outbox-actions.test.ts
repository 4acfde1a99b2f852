import { afterEach, describe, expect, it } from 'vitest';
import { registerStaffHooks, type OutboxJournalItem } from '../../../host/staff/hooks';
import { DEMO, seedEnrollment, startTestHost, tempDir, type TestHost } from './helpers';

let h: TestHost | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const ITEM = '0193aaaa-0000-7000-8000-000000000001';
const DELIVERED = '0193aaaa-0000-7000-8000-000000000002';
const UNKNOWN = '0193aaaa-0000-7000-8000-000000000003';

async function signedIn(staffId: string, pin: string): Promise<string> {
  const r = await h!.client.call('staff.signInWithPin', { staffId, pin });
  if (!r.ok) throw new Error('sign-in failed');
  return r.session.token;
}

describe("a technician's retry / set-aside of an outbox item", () => {
  it('is checked against the journal and audited (item id, kind, reason code, the chosen set-aside reason only) before the page changes it', async () => {
    const dataDir = tempDir();
    seedEnrollment(dataDir);
    h = await startTestHost({ dataDir });
    const journal: Record<string, OutboxJournalItem> = {
      [ITEM]: { kind: 'submission', state: 'attention', reasonCode: 'validation-failed' },
      [DELIVERED]: { kind: 'submission', state: 'delivered', reasonCode: null },
    };
    registerStaffHooks(h.ctx, { outboxItem: (id) => journal[id] ?? null });
    const session = await signedIn(DEMO.technician.staffId, DEMO.technician.pin);

    // A set-aside names the technician's reason (one of a short list; free text never reaches the host).
    await expect(h.client.call('staff.outbox.itemAction', { session, itemId: ITEM, action: 'set-aside' } as never)).rejects.toMatchObject({ code: 'invalid-params' });
    await expect(h.client.call('staff.outbox.itemAction', { session, itemId: ITEM, action: 'set-aside', setAsideReason: 'other', note: '张三来过' } as never)).rejects.toMatchObject({ code: 'invalid-params' });
    expect(await h.client.call('staff.outbox.itemAction', { session, itemId: ITEM, action: 'set-aside', setAsideReason: 'duplicate' })).toEqual({ ok: true, kind: 'submission', reasonCode: 'validation-failed' });
    expect(await h.client.call('staff.outbox.itemAction', { session, itemId: ITEM, action: 'retry' })).toMatchObject({ ok: true });
    expect(await h.client.call('staff.outbox.itemAction', { session, itemId: DELIVERED, action: 'retry' })).toMatchObject({ ok: false, reason: 'delivered' });
    expect(await h.client.call('staff.outbox.itemAction', { session, itemId: UNKNOWN, action: 'set-aside', setAsideReason: 'platform-check' })).toMatchObject({ ok: false, reason: 'unknown-item' });
    await h.client.call('staff.outbox.itemActionFailed', { session, itemId: ITEM, action: 'retry', problem: 'wrong-state' });

    const entries = h.staff.audit.all().map((r) => r.entry).filter((e) => e.action.startsWith('outbox-item-'));
    expect(entries.map((e) => [e.staffId, e.action, e.outcome, e.detail])).toEqual([
      ['TH-T01', 'outbox-item-set-aside', 'ok', { itemId: ITEM, kind: 'submission', reasonCode: 'validation-failed', setAsideReason: 'duplicate' }],
      ['TH-T01', 'outbox-item-retry', 'ok', { itemId: ITEM, kind: 'submission', reasonCode: 'validation-failed' }],
      ['TH-T01', 'outbox-item-retry', 'refused', { itemId: DELIVERED, reason: 'delivered' }],
      ['TH-T01', 'outbox-item-set-aside', 'refused', { itemId: UNKNOWN, reason: 'unknown-item', setAsideReason: 'platform-check' }],
      ['TH-T01', 'outbox-item-retry', 'failed', { itemId: ITEM, problem: 'wrong-state' }],
    ]);
    expect(h.staff.audit.verify()).toMatchObject({ ok: true });
  });

  it('is refused without a technician session, and says so when no outbox runs on the host', async () => {
    const dataDir = tempDir();
    seedEnrollment(dataDir);
    h = await startTestHost({ dataDir });
    await expect(h.client.call('staff.outbox.itemAction', { session: 'x'.repeat(43), itemId: ITEM, action: 'retry' })).rejects.toBeDefined();
    const manager = await signedIn(DEMO.manager.staffId, DEMO.manager.pin);
    await expect(h.client.call('staff.outbox.itemAction', { session: manager, itemId: ITEM, action: 'retry' })).rejects.toBeDefined();
    expect(h.staff.audit.all().map((r) => r.entry).filter((e) => e.action === 'outbox-item-retry').map((e) => [e.staffId, e.outcome])).toEqual([['TH-M01', 'refused']]);
    const tech = await signedIn(DEMO.technician.staffId, DEMO.technician.pin);
    expect(await h.client.call('staff.outbox.itemAction', { session: tech, itemId: ITEM, action: 'retry' })).toMatchObject({ ok: false, reason: 'unavailable' });
  });
});

describe("a technician's acknowledgement of items the browser storage lost", () => {
  it('needs a technician session, lists the items with their receipt references, and is audited before the journal changes', async () => {
    const dataDir = tempDir();
    seedEnrollment(dataDir);
    h = await startTestHost({ dataDir });
    let lost = [
      { itemId: ITEM, kind: 'submission' as const, localReference: 'L-0A1B-20261122-0007', sealedAt: '2026-11-22T01:00:00.000Z', lastState: 'queued' },
      { itemId: DELIVERED, kind: 'rating' as const, localReference: null, sealedAt: '2026-11-22T01:05:00.000Z', lastState: 'queued' },
    ];
    const acknowledgedBy: string[] = [];
    registerStaffHooks(h.ctx, {
      lostItems: () => lost,
      acknowledgeLost: async (staffId) => {
        acknowledgedBy.push(staffId);
        const count = lost.length;
        lost = [];
        return count;
      },
    });
    // Not from the page without a session, nor by a hall manager.
    await expect(h.client.call('staff.outbox.acknowledgeLost', { session: 'x'.repeat(43) })).rejects.toBeDefined();
    const manager = await signedIn(DEMO.manager.staffId, DEMO.manager.pin);
    await expect(h.client.call('staff.outbox.lostItems', { session: manager })).rejects.toBeDefined();
    await expect(h.client.call('staff.outbox.acknowledgeLost', { session: manager })).rejects.toBeDefined();
    expect(acknowledgedBy).toEqual([]);

    const tech = await signedIn(DEMO.technician.staffId, DEMO.technician.pin);
    expect((await h.client.call('staff.outbox.lostItems', { session: tech })).map((l) => l.localReference)).toEqual(['L-0A1B-20261122-0007', null]);
    expect(await h.client.call('staff.outbox.acknowledgeLost', { session: tech })).toEqual({ acknowledged: 2 });
    expect(acknowledgedBy).toEqual(['TH-T01']);
    expect(await h.client.call('staff.outbox.lostItems', { session: tech })).toEqual([]);
    const entries = h.staff.audit.all().map((r) => r.entry).filter((e) => e.action.startsWith('outbox-lost-'));
    expect(entries.map((e) => [e.staffId, e.action, e.outcome, e.detail])).toEqual([
      ['TH-M01', 'outbox-lost-view', 'refused', { reason: 'role', needs: ['technician'] }],
      ['TH-M01', 'outbox-lost-acknowledge', 'refused', { reason: 'role', needs: ['technician'] }],
      ['TH-T01', 'outbox-lost-acknowledge', 'ok', { count: 2, localReferences: `L-0A1B-20261122-0007 ${DELIVERED}` }],
    ]);
  });
});
