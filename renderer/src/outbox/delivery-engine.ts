/**
 * Delivery of the outbox to the platform, through the host. The same code runs in the page's Web
 * Worker (production) and in Node tests (fake-indexeddb): it needs only a Dexie database and a way
 * to call the host.
 *
 * - Several items in flight (default 4); each is claimed (queued → delivering), sent with no
 *   transaction open, and settled (→ delivered / queued with a retry time / needs-attention), one
 *   transaction per change. Items that are waiting never block others.
 * - Attachments first (the host does HEAD, then PUT if missing), then the body; `missing-attachments`
 *   uploads what the platform lacks and retries at once (up to 3 rounds).
 * - Retries with exponential backoff and full jitter (base 1 s, cap 10 min), never sooner than
 *   `Retry-After`. On reconnect, items that failed for want of a network are due at once.
 * - `paused` (401, not enrolled) stops the engine, nothing dropped, until the host says resume.
 * - Only `queued` items are ever claimed, and only `delivered` ones are purged: `needs-attention` and
 *   `set-aside` items (a technician's decision) are never picked up, purged or deleted here.
 * - After acknowledgement the ciphertext is dropped at once (the host has already destroyed the key);
 *   the receipt number stays for the retention window (default 24 h), then the row is purged.
 */
import { Dexie } from 'dexie';
import type { DeliveryOutcome } from '../../../common/ipc/methods/outbox';
import { bytesToBase64 } from '../../../common/ids/base64';
import { DEFAULT_BACKOFF, retryDelayMs, type BackoffPolicy } from '../../../common/outbox/backoff';
import type { HostCaller } from './host-caller';
import type { OutboxDb, OutboxRow } from './outbox-db';
import { outboxSummary } from './queries';

export interface DeliveryEngineOptions {
  concurrency?: number;
  backoff?: BackoffPolicy;
  /** Backoff after the host itself did not answer (it restarts in well under a second). */
  hostBackoff?: BackoffPolicy;
  retentionMs?: number;
  /** A wake-up at least this often, whatever else happens. */
  timerMs?: number;
  now?: () => number;
  random?: () => number;
  /** Called after any item changed state. */
  onChange?: () => void;
  /** Report the depth to the host for heartbeats (default true). */
  reportDepth?: boolean;
}

type Outcome = DeliveryOutcome | { outcome: 'host-unavailable' };

export const DEFAULT_RETENTION_MS = 24 * 3600_000;

