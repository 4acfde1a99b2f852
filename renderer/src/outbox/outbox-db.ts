/**
 * The page's outbox store (IndexedDB through Dexie). Writing a new item uses strict durability: the
 * transaction completes only after the browser flushed it to disk (Chrome's default, `relaxed`,
 * completes before the flush), because the citizen is told "accepted" right after. The page and
 * the delivery worker each open their own instance; the worker's may be relaxed (see
 * delivery.worker.ts for why its state changes do not need the flush).
 *
 * Nothing personal is stored in clear: `sealedBody` and the attachment blobs are ciphertext made by
 * the host with a key only the host holds. Indexed fields are ids, states, times, references.
 */
import { Dexie, type Table } from 'dexie';
import type { OutboxItemKind } from '../../../common/ipc/methods/outbox';
import type { ItemState } from './intake-outbox';

export const OUTBOX_DB_NAME = 'kiosk-outbox';

export type StoredState = Exclude<ItemState, 'purged'>;

export interface StoredAttachment {
  sha256: string;
  contentType: 'image/jpeg' | 'image/png' | 'application/pdf';
  size: number;
  uploaded: boolean;
}

export interface OutboxRow {
  /** The client id, fixed at creation: the id in the PUT path. */
  id: string;
  kind: OutboxItemKind;
  state: StoredState;
  createdAt: string;
  localReference: string | null;
  serviceName: string | null;
  hallId: string | null;
  /** The exact request body, sealed by the host; null once delivered (personal data removed). */
  sealedBody: ArrayBuffer | null;
  attachments: StoredAttachment[];
  attempts: number;
  /** When it may be tried next (ms since the epoch). */
  nextAttemptAt: number;
  retryKind: 'network' | 'platform' | 'rate' | 'host' | null;
  lastStatus: number | null;
  attention: { status: number; code: string; title: string } | null;
  /** When and why a technician set the item aside (state `set-aside`); absent on rows older than that state. */
  setAside?: { at: string; note: string } | null;
  receiptNo: string | null;
  receivedAt: string | null;
  deliveredAt: string | null;
  /** After this time (ms) the row is dropped for good (the retention window for reprint and lookup). */
  purgeAfter: number | null;
}

export interface BlobRow {
  itemId: string;
  sha256: string;
  sealed: ArrayBuffer;
}

export interface MetaRow {
  key: string;
  value: unknown;
}

export class OutboxDb extends Dexie {
  items!: Table<OutboxRow, string>;
  blobs!: Table<BlobRow, [string, string]>;
  meta!: Table<MetaRow, string>;

  constructor(name = OUTBOX_DB_NAME, durability: 'strict' | 'relaxed' = 'strict') {
    super(name, { chromeTransactionDurability: durability });
    this.version(1).stores({
      items: 'id, state, [state+nextAttemptAt], localReference, receiptNo, createdAt',
      blobs: '[itemId+sha256], itemId',
      meta: 'key',
    });
    // Every state change rewrites the row and each of its index entries: version 2 keeps only the
    // indexes queries use. `state` queries use the compound index's first part (Dexie's virtual index).
    this.version(2).stores({
      items: 'id, [state+nextAttemptAt], localReference, receiptNo',
    });
  }
}

/** An ArrayBuffer holding exactly these bytes (a view would store its whole backing buffer, Dexie#665). */
export function exactBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.slice().buffer as ArrayBuffer;
}
