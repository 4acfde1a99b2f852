/**
 * Delivery of the outbox to the platform, through the host. The same code runs in the page's Web
 * Worker (production) and in Node tests (fake-indexeddb): it needs only a Dexie database and a way
 * to call the host.
 *
 * - Several items in flight (default 64, of which 4 uploading attachments); each is claimed
 *   (queued → delivering), sent with no transaction open, and settled (→ delivered / queued with a
 *   retry time / needs-attention). Each change is atomic; changes that fall due together share one
 *   transaction (claims of all free slots at once, outcomes by group commit), since every
 *   transaction is a round trip to the browser's storage process. Each item is sent on its own:
 *   a slow or failing item never holds back the others.
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
  /** Items in flight at once (default 64). */
  concurrency?: number;
  /** Of those, items uploading attachments at once (default 4): each holds megabytes in memory. */
  attachmentConcurrency?: number;
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
/** Items in flight at once: enough to keep the host and the platform busy while commits group. */
export const DEFAULT_CONCURRENCY = 64;
export const DEFAULT_ATTACHMENT_CONCURRENCY = 4;
/** Most outcomes written in one transaction. */
const SETTLE_BATCH = 500;
/** How soon outcomes the database refused are written again. */
const SETTLE_RETRY_MS = 1000;

export class DeliveryEngine {
  private readonly inflight = new Set<string>();
  private readonly concurrency: number;
  private readonly uploads: Permits;
  private readonly backoff: BackoffPolicy;
  private readonly hostBackoff: BackoffPolicy;
  private retentionMs: number;
  private readonly now: () => number;
  private readonly random: () => number;
  private started = false;
  private stopped = false;
  private pausedFor: string | null = null;
  private pumping = false;
  private pumpAgain = false;
  private readonly unsettled: { id: string; outcome: Outcome; done: () => void }[] = [];
  private settling: Promise<void> | null = null;
  private wakeTimer: ReturnType<typeof setTimeout> | undefined;
  private purgeTimer: ReturnType<typeof setInterval> | undefined;
  private reportTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly db: OutboxDb,
    private readonly host: HostCaller,
    private readonly options: DeliveryEngineOptions = {},
  ) {
    this.concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
    this.uploads = new Permits(options.attachmentConcurrency ?? DEFAULT_ATTACHMENT_CONCURRENCY);
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

  /** The retention window changed (the terminal's configuration): applies to every delivered row, old and new. */
  setRetention(ms: number): void {
    if (!Number.isFinite(ms) || ms <= 0 || ms === this.retentionMs) return;
    this.retentionMs = ms;
    void this.purge().catch(() => undefined);
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

  /**
   * Claims as many due items as there are free slots, in one transaction, and starts each. Runs one
   * at a time: completions that arrive meanwhile are picked up by the next round, so under load the
   * claims group themselves (one transaction for many items).
   */
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
        const claimed = await this.claimDue(free);
        if (claimed.length === 0) break;
        for (const row of claimed) {
          this.inflight.add(row.id);
          void this.run(row).finally(() => {
            this.inflight.delete(row.id);
            void this.pump();
          });
        }
        if (claimed.length > 0) {
          this.changed();
          this.pumpAgain = true;
        }
      } while (this.pumpAgain);
    } catch {
      // The database is closing or failed; the timer tries again.
    } finally {
      this.pumping = false;
    }
    if (this.inflight.size === 0) void this.scheduleWake();
  }

  /** queued → delivering for up to `free` items due now, longest-due first: one query and one write in one transaction. */
  private async claimDue(free: number): Promise<OutboxRow[]> {
    return this.db.transaction('rw', this.db.items, async () => {
      const rows = (
        await this.db.items
          .where('[state+nextAttemptAt]')
          .between(['queued', Dexie.minKey], ['queued', this.now()], true, true)
          // An item just settled as queued-and-due may still be finishing its run here: skip it this round.
          .limit(free + this.inflight.size)
          .toArray()
      )
        .filter((row) => !this.inflight.has(row.id))
        .slice(0, free);
      for (const row of rows) {
        row.state = 'delivering';
        row.attempts += 1;
      }
      if (rows.length > 0) await this.db.items.bulkPut(rows);
      return rows;
    });
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

  private async run(claimed: OutboxRow): Promise<void> {
    let outcome: Outcome;
    try {
      outcome = await this.deliver(claimed);
    } catch {
      outcome = { outcome: 'host-unavailable' };
    }
    await this.settle(claimed.id, outcome);
  }

  private async deliver(row: OutboxRow): Promise<Outcome> {
    if (!row.sealedBody) return { outcome: 'attention', problem: { status: 0, code: 'body-missing', title: 'The stored request is missing.' } };
    const sealed = bytesToBase64(new Uint8Array(row.sealedBody));
    if (row.kind === 'ticket') return this.host.call('outbox.deliver', { op: 'ticket', itemId: row.id, hallId: row.hallId ?? '', sealed });
    if (row.kind === 'rating') return this.host.call('outbox.deliver', { op: 'rating', itemId: row.id, sealed });
    const attachments = row.attachments.map((a) => ({ ...a }));
    for (let round = 0; round < 3; round += 1) {
      if (attachments.some((a) => !a.uploaded)) {
        const failed = await this.uploads.with(() => this.uploadAttachments(row.id, attachments));
        if (failed) return failed;
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

  /** Uploads the attachments not yet uploaded; returns the outcome that stopped it, or null when all are stored. */
  private async uploadAttachments(id: string, attachments: OutboxRow['attachments']): Promise<Outcome | null> {
    for (const attachment of attachments) {
      if (attachment.uploaded) continue;
      const blob = await this.db.blobs.get([id, attachment.sha256]);
      if (!blob) return { outcome: 'attention', problem: { status: 0, code: 'attachment-missing-locally', title: 'A stored attachment of this item is missing.' } };
      const result = await this.host.call('outbox.deliver', { op: 'attachment', itemId: id, sha256: attachment.sha256, contentType: attachment.contentType, sealed: bytesToBase64(new Uint8Array(blob.sealed)) });
      if (result.outcome !== 'stored') return result;
      attachment.uploaded = true;
      await this.updateAttachments(id, attachments);
    }
    return null;
  }

  private async updateAttachments(id: string, attachments: OutboxRow['attachments']): Promise<void> {
    await this.db.transaction('rw', this.db.items, async () => {
      const row = await this.db.items.get(id);
      if (!row || row.state !== 'delivering') return;
      row.attachments = attachments.map((a) => ({ ...a }));
      await this.db.items.put(row);
    });
  }

  /**
   * Records an item's outcome. Outcomes are written by one loop: those that arrive while a
   * transaction is committing go together into the next one (group commit), so a busy engine
   * writes one transaction for many items instead of one each.
   */
  private settle(id: string, outcome: Outcome): Promise<void> {
    if (outcome.outcome === 'paused') this.pausedFor = outcome.reason;
    return new Promise<void>((resolve) => {
      this.unsettled.push({ id, outcome, done: resolve });
      if (!this.settling) this.settling = this.settleLoop();
    });
  }

  private async settleLoop(): Promise<void> {
    while (this.unsettled.length > 0) {
      const batch = this.unsettled.splice(0, SETTLE_BATCH);
      try {
        await this.writeOutcomes(batch);
      } catch {
        // The database refused the transaction (closing, or a transient failure): the rows are still
        // `delivering` on disk. Try the same outcomes again shortly rather than strand them; if the
        // engine is stopping, the next start queues them again instead.
        if (!this.stopped) {
          this.unsettled.unshift(...batch);
          await new Promise<void>((resolve) => setTimeout(resolve, SETTLE_RETRY_MS));
          continue;
        }
      }
      for (const entry of batch) entry.done();
      this.changed();
    }
    // Decided synchronously with the check above: an outcome that arrives from now on starts a new loop.
    this.settling = null;
  }

  private async writeOutcomes(batch: readonly { id: string; outcome: Outcome }[]): Promise<void> {
    const now = this.now();
    await this.db.transaction('rw', this.db.items, this.db.blobs, this.db.meta, async () => {
      const rows = await this.db.items.bulkGet(batch.map((b) => b.id));
      const changed: OutboxRow[] = [];
      const delivered: OutboxRow[] = [];
      batch.forEach(({ outcome }, i) => {
        const row = rows[i];
        if (!row || row.state !== 'delivering') return;
        this.apply(row, outcome, now);
        changed.push(row);
        if (outcome.outcome === 'delivered') delivered.push(row);
      });
      if (changed.length > 0) await this.db.items.bulkPut(changed);
      if (delivered.length > 0) {
        // Only items that had attachments have blobs: no index seek for the others.
        const withBlobs = delivered.filter((row) => row.attachments.length > 0).map((row) => row.id);
        if (withBlobs.length > 0) await this.db.blobs.where('itemId').anyOf(withBlobs).delete();
        await this.db.meta.put({ key: 'lastDeliveredAt', value: new Date(now).toISOString() });
      }
    });
  }

  /** What an outcome does to a row that was `delivering`. */
  private apply(row: OutboxRow, outcome: Outcome, now: number): void {
    switch (outcome.outcome) {
      case 'delivered':
        row.state = 'delivered';
        row.receiptNo = outcome.ack.receiptNo ?? outcome.ack.display ?? null;
        row.receivedAt = outcome.ack.receivedAt ?? null;
        row.deliveredAt = new Date(now).toISOString();
        row.sealedBody = null;
        row.attachments = row.attachments.map((a) => ({ ...a, uploaded: true }));
        row.attention = null;
        row.purgeAfter = now + this.retentionMs;
        break;
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
  }

  /**
   * Drops rows whose retention window has passed (their keys were destroyed at delivery; the host
   * forgets them first). Counted from the delivery time with the window in force now, so a shorter
   * window set by a technician also applies to receipts kept before it.
   */
  async purge(): Promise<number> {
    const now = this.now();
    const expired = await this.db.items
      .where('state')
      .equals('delivered')
      .filter((r) => r.deliveredAt !== null && Date.parse(r.deliveredAt) + this.retentionMs <= now)
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

/** At most `count` holders at once; the others wait in order. */
class Permits {
  private readonly waiting: (() => void)[] = [];

  constructor(private free: number) {}

  async with<T>(fn: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free -= 1;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.free += 1;
    }
  }
}
