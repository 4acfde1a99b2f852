/** Read-only queries shared by the page's outbox and the delivery worker. */
import type { OutboxDb, OutboxRow } from './outbox-db';
import type { OutboxSummary, ReceiptLookup } from './intake-outbox';

export async function outboxSummary(db: OutboxDb): Promise<OutboxSummary> {
  return db.transaction('r', db.items, db.meta, async () => {
    const pending = await db.items.where('state').anyOf('queued', 'delivering').count();
    const needsAttention = await db.items.where('state').equals('needs-attention').count();
    const setAside = await db.items.where('state').equals('set-aside').count();
    // Scans only the pending items (not the delivered ones kept for the retention window).
    let oldest: { createdAt: string } | undefined;
    if (pending > 0) {
      await db.items
        .where('state')
        .anyOf('queued', 'delivering')
        .each((r) => {
          if (!oldest || r.createdAt < oldest.createdAt) oldest = r;
        });
    }
    const last = await db.meta.get('lastDeliveredAt');
    return { pending, needsAttention, setAside, oldestPendingAt: oldest?.createdAt ?? null, lastDeliveredAt: typeof last?.value === 'string' ? last.value : null };
  });
}

export async function lookupReference(db: OutboxDb, reference: string): Promise<ReceiptLookup | null> {
  const row: OutboxRow | undefined = (await db.items.where('localReference').equals(reference).first()) ?? (await db.items.where('receiptNo').equals(reference).first());
  if (!row || row.localReference === null) return null;
  return {
    localReference: row.localReference,
    // To a citizen, an item a technician set aside still "needs staff attention" (the citizen screens have no other wording for it).
    state: row.state === 'set-aside' ? 'needs-attention' : row.state,
    ...(row.receiptNo ? { receiptNo: row.receiptNo } : {}),
    ...(row.serviceName ? { serviceName: row.serviceName } : {}),
  };
}
