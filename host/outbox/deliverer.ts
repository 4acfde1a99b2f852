/**
 * The host's half of delivery: decrypt one sealed item in memory and send exactly those bytes to
 * the one contract path its operation names (no general proxy), then translate the platform's
 * answer into what the page's engine does next. The host journals acknowledgements and destroys
 * the item key as soon as the platform holds the item, and answers a repeated delivery of an
 * acknowledged item from its journal, without writing to the platform again.
 */
import { createHash } from 'node:crypto';
import type { DeliverParams, DeliveryAck, DeliveryOutcome } from '../../common/ipc/methods/outbox';
import { base64ToBytes } from '../../common/ids/base64';
import { PlatformUnreachableError, type PlatformClient, type PlatformResponse } from '../platform/platform-client';
import type { Logger } from '../log';
import type { Ledger } from './ledger';
import { open } from './item-crypto';

export interface DelivererDeps {
  ledger: Ledger;
  platform: PlatformClient;
  enrollment(): { terminalId: string; hallId: string } | null;
  log: Logger;
  /** Called once when the platform rejects the credential (401). */
  onUnauthorized(): void;
  /** The platform holds the item now (its acknowledgement is journaled). */
  onDelivered?(itemId: string): void;
}

/** How often a paused (401) host lets one request through to see whether the credential works again. */
const UNAUTHORIZED_PROBE_MS = 60_000;

export class Deliverer {
  private unauthorizedSince: number | null = null;
  private lastProbe = 0;

  constructor(private readonly deps: DelivererDeps) {}

  get paused(): 'unauthorized' | 'not-enrolled' | null {
    if (!this.deps.enrollment()) return 'not-enrolled';
    return this.unauthorizedSince !== null ? 'unauthorized' : null;
  }

  /** The credential changed (re-enrollment): let delivery run again. */
  resume(): void {
    this.unauthorizedSince = null;
  }

  async deliver(params: DeliverParams): Promise<DeliveryOutcome> {
    const entry = this.deps.ledger.get(params.itemId);
    if (params.op !== 'attachment' && entry?.state === 'delivered' && entry.ack) return { outcome: 'delivered', ack: entry.ack };
    const enrollment = this.deps.enrollment();
    if (!enrollment) return { outcome: 'paused', reason: 'not-enrolled' };
    if (this.unauthorizedSince !== null) {
      if (Date.now() - this.lastProbe < UNAUTHORIZED_PROBE_MS) return { outcome: 'paused', reason: 'unauthorized' };
      this.lastProbe = Date.now();
    }
    const key = this.deps.ledger.key(params.itemId);
    if (!key) return this.attention(params.itemId, { status: 0, code: 'key-missing', title: 'The host no longer holds the key of this item; it cannot be read or sent.' });
    let bytes: Buffer;
    try {
      bytes = open(key, params.itemId, base64ToBytes(params.sealed));
    } catch {
      return this.attention(params.itemId, { status: 0, code: 'unreadable', title: 'The stored item could not be decrypted (damaged or not sealed for this item).' });
    }

    switch (params.op) {
      case 'attachment': {
        if (createHash('sha256').update(bytes).digest('hex') !== params.sha256) {
          return this.attention(params.itemId, { status: 0, code: 'hash-mismatch', title: 'A stored attachment does not match its hash.' });
        }
        const path = `/v1/attachments/${params.sha256}`;
        const head = await this.send('HEAD', path, {});
        if (head.kind !== 'answer') return head.outcome;
        if (head.response.status === 200) return this.clearUnauthorized({ outcome: 'stored' });
        if (head.response.status !== 404) return this.classify(params.itemId, head.response, true);
        const put = await this.send('PUT', path, { body: bytes, contentType: params.contentType });
        if (put.kind !== 'answer') return put.outcome;
        if (put.response.status === 200 || put.response.status === 201) return this.clearUnauthorized({ outcome: 'stored' });
        return this.classify(params.itemId, put.response, true);
      }
      case 'submission':
        return this.write(params.itemId, `/v1/submissions/${params.itemId}`, bytes, (body) => {
          const b = body as { receiptNo?: unknown; receivedAt?: unknown; status?: unknown; promisedBy?: unknown };
          return { receiptNo: str(b.receiptNo, 50), receivedAt: str(b.receivedAt, 40), status: str(b.status, 50), promisedBy: str(b.promisedBy, 20) };
        });
      case 'ticket':
        if (params.hallId !== enrollment.hallId) return this.attention(params.itemId, { status: 0, code: 'wrong-hall', title: 'This ticket was issued for another hall than the one this terminal is enrolled in.' });
        return this.write(params.itemId, `/v1/halls/${encodeURIComponent(params.hallId)}/queue/tickets/${params.itemId}`, bytes, (body) => {
          const b = body as { display?: unknown; waitingAhead?: unknown };
          return { display: str(b.display, 20), waitingAhead: typeof b.waitingAhead === 'number' ? Math.floor(b.waitingAhead) : undefined };
        });
      case 'rating':
        return this.write(params.itemId, `/v1/ratings/${params.itemId}`, bytes, () => ({}));
    }
  }

