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

export type ItemState = 'queued' | 'delivering' | 'delivered' | 'needs-attention' | 'purged';

export interface ReceiptLookup {
  localReference: string;
  state: ItemState;
  /** The platform's 办件编号, once delivered. */
  receiptNo?: string;
  serviceName?: string;
}

export interface OutboxSummary {
  pending: number;
  needsAttention: number;
  oldestPendingAt: string | null;
  lastDeliveredAt: string | null;
}

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
  /** Called whenever an item changes state (e.g. to show the platform's receipt number once it arrives). */
  onChange(listener: () => void): () => void;
}
