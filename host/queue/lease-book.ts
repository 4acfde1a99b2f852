/**
 * Queue numbers for tickets issued offline. The terminal holds a lease (a block of numbers) per
 * category, asked for when online and topped up when it runs low. Each number is written to disk
 * (temp + fsync + rename) before the ticket is handed out, so no number is issued twice, even
 * across crashes. A lease request's id is written down before it is sent, so a crash mid-request
 * replays the same request instead of leaking a block.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { uuidv7 } from '../../common/ids/uuid-v7';
import { writeFileDurably } from '../storage/durable';
import { PlatformUnreachableError, type PlatformClient } from '../platform/platform-client';
import type { Logger } from '../log';

export interface Lease {
  leaseId: string;
  category: string;
  prefix: string;
  from: number;
  to: number;
  /** The next number to issue. */
  next: number;
  serviceDay: string;
  expiresAt: string;
}

interface BookState {
  leases: Lease[];
  pending: { leaseId: string; category: string; size: number }[];
}

export interface QueueCategory {
  code: string;
  prefix: string;
}

export interface IssueRequest {
  category: string;
  priority: string;
  issuedBy: 'citizen' | 'staff';
  staffId?: string;
  serviceCode?: string;
  appointmentId?: string;
}

export class NoQueueNumbersError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NoQueueNumbersError';
  }
}

const random = (n: number) => new Uint8Array(randomBytes(n));

export class LeaseBook {
  private state: BookState;
  private topping = new Map<string, Promise<void>>();

  constructor(
    private readonly path: string,
    private readonly deps: {
      platform: PlatformClient;
      hallId(): string | null;
      categories(): QueueCategory[];
      log: Logger;
      leaseSize?: number;
      lowWater?: number;
      now?: () => Date;
    },
  ) {
    mkdirSync(dirname(path), { recursive: true });
    this.state = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as BookState) : { leases: [], pending: [] };
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  private live(category: string): Lease[] {
    const now = this.now().getTime();
    return this.state.leases.filter((l) => l.category === category && l.next <= l.to && Date.parse(l.expiresAt) > now).sort((a, b) => a.from - b.from);
  }

  remaining(category: string): number {
    return this.live(category).reduce((sum, l) => sum + (l.to - l.next + 1), 0);
  }

  status(): { category: string; prefix: string; remaining: number; serviceDay: string | null }[] {
    return this.deps.categories().map((c) => ({ category: c.code, prefix: c.prefix, remaining: this.remaining(c.code), serviceDay: this.live(c.code)[0]?.serviceDay ?? null }));
  }

  async issue(request: IssueRequest): Promise<{ ticketId: string; hallId: string; leaseId: string; number: number; display: string; category: string; issuedAt: string; body: Record<string, unknown> }> {
    const hallId = this.deps.hallId();
    if (!hallId) throw new NoQueueNumbersError('This terminal is not enrolled with a hall yet, so it cannot issue queue numbers. Please ask a member of staff.');
    const category = this.deps.categories().find((c) => c.code === request.category);
    if (!category) throw new NoQueueNumbersError(`This hall has no queue category "${request.category}".`);
    if (this.live(category.code).length === 0) await this.topUp(category.code).catch(() => undefined);
    const lease = this.live(category.code)[0];
    if (!lease) {
      throw new NoQueueNumbersError(`No queue numbers are left for category ${category.code} on this terminal: it cannot reach the platform to get more. Please take a number at the service desk.`);
    }
    const number = lease.next;
    lease.next += 1;
    this.save();
    const issuedAt = this.now().toISOString();
    const display = `${lease.prefix}${String(number).padStart(3, '0')}`;
    const ticketId = uuidv7(random);
    const body: Record<string, unknown> = { leaseId: lease.leaseId, category: category.code, number, display, issuedAt, priority: request.priority, issuedBy: request.issuedBy };
    if (request.staffId) body.staffId = request.staffId;
    if (request.serviceCode) body.serviceCode = request.serviceCode;
    if (request.appointmentId) body.appointmentId = request.appointmentId;
    if (this.remaining(category.code) < (this.deps.lowWater ?? 10)) void this.topUp(category.code).catch(() => undefined);
    return { ticketId, hallId, leaseId: lease.leaseId, number, display, category: category.code, issuedAt, body };
  }

  /** Tops up every category that is running low (called at start, on reconnect and on a timer). */
  async topUpAll(): Promise<void> {
    for (const c of this.deps.categories()) {
      if (this.remaining(c.code) < (this.deps.lowWater ?? 10) || this.state.pending.some((p) => p.category === c.code)) {
        await this.topUp(c.code).catch((error: unknown) => {
          if (!(error instanceof PlatformUnreachableError)) this.deps.log.warn('queue lease top-up failed', { category: c.code, reason: (error as Error).message });
        });
      }
    }
  }

  topUp(category: string): Promise<void> {
    let running = this.topping.get(category);
    if (!running) {
      running = this.requestLease(category).finally(() => this.topping.delete(category));
      this.topping.set(category, running);
    }
    return running;
  }

  private async requestLease(category: string): Promise<void> {
    const hallId = this.deps.hallId();
    if (!hallId) return;
    let pending = this.state.pending.find((p) => p.category === category);
    if (!pending) {
      pending = { leaseId: uuidv7(random), category, size: this.deps.leaseSize ?? 50 };
      this.state.pending.push(pending);
      this.save();
    }
    const response = await this.deps.platform.request('POST', `/v1/halls/${encodeURIComponent(hallId)}/queue/leases`, { json: { leaseId: pending.leaseId, category, size: pending.size } });
    if (response.status === 200 || response.status === 201) {
      const b = response.body as { leaseId: string; category: string; prefix: string; from: number; to: number; serviceDay: string; expiresAt: string };
      const now = this.now().getTime();
      this.state.leases = this.state.leases.filter((l) => l.leaseId !== b.leaseId && l.next <= l.to && Date.parse(l.expiresAt) > now);
      this.state.leases.push({ leaseId: b.leaseId, category: b.category, prefix: b.prefix, from: b.from, to: b.to, next: b.from, serviceDay: b.serviceDay, expiresAt: b.expiresAt });
      this.state.pending = this.state.pending.filter((p) => p.leaseId !== pending.leaseId);
      this.save();
      this.deps.log.info('queue lease received', { category, from: b.from, to: b.to });
      return;
    }
    if (response.status >= 400 && response.status < 500 && response.status !== 401 && response.status !== 408 && response.status !== 429) {
      // A request the platform will never grant as it stands: forget it so a fresh one can be made.
      this.state.pending = this.state.pending.filter((p) => p.leaseId !== pending.leaseId);
      this.save();
    }
    throw new Error(`lease request answered HTTP ${response.status}`);
  }

  private save(): void {
    writeFileDurably(this.path, JSON.stringify(this.state));
  }
}