export class DeliveryEngine {
  private readonly inflight = new Set<string>();
  private readonly concurrency: number;
  private readonly backoff: BackoffPolicy;
  private readonly hostBackoff: BackoffPolicy;
  private readonly retentionMs: number;
  private readonly now: () => number;
  private readonly random: () => number;
  private started = false;
  private stopped = false;
  private pausedFor: string | null = null;
  private pumping = false;
  /** Due ids fetched in one index scan and not yet claimed (claiming re-checks each). */
  private buffer: string[] = [];
  private pumpAgain = false;
  private wakeTimer: ReturnType<typeof setTimeout> | undefined;
  private purgeTimer: ReturnType<typeof setInterval> | undefined;
  private reportTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly db: OutboxDb,
    private readonly host: HostCaller,
    private readonly options: DeliveryEngineOptions = {},
  ) {
    this.concurrency = options.concurrency ?? 4;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.hostBackoff = options.hostBackoff ?? { baseMs: 500, capMs: 30_000 };
    this.retentionMs = options.retentionMs ?? DEFAULT_RETENTION_MS;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
  }

  get paused(): string | null {
    return this.pausedFor;
  }

  get inFlight(): number {
    return this.inflight.size;
  }

  /** At boot: items left `delivering` by a crash are queued again (their delivery is idempotent), then delivery starts. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.db.transaction('rw', this.db.items, async () => {
      await this.db.items.where('state').equals('delivering').modify({ state: 'queued' });
    });
    this.purgeTimer = setInterval(() => void this.purge().catch(() => undefined), 60_000);
    void this.purge().catch(() => undefined);
    this.kick('boot');
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.wakeTimer);
    clearInterval(this.purgeTimer);
    clearTimeout(this.reportTimer);
  }

  /**
   * Something happened that may make items deliverable: `boot`, `enqueued`, `timer`, or
   * `reconnect` (the platform or the host answers again: items that failed for want of a network
   * or of the host are due now, and a pause is lifted).
   */
  kick(reason: 'boot' | 'enqueued' | 'timer' | 'reconnect' | 'resume'): void {
    if (this.stopped || !this.started) return;
    if (reason === 'reconnect' || reason === 'resume') {
      this.pausedFor = null;
      this.buffer = [];
      void this.makeDueNow().then(() => this.pump());
      return;
    }
    void this.pump();
  }

  private async makeDueNow(): Promise<void> {
    const now = this.now();
    await this.db.transaction('rw', this.db.items, async () => {
      await this.db.items
        .where('[state+nextAttemptAt]')
        .between(['queued', now], ['queued', Dexie.maxKey], false, true)
        .filter((r) => r.retryKind === 'network' || r.retryKind === 'host' || r.retryKind === null)
        .modify({ nextAttemptAt: now });
    });
  }

  private async pump(): Promise<void> {
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    try {
      do {
        this.pumpAgain = false;
        if (this.stopped || this.pausedFor) break;
        const free = this.concurrency - this.inflight.size;
        if (free <= 0) break;
        if (this.buffer.length === 0) {
          this.buffer = (await this.db.items
            .where('[state+nextAttemptAt]')
            .between(['queued', Dexie.minKey], ['queued', this.now()], true, true)
            .limit(256 + this.inflight.size)
            .primaryKeys()).filter((id) => !this.inflight.has(id));
          if (this.buffer.length === 0) break;
        }
        while (this.buffer.length > 0) {
          if (this.inflight.size >= this.concurrency) break;
          const id = this.buffer.shift()!;
          if (this.inflight.has(id)) continue;
          this.inflight.add(id);
          void this.run(id).finally(() => {
            this.inflight.delete(id);
            void this.pump();
          });
        }
      } while (this.pumpAgain);
    } catch {
      // The database is closing or failed; the timer tries again.
    } finally {
      this.pumping = false;
    }
    if (this.inflight.size === 0) void this.scheduleWake();
  }

  private async scheduleWake(): Promise<void> {
    if (this.stopped) return;
    clearTimeout(this.wakeTimer);
    const timerMs = this.options.timerMs ?? 30_000;
    let delay = timerMs;
    if (!this.pausedFor) {
      const next = await this.db.items
        .where('[state+nextAttemptAt]')
        .between(['queued', Dexie.minKey], ['queued', Dexie.maxKey])
        .first()
        .catch(() => undefined);
      if (next) delay = Math.max(0, Math.min(timerMs, next.nextAttemptAt - this.now()));
    }
    this.wakeTimer = setTimeout(() => this.kick('timer'), delay + 5);
  }

  private async run(id: string): Promise<void> {
    const claimed = await this.db.transaction('rw', this.db.items, async () => {
      const row = await this.db.items.get(id);
      if (!row || row.state !== 'queued' || row.nextAttemptAt > this.now()) return null;
      row.state = 'delivering';
      row.attempts += 1;
      await this.db.items.put(row);
      return row;
    });
    if (!claimed) return;
    this.changed();
    let outcome: Outcome;
    try {
      outcome = await this.deliver(claimed);
    } catch {
      outcome = { outcome: 'host-unavailable' };
    }
    await this.settle(claimed, outcome);
  }

  private async deliver(row: OutboxRow): Promise<Outcome> {
    if (!row.sealedBody) return { outcome: 'attention', problem: { status: 0, code: 'body-missing', title: 'The stored request is missing.' } };
    const sealed = bytesToBase64(new Uint8Array(row.sealedBody));
    if (row.kind === 'ticket') return this.host.call('outbox.deliver', { op: 'ticket', itemId: row.id, hallId: row.hallId ?? '', sealed });
    if (row.kind === 'rating') return this.host.call('outbox.deliver', { op: 'rating', itemId: row.id, sealed });
    const attachments = row.attachments.map((a) => ({ ...a }));
    for (let round = 0; round < 3; round += 1) {
      for (const attachment of attachments) {
        if (attachment.uploaded) continue;
        const blob = await this.db.blobs.get([row.id, attachment.sha256]);
        if (!blob) return { outcome: 'attention', problem: { status: 0, code: 'attachment-missing-locally', title: 'A stored attachment of this item is missing.' } };
        const result = await this.host.call('outbox.deliver', { op: 'attachment', itemId: row.id, sha256: attachment.sha256, contentType: attachment.contentType, sealed: bytesToBase64(new Uint8Array(blob.sealed)) });
        if (result.outcome !== 'stored') return result;
        attachment.uploaded = true;
        await this.updateAttachments(row.id, attachments);
      }
      const result = await this.host.call('outbox.deliver', { op: 'submission', itemId: row.id, sealed });
      if (result.outcome !== 'missing-attachments') return result;
      const missing = new Set(result.missing);
      if ([...missing].some((sha) => !attachments.some((a) => a.sha256 === sha))) {
        return { outcome: 'attention', problem: { status: 422, code: 'missing-attachments', title: 'The platform asks for an attachment this terminal does not have.' } };
      }
      for (const attachment of attachments) if (missing.has(attachment.sha256)) attachment.uploaded = false;
      await this.updateAttachments(row.id, attachments);
    }
    return { outcome: 'retry', kind: 'platform', status: 422, retryAfterMs: null };
  }

  private async updateAttachments(id: string, attachments: OutboxRow['attachments']): Promise<void> {
    await this.db.transaction('rw', this.db.items, async () => {
      const row = await this.db.items.get(id);
      if (!row || row.state !== 'delivering') return;
      row.attachments = attachments.map((a) => ({ ...a }));
      await this.db.items.put(row);
    });
  }

  private async settle(claimed: OutboxRow, outcome: Outcome): Promise<void> {
    const now = this.now();
    if (outcome.outcome === 'paused') this.pausedFor = outcome.reason;
    await this.db.transaction('rw', this.db.items, this.db.blobs, this.db.meta, async () => {
      const row = await this.db.items.get(claimed.id);
      if (!row || row.state !== 'delivering') return;
      switch (outcome.outcome) {
        case 'delivered': {
          row.state = 'delivered';
          row.receiptNo = outcome.ack.receiptNo ?? outcome.ack.display ?? null;
          row.receivedAt = outcome.ack.receivedAt ?? null;
          row.deliveredAt = new Date(now).toISOString();
          row.sealedBody = null;
          row.attachments = row.attachments.map((a) => ({ ...a, uploaded: true }));
          row.attention = null;
          row.purgeAfter = now + this.retentionMs;
          await this.db.blobs.where('itemId').equals(row.id).delete();
          await this.db.meta.put({ key: 'lastDeliveredAt', value: row.deliveredAt });
          break;
        }
        case 'attention':
          row.state = 'needs-attention';
          row.attention = outcome.problem;
          break;
        case 'paused':
          row.state = 'queued';
          row.attempts = Math.max(0, row.attempts - 1);
          row.nextAttemptAt = now;
          break;
        case 'retry':
          row.state = 'queued';
          row.retryKind = outcome.kind;
          row.lastStatus = outcome.status;
          row.nextAttemptAt = now + retryDelayMs(row.attempts, this.backoff, this.random, outcome.retryAfterMs);
          break;
        default:
          // host-unavailable, or an answer that makes no sense here: try again soon.
          row.state = 'queued';
          row.retryKind = 'host';
          row.nextAttemptAt = now + retryDelayMs(row.attempts, this.hostBackoff, this.random);
      }
      await this.db.items.put(row);
    });
    this.changed();
  }

  /** Drops rows whose retention window has passed (their keys were destroyed at delivery; the host forgets them first). */
  async purge(): Promise<number> {
    const now = this.now();
    const expired = await this.db.items
      .where('state')
      .equals('delivered')
      .filter((r) => r.purgeAfter !== null && r.purgeAfter <= now)
      .primaryKeys();
    for (let i = 0; i < expired.length; i += 500) {
      const chunk = expired.slice(i, i + 500);
      await this.host.call('outbox.forget', { itemIds: chunk });
      await this.db.transaction('rw', this.db.items, this.db.blobs, async () => {
        await this.db.items.bulkDelete(chunk);
        await this.db.blobs.where('itemId').anyOf(chunk).delete();
      });
    }
    if (expired.length > 0) this.changed();
    return expired.length;
  }

  private changed(): void {
    this.options.onChange?.();
    if (this.options.reportDepth === false || this.reportTimer) return;
    this.reportTimer = setTimeout(() => {
      this.reportTimer = undefined;
      void this.reportDepth();
    }, 2000);
  }

  /** Sends the depth to the host for its heartbeat. */
  async reportDepth(): Promise<void> {
    try {
      const s = await outboxSummary(this.db);
      // Set-aside items are undelivered too: the platform's view of "failed" includes them.
      await this.host.call('outbox.report', { pending: s.pending, failed: s.needsAttention + s.setAside, oldestPendingAt: s.oldestPendingAt });
    } catch {
      // The next change reports again.
    }
  }
}
