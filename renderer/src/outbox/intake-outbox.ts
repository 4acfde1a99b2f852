/**
 * What the citizen flows need from the offline-first outbox (issue 4 builds it). Every submission,
 * queue ticket and rating is written here BEFORE the citizen is told it is done; delivery to the
 * platform happens later, off the UI thread, exactly once.
 *
 * The flows code against this interface; tests use an in-memory implementation.
 */

/** The body of `PUT /v1/submissions/{id}` as the contract defines it (Submission). */
export type SubmissionBody = Record<string, unknown>;
/** The body of `PUT /v1/halls/{hallId}/queue/tickets/{ticketId}` (QueueTicket). */
export type QueueTicketBody = Record<string, unknown>;
/** The body of `PUT /v1/ratings/{ratingId}` (Rating). */
export type RatingBody = Record<string, unknown>;

export interface AttachmentInput {
  contentType: 'image/jpeg' | 'image/png' | 'application/pdf';
  bytes: Uint8Array;
}

export type IntakeRefusal =
  /** Free disk below the floor: new intake is refused, nothing queued is dropped. */
  | { ok: false; reason: 'disk-low'; message: string }
  /** The browser storage was lost or reset; a technician must look before new intake. */
  | { ok: false; reason: 'storage-lost'; message: string }
  | { ok: false; reason: 'not-enrolled'; message: string }
  /** Added by the outbox: the device host (which holds the keys) is not reachable this moment (it restarts in about a second). */
  | { ok: false; reason: 'host-unavailable'; message: string };

/**
 * `set-aside`: a needs-attention item a technician parked. It is not delivered, not purged and never
 * deleted (it is an undelivered submission): it stays until a technician retries it.
 */
export type ItemState = 'queued' | 'delivering' | 'delivered' | 'needs-attention' | 'set-aside' | 'purged';

export interface ReceiptLookup {
  localReference: string;
  state: ItemState;
  /** The platform's 办件编号, once delivered. */
  receiptNo?: string;
  serviceName?: string;
}

export interface OutboxSummary {
  /** Queued or being delivered (not needs-attention, not set aside). */
  pending: number;
  needsAttention: number;
  /** Set aside by a technician: undelivered, kept, not counted as pending. */
  setAside: number;
  oldestPendingAt: string | null;
  lastDeliveredAt: string | null;
}

/** An item a member of staff must look at (needs-attention) or has set aside. No personal data. */
export interface AttentionItem {
  id: string;
  kind: 'submission' | 'ticket' | 'rating';
  state: 'needs-attention' | 'set-aside';
  localReference: string | null;
  createdAt: string;
  /** The platform's answer (or the terminal's own reason) that stopped delivery. */
  problem: { status: number; code: string; title: string } | null;
  setAside: { at: string; note: string } | null;
}

/** What a staff action on one item found: `done`, or why nothing changed. */
export type ItemActionResult = 'done' | 'not-found' | 'wrong-state';

export interface IntakeOutbox {
  /** Whether new intake can be accepted now (disk floor, storage integrity, enrollment). */
  canAcceptIntake(): Promise<{ ok: true } | IntakeRefusal>;
  /** A fresh local reference to print on the receipt before the platform answers, e.g. `L-0A1B-20261122-0007`. */
  allocateLocalReference(): Promise<string>;
  /**
   * Durably queues a submission and its attachments (strict durability). Resolves only once it is
   * safe to tell the citizen it was accepted. `body.localReference` must be the allocated one.
   */
  enqueueSubmission(input: { submissionId: string; body: SubmissionBody; attachments: AttachmentInput[]; serviceName: string }): Promise<{ localReference: string }>;
  enqueueTicket(input: { ticketId: string; hallId: string; body: QueueTicketBody }): Promise<void>;
  enqueueRating(input: { ratingId: string; body: RatingBody }): Promise<void>;
  /** What is known about a reference printed by this terminal (kept for the retention window). */
  lookup(localReferenceOrReceiptNo: string): Promise<ReceiptLookup | null>;
  summary(): Promise<OutboxSummary>;
  /** Items needing a member of staff (409, other 4xx), then those set aside, oldest first. */
  attentionItems(): Promise<AttentionItem[]>;
  /** needs-attention or set-aside → queued, attempts reset, due now, delivery nudged. One transaction. */
  retryItem(itemId: string): Promise<ItemActionResult>;
  /** needs-attention → set-aside (kept, not delivered, not purged) until a technician retries it. One transaction. */
  setAsideItem(itemId: string, note: string): Promise<ItemActionResult>;
  /** Called whenever an item changes state (e.g. to show the platform's receipt number once it arrives). */
  onChange(listener: () => void): () => void;
}
