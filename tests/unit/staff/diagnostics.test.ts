/**
 * The technician's diagnostics and their export (file or USB): the outbox figures the page sends
 * (pending, needs-attention items with the platform's reasons, the oldest item's age, the last
 * delivery), what the host adds, and no personal data in the file.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { PageOutboxFigures } from '../../../common/ipc/methods/staff';
import type { AttentionItem, OutboxSummary } from '../../../renderer/src/outbox/intake-outbox';
import { pageOutboxFigures } from '../../../renderer/src/staff/outbox-figures';
import { DEMO, fakeClock, seedEnrollment, startTestHost, tempDir, type TestHost } from './helpers';

let h: TestHost | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const ITEM = '0193aaaa-0000-7000-8000-000000000001';
const ASIDE = '0193aaaa-0000-7000-8000-000000000002';

/** What the page's outbox would answer: one item refused with 409, one set aside with a technician's note. */
const summary: OutboxSummary = { pending: 3, needsAttention: 1, setAside: 1, oldestPendingAt: '2026-11-20T01:30:00.000Z', lastDeliveredAt: '2026-11-20T01:55:00.000Z' };
const items: AttentionItem[] = [
  { id: ITEM, kind: 'submission', state: 'needs-attention', localReference: 'L-0A1B-20261120-0007', createdAt: '2026-11-20T01:00:00.000Z', problem: { status: 409, code: 'id-conflict', title: '林嘉怡 already applied' }, setAside: null },
  { id: ASIDE, kind: 'ticket', state: 'set-aside', localReference: null, createdAt: '2026-11-20T01:10:00.000Z', problem: { status: 422, code: 'bad code\n13800138000', title: 'x' }, setAside: { at: '2026-11-20T01:20:00.000Z', note: '需联系申请人：林嘉怡 13800138000' } },
];

async function technician(clockIso = '2026-11-20T10:00:00+08:00'): Promise<string> {
  const dataDir = tempDir();
  seedEnrollment(dataDir);
  h = await startTestHost({ dataDir, staffOptions: { now: fakeClock(clockIso).now } });
  const r = await h.client.call('staff.signInWithPin', { staffId: DEMO.technician.staffId, pin: DEMO.technician.pin });
  if (!r.ok) throw new Error('sign-in failed');
  return r.session.token;
}

describe("the page's outbox figures", () => {
  it('carry counts, times, ids and problem codes only: no reference, title or note', async () => {
    const figures = await pageOutboxFigures({ summary: async () => summary, attentionItems: async () => items });
    expect(figures).toEqual({
      pending: 3,
      setAside: 1,
      oldestPendingAt: '2026-11-20T01:30:00.000Z',
      lastDeliveredAt: '2026-11-20T01:55:00.000Z',
      items: [
        { itemId: ITEM, kind: 'submission', state: 'needs-attention', status: 409, code: 'id-conflict' },
        { itemId: ASIDE, kind: 'ticket', state: 'set-aside', status: 422, code: 'bad code\n13800138000' },
      ],
    });
    expect(JSON.stringify(figures)).not.toMatch(/L-0A1B|林嘉怡|需联系/);
    expect(await pageOutboxFigures({ summary: () => Promise.reject(new Error('IndexedDB gone')), attentionItems: async () => items })).toBeUndefined();
  });
});

describe('the diagnostics export', () => {
  it('holds the outbox figures (pending, needs-attention with reasons, oldest age, last delivery) and no personal data', async () => {
    const session = await technician();
    const outbox = (await pageOutboxFigures({ summary: async () => summary, attentionItems: async () => items })) as PageOutboxFigures;
    const { path } = await h!.client.call('staff.diagnostics.export', { session, targetId: 'data-dir', outbox });
    const text = readFileSync(path, 'utf8');
    const exported = JSON.parse(text) as { kind: string; diagnostics: { outbox: unknown }; audit: { action: string }[] };
    expect(exported.kind).toBe('bianmin-kiosk diagnostics');
    expect(exported.diagnostics.outbox).toEqual({
      source: 'page',
      pending: 3,
      needsAttention: [
        { itemId: ITEM, kind: 'submission', state: 'needs-attention', status: 409, reason: 'id-conflict' },
        // A code is a code: other characters are masked, and the scrubber removes the phone number.
        { itemId: ASIDE, kind: 'ticket', state: 'set-aside', status: 422, reason: 'bad_code_[phone removed]' },
      ],
      setAside: 1,
      oldestPendingAt: '2026-11-20T01:30:00.000Z',
      // The host's clock is 02:00Z.
      oldestAgeSeconds: 30 * 60,
      lastDeliveredAt: '2026-11-20T01:55:00.000Z',
      lastDeliveredAgeSeconds: 5 * 60,
      deliveryPaused: null,
    });
    // The audit log as it was when the export was written (its own entry follows).
    expect(exported.audit.map((e) => e.action)).toEqual(['staff-sign-in']);
    expect(text).not.toMatch(/L-0A1B|林嘉怡|需联系|13800138000/);
  });

  it('refuses outbox figures that carry more than counts, times, ids and codes', async () => {
    const session = await technician();
    const good = (await pageOutboxFigures({ summary: async () => summary, attentionItems: async () => items })) as PageOutboxFigures;
    const withReference = { ...good, items: [{ ...good.items[0]!, localReference: 'L-0A1B-20261120-0007' }] };
    const withNote = { ...good, note: '林嘉怡' };
    const badTime = { ...good, oldestPendingAt: '林嘉怡' };
    for (const outbox of [withReference, withNote, badTime]) {
      await expect(h!.client.call('staff.diagnostics.export', { session, targetId: 'data-dir', outbox } as never)).rejects.toMatchObject({ code: 'invalid-params' });
    }
    expect(h!.logLines.join('\n')).not.toContain('林嘉怡');
  });

  it('says the outbox is unknown when the page sent no figures', async () => {
    const session = await technician();
    const d = await h!.client.call('staff.diagnostics', { session });
    expect(d.outbox).toEqual({ source: 'unknown', pending: null, needsAttention: [], setAside: null, oldestPendingAt: null, oldestAgeSeconds: null, lastDeliveredAt: null, lastDeliveredAgeSeconds: null, deliveryPaused: null });
  });
});