  private async write(itemId: string, path: string, bytes: Buffer, toAck: (body: unknown) => DeliveryAck): Promise<DeliveryOutcome> {
    const sent = await this.send('PUT', path, { body: bytes, contentType: 'application/json' });
    if (sent.kind !== 'answer') return sent.outcome;
    const { response } = sent;
    let ack: DeliveryAck | null = null;
    if (response.status === 200 || response.status === 201) ack = dropUndefined(toAck(response.body));
    // 409 appointment-invalid: the platform registered the ticket as an ordinary one (its number is used).
    else if (response.status === 409 && problemCode(response.body) === 'appointment-invalid') ack = dropUndefined({ ...toAck(response.body), note: 'appointment-invalid' });
    if (ack) {
      // Journal the acknowledgement and destroy the key in one durable append: the platform holds it now.
      await this.deps.ledger.write({ t: 'delivered', id: itemId, ack }, { t: 'shred', id: itemId });
      this.deps.onDelivered?.(itemId);
      return this.clearUnauthorized({ outcome: 'delivered', ack });
    }
    if (response.status === 422 && problemCode(response.body) === 'missing-attachments') {
      const missing = (response.body as { missing?: unknown }).missing;
      return { outcome: 'missing-attachments', missing: Array.isArray(missing) ? missing.filter((m): m is string => typeof m === 'string' && /^[0-9a-f]{64}$/.test(m)) : [] };
    }
    return this.classify(itemId, response, true);
  }

  private async send(method: string, path: string, options: { body?: Uint8Array; contentType?: string }): Promise<{ kind: 'answer'; response: PlatformResponse } | { kind: 'done'; outcome: DeliveryOutcome }> {
    try {
      return { kind: 'answer', response: await this.deps.platform.request(method, path, options) };
    } catch (error) {
      if (error instanceof PlatformUnreachableError) return { kind: 'done', outcome: { outcome: 'retry', kind: 'network', status: null, retryAfterMs: null } };
      throw error;
    }
  }

  private async classify(itemId: string, response: PlatformResponse, journal: boolean): Promise<DeliveryOutcome> {
    const status = response.status;
    if (status === 401) {
      if (this.unauthorizedSince === null) {
        this.unauthorizedSince = Date.now();
        this.lastProbe = Date.now();
        this.deps.log.error('the platform rejected the terminal credential (401): delivery paused until a technician re-enrolls the terminal; nothing is dropped');
        this.deps.onUnauthorized();
      }
      return { outcome: 'paused', reason: 'unauthorized' };
    }
    if (status === 408 || status === 429 || status >= 500) {
      return { outcome: 'retry', kind: status === 429 || status === 503 ? 'rate' : 'platform', status, retryAfterMs: parseRetryAfter(response.headers.get('retry-after')) };
    }
    const problem = { status, code: problemCode(response.body) || `http-${status}`, title: str((response.body as { title?: unknown } | null)?.title, 500) ?? `HTTP ${status}` };
    if (!journal) return { outcome: 'attention', problem };
    return this.attention(itemId, problem);
  }

  private async attention(itemId: string, problem: { status: number; code: string; title: string }): Promise<DeliveryOutcome> {
    this.deps.log.warn('an outbox item needs attention', { itemId, status: problem.status, code: problem.code });
    await this.deps.ledger.write({ t: 'attention', id: itemId, code: problem.code });
    return { outcome: 'attention', problem };
  }

  private clearUnauthorized<T>(value: T): T {
    if (this.unauthorizedSince !== null) {
      this.unauthorizedSince = null;
      this.deps.log.info('the platform accepts the terminal credential again: delivery resumes');
    }
    return value;
  }
}

export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Math.min(Number(value.trim()), 24 * 3600) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.min(at - now, 24 * 3600_000));
}

function problemCode(body: unknown): string {
  return typeof body === 'object' && body !== null && typeof (body as { code?: unknown }).code === 'string' ? (body as { code: string }).code.slice(0, 100) : '';
}

function str(value: unknown, max: number): string | undefined {
  return typeof value === 'string' ? value.slice(0, max) : undefined;
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
