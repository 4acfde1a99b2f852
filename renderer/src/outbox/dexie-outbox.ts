/**
 * The page's IntakeOutbox on IndexedDB. Enqueueing is: the host seals the exact request bytes (and
 * journals the item as `sealed`, keeping a durable copy of the ciphertext until delivery), one
 * strict-durability transaction stores the ciphertext, the host journals it as `queued` — and only
 * then does the promise resolve and the citizen hear "accepted". Delivery happens elsewhere (the
 * DeliveryEngine in a Worker); this object only writes new items, reads, and reconciles with the
 * host's journal at each connection, writing back from the host's copies what this storage lost.
 */
import type { LostItem, RestorableRow } from '../../../common/ipc/methods/outbox';
import { MAX_SEALED_PART_BYTES } from '../../../common/ipc/methods/outbox';
import { base64ToBytes, bytesToBase64 } from '../../../common/ids/base64';
import type { HostCaller } from './host-caller';
import type { AttachmentInput, AttentionItem, IntakeOutbox, IntakeRefusal, ItemActionResult, OutboxSummary, QueueTicketBody, RatingBody, ReceiptLookup, SubmissionBody } from './intake-outbox';
import { exactBuffer, type OutboxDb, type OutboxRow } from './outbox-db';
import { lookupReference, outboxSummary } from './queries';

export class OutboxRefusedError extends Error {
  constructor(readonly refusal: IntakeRefusal) {
    super(refusal.message);
    this.name = 'OutboxRefusedError';
  }
}

/** A lock with shared holders (enqueues) and exclusive ones (reconciliation with the journal). */
class SharedLock {
  private shared = 0;
  private exclusive: Promise<void> | null = null;
  private drained: (() => void) | null = null;

  async withShared<T>(fn: () => Promise<T>): Promise<T> {
    while (this.exclusive) await this.exclusive;
    this.shared += 1;
    try {
      return await fn();
    } finally {
      this.shared -= 1;
      if (this.shared === 0) this.drained?.();
    }
  }

  async withExclusive<T>(fn: () => Promise<T>): Promise<T> {
    while (this.exclusive) await this.exclusive;
    let release!: () => void;
    this.exclusive = new Promise<void>((resolve) => (release = resolve));
    try {
      if (this.shared > 0) await new Promise<void>((resolve) => (this.drained = resolve));
      this.drained = null;
      return await fn();
    } finally {
      this.exclusive = null;
      release();
    }
  }
}

export interface DexieOutboxOptions {
  /** The host, or null while the page is not connected to it. */
  host(): HostCaller | null;
  /** Tell the delivery engine something was queued. */
  kick?(): void;
  /** Tell other contexts (the worker, other tabs) that the outbox changed. */
  broadcast?(): void;
  sha256?(bytes: Uint8Array): Promise<string>;
}

