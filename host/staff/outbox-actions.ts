/**
 * A technician's retry / set-aside of an outbox item, checked against the host's own journal. The
 * item's data lives (encrypted) in the page, which makes the change; the host is the authority on
 * whether the item is one this terminal accepted and has not delivered, and on its kind and the
 * platform's reason code — the audit entry takes them from the journal, not from the page.
 */
import { staffHooksOf } from './hooks';
import type { StaffHost } from './staff-host';

export type OutboxItemCheck =
  | { ok: true; kind: string; reasonCode: string }
  | { ok: false; reason: 'unknown-item' | 'delivered' | 'lost' | 'unavailable'; message: string };

export function checkOutboxItemAction(staff: StaffHost, itemId: string): OutboxItemCheck {
  const lookup = staffHooksOf(staff.ctx).outboxItem;
  if (!lookup) return { ok: false, reason: 'unavailable', message: 'The outbox is not running on this device host.' };
  const item = lookup(itemId);
  if (!item) return { ok: false, reason: 'unknown-item', message: 'This terminal\'s outbox journal does not know this item.' };
  if (item.state === 'delivered') return { ok: false, reason: 'delivered', message: 'The platform already holds this item; there is nothing to retry or set aside.' };
  if (item.state === 'lost') return { ok: false, reason: 'lost', message: 'This item is listed as lost from the browser storage; see the storage-lost fault.' };
  // `attention` is the usual case; `queued`/`sealed` happen when the page's change raced the journal
  // (the page re-checks the item's own state inside its transaction).
  return { ok: true, kind: item.kind, reasonCode: item.reasonCode ?? 'none' };
}
