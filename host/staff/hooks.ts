/**
 * What the staff modes borrow from other parts of the host, registered by whoever composes the host
 * (host/device-host.ts) once those parts exist, so this area does not reach into their files:
 *
 *   registerStaffHooks(ctx, {
 *     issueTicket: (request) => leaseBook.issue(request),          // host/queue/lease-book.ts
 *     outboxItem: (itemId) => journal entry (kind, state, reason code) or null,       // host/outbox
 *     lostItems, acknowledgeLost: the journal's lost items and their acknowledgement,  // host/outbox
 *   });
 *
 * Without a hook, the matching staff method answers `unavailable` and says so. (The technician's
 * diagnostics take the outbox figures from the page, where the outbox's items live.)
 */
import type { HostContext } from '../host-context';
import type { LostItem } from '../../common/ipc/methods/outbox';

export interface StaffTicketRequest {
  category: string;
  priority: string;
  issuedBy: 'staff';
  staffId: string;
}

export interface IssuedTicket {
  ticketId: string;
  hallId: string;
  leaseId: string;
  number: number;
  display: string;
  category: string;
  issuedAt: string;
  body: Record<string, unknown>;
}

/** What the host's outbox journal knows of one item (ids and codes only, never personal data). */
export interface OutboxJournalItem {
  kind: string;
  /** The journal's state: `attention` covers needs-attention and set-aside items (both held by the page, undelivered). */
  state: 'sealed' | 'queued' | 'delivered' | 'attention' | 'lost';
  /** The platform's problem code that stopped delivery, if any. */
  reasonCode: string | null;
}

export interface StaffHooks {
  /** Issues the next queue number (durably) for a ticket issued by staff on a citizen's behalf. */
  issueTicket?(request: StaffTicketRequest): Promise<IssuedTicket>;
  /** One item of the outbox journal, for a technician's retry / set-aside (null if the journal does not know it). */
  outboxItem?(itemId: string): OutboxJournalItem | null;
  /** Accepted items the browser storage lost before delivery, not yet acknowledged. */
  lostItems?(): LostItem[];
  /** Marks them acknowledged (intake may resume); returns how many. */
  acknowledgeLost?(staffId: string): Promise<number>;
}

const registry = new WeakMap<HostContext, StaffHooks>();

export function registerStaffHooks(ctx: HostContext, hooks: StaffHooks): void {
  registry.set(ctx, { ...registry.get(ctx), ...hooks });
}

export function staffHooksOf(ctx: HostContext): StaffHooks {
  return registry.get(ctx) ?? {};
}