async function webCryptoSha256(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', exactBuffer(bytes)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

export class DexieIntakeOutbox implements IntakeOutbox {
  private readonly listeners = new Set<() => void>();
  private readonly lock = new SharedLock();
  private lostItems: LostItem[] = [];

  constructor(
    readonly db: OutboxDb,
    private readonly options: DexieOutboxOptions,
  ) {}

  /** Items the host's journal says were accepted here and are gone from this storage (after the last reconcile). */
  get lost(): LostItem[] {
    return this.lostItems;
  }

  private requireHost(): HostCaller {
    const host = this.options.host();
    if (!host) throw new OutboxRefusedError({ ok: false, reason: 'host-unavailable', message: 'The terminal is restarting a component; please wait a moment and try again.' });
    return host;
  }

  async canAcceptIntake(): Promise<{ ok: true } | IntakeRefusal> {
    const host = this.options.host();
    if (!host) return { ok: false, reason: 'host-unavailable', message: 'The terminal is restarting a component; please wait a moment and try again.' };
    try {
      const status = await host.call('outbox.status', {});
      if (status.intake.ok) return { ok: true };
      // A key store the host refuses means it would not have started; report it as storage trouble for staff.
      const reason = status.intake.reason === 'key-store' ? 'storage-lost' : status.intake.reason;
      return { ok: false, reason, message: status.intake.message };
    } catch {
      return { ok: false, reason: 'host-unavailable', message: 'The terminal is restarting a component; please wait a moment and try again.' };
    }
  }

  async allocateLocalReference(): Promise<string> {
    return (await this.requireHost().call('outbox.allocateReference', {})).localReference;
  }

  async enqueueSubmission(input: { submissionId: string; body: SubmissionBody; attachments: AttachmentInput[]; serviceName: string }): Promise<{ localReference: string }> {
    const localReference = input.body.localReference;
    if (typeof localReference !== 'string') throw new Error('body.localReference must be the reference from allocateLocalReference()');
    for (const a of input.attachments) if (a.bytes.length > MAX_SEALED_PART_BYTES) throw new Error(`An attachment is larger than ${MAX_SEALED_PART_BYTES} bytes; scan it at a lower resolution.`);
    const hash = this.options.sha256 ?? webCryptoSha256;
    const hashes = await Promise.all(input.attachments.map((a) => hash(a.bytes)));
    const bodyBytes = new TextEncoder().encode(JSON.stringify(input.body));
    // Duplicate attachments (the same bytes twice) are stored and uploaded once.
    const unique = new Map<string, AttachmentInput>();
    input.attachments.forEach((a, i) => unique.set(hashes[i]!, a));
    await this.enqueue(
      { id: input.submissionId, kind: 'submission', localReference, serviceName: input.serviceName, hallId: null },
      bodyBytes,
      [...unique.entries()].map(([sha256, a]) => ({ sha256, contentType: a.contentType, bytes: a.bytes })),
    );
    return { localReference };
  }

  async enqueueTicket(input: { ticketId: string; hallId: string; body: QueueTicketBody }): Promise<void> {
    await this.enqueue({ id: input.ticketId, kind: 'ticket', localReference: null, serviceName: null, hallId: input.hallId }, new TextEncoder().encode(JSON.stringify(input.body)), []);
  }

  async enqueueRating(input: { ratingId: string; body: RatingBody }): Promise<void> {
    await this.enqueue({ id: input.ratingId, kind: 'rating', localReference: null, serviceName: null, hallId: null }, new TextEncoder().encode(JSON.stringify(input.body)), []);
  }

  private async enqueue(
    meta: Pick<OutboxRow, 'id' | 'kind' | 'localReference' | 'serviceName' | 'hallId'>,
    body: Uint8Array,
    attachments: { sha256: string; contentType: AttachmentInput['contentType']; bytes: Uint8Array }[],
  ): Promise<void> {
    const host = this.requireHost();
    // Enqueued already (a retry by the caller)? Then it is safe, and must not be sealed again.
    if (await this.db.items.get(meta.id)) return;
    await this.lock.withShared(async () => {
      const restorable: RestorableRow = {
        serviceName: meta.serviceName,
        hallId: meta.hallId,
        attachments: attachments.map((a) => ({ sha256: a.sha256, contentType: a.contentType, size: a.bytes.length })),
      };
      const { parts } = await host.call(
        'outbox.seal',
        { itemId: meta.id, kind: meta.kind, localReference: meta.localReference, parts: [bytesToBase64(body), ...attachments.map((a) => bytesToBase64(a.bytes))], row: restorable },
        60_000,
      );
      await this.store(queuedRow(meta, restorable, new Date().toISOString()), parts);
      // Journaled as accepted. If the host went away just now, the item is durably stored all the
      // same: the next reconciliation confirms it, so the citizen is told it was accepted.
      await host.call('outbox.confirm', { itemIds: [meta.id] }).catch(() => undefined);
    });
    this.options.kick?.();
    this.notify();
  }

  /** One strict-durability transaction: the row with its sealed body (`parts[0]`) and sealed attachments; nothing if the id is already stored. */
  private async store(row: OutboxRow, parts: string[]): Promise<void> {
    row.sealedBody = exactBuffer(base64ToBytes(parts[0]!));
    await this.db.transaction('rw', this.db.items, this.db.blobs, async () => {
      if (await this.db.items.get(row.id)) return;
      await this.db.items.add(row);
      if (row.attachments.length > 0) await this.db.blobs.bulkPut(row.attachments.map((a, i) => ({ itemId: row.id, sha256: a.sha256, sealed: exactBuffer(base64ToBytes(parts[i + 1]!)) })));
    });
  }

  /**
   * Compares this storage with the host's journal (at each connection to the host). Accepted items
   * this storage lost are written back from the host's sealed copies (then delivered as usual);
   * those the host has no copy of are reported lost.
   */
  async reconcile(): Promise<{ lost: LostItem[]; restored: number }> {
    const host = this.requireHost();
    const outcome = await this.lock.withExclusive(async () => {
      const heldIds = (await this.db.items.toCollection().primaryKeys()) as string[];
      const result = await host.call('outbox.reconcile', { heldIds }, 60_000);
      let restored = 0;
      for (const itemId of result.restorable) {
        const copy = await host.call('outbox.restore', { itemId }, 60_000);
        await this.store(queuedRow({ id: copy.itemId, kind: copy.kind, localReference: copy.localReference, serviceName: copy.row.serviceName, hallId: copy.row.hallId }, copy.row, copy.sealedAt), copy.parts);
        restored += 1;
      }
      this.lostItems = result.lost;
      return { lost: result.lost, restored };
    });
    if (outcome.restored > 0) this.options.kick?.();
    this.notifyAll();
    return outcome;
  }

  lookup(reference: string): Promise<ReceiptLookup | null> {
    return lookupReference(this.db, reference);
  }

  summary(): Promise<OutboxSummary> {
    return outboxSummary(this.db);
  }

  /** Items a member of staff must resolve (409 and other 4xx), with the platform's reason. */
  async needingAttention(): Promise<AttentionItem[]> {
    const rows = await this.db.items.where('state').equals('needs-attention').toArray();
    return rows.map(toAttentionItem).sort(byCreatedAt);
  }

  /** Needs-attention items, then set-aside ones, each oldest first. */
  async attentionItems(): Promise<AttentionItem[]> {
    const rows = await this.db.items.where('state').anyOf('needs-attention', 'set-aside').toArray();
    const items = rows.map(toAttentionItem).sort(byCreatedAt);
    return [...items.filter((i) => i.state === 'needs-attention'), ...items.filter((i) => i.state === 'set-aside')];
  }

  /**
   * A technician's retry: needs-attention or set-aside → queued, attempts reset, due now; then the
   * delivery engine is nudged. One transaction, no network I/O inside it. The ciphertext and the
   * host's key were kept, so delivery proceeds as for any queued item (idempotent PUT).
   */
  async retryItem(itemId: string): Promise<ItemActionResult> {
    const result = await this.db.transaction('rw', this.db.items, async (): Promise<ItemActionResult> => {
      const row = await this.db.items.get(itemId);
      if (!row) return 'not-found';
      if (row.state !== 'needs-attention' && row.state !== 'set-aside') return 'wrong-state';
      row.state = 'queued';
      row.attempts = 0;
      row.nextAttemptAt = Date.now();
      row.retryKind = null;
      row.lastStatus = null;
      row.attention = null;
      row.setAside = null;
      await this.db.items.put(row);
      return 'done';
    });
    if (result === 'done') {
      this.options.kick?.();
      this.notifyAll();
    }
    return result;
  }

  /**
   * A technician sets a needs-attention item aside: it keeps its ciphertext (and the host its key),
   * is not delivered, not purged and never deleted, until a technician retries it. One transaction.
   * `note` is the technician's own words (never a citizen's data); at most 200 characters are kept.
   */
  async setAsideItem(itemId: string, note: string): Promise<ItemActionResult> {
    const result = await this.db.transaction('rw', this.db.items, async (): Promise<ItemActionResult> => {
      const row = await this.db.items.get(itemId);
      if (!row) return 'not-found';
      if (row.state !== 'needs-attention') return 'wrong-state';
      row.state = 'set-aside';
      row.setAside = { at: new Date().toISOString(), note: note.slice(0, 200) };
      await this.db.items.put(row);
      return 'done';
    });
    if (result === 'done') this.notifyAll();
    return result;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Called when another context (the delivery worker) changed the outbox. */
  notify(): void {
    for (const listener of this.listeners) listener();
  }

  /** For callers: announce local changes to other contexts too. */
  notifyAll(): void {
    this.options.broadcast?.();
    this.notify();
  }
}

/** A new row, queued and due now, for sealed bytes (from enqueue, or restored from the host's copy). */
function queuedRow(meta: Pick<OutboxRow, 'id' | 'kind' | 'localReference' | 'serviceName' | 'hallId'>, restorable: RestorableRow, createdAt: string): OutboxRow {
  return {
    ...meta,
    state: 'queued',
    createdAt,
    sealedBody: null,
    attachments: restorable.attachments.map((a) => ({ ...a, uploaded: false })),
    attempts: 0,
    nextAttemptAt: Date.now(),
    retryKind: null,
    lastStatus: null,
    attention: null,
    receiptNo: null,
    receivedAt: null,
    deliveredAt: null,
    purgeAfter: null,
  };
}

function toAttentionItem(r: OutboxRow): AttentionItem {
  return {
    id: r.id,
    kind: r.kind,
    state: r.state === 'set-aside' ? 'set-aside' : 'needs-attention',
    localReference: r.localReference,
    createdAt: r.createdAt,
    problem: r.attention,
    setAside: r.setAside ?? null,
  };
}

function byCreatedAt(a: AttentionItem, b: AttentionItem): number {
  return a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0;
}
