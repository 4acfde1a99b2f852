/**
 * Delivers audit entries to the platform: `PUT /v1/terminals/{tid}/audit/{entryId}` with the
 * canonical JSON of the entry, the same bytes on every retry (the platform answers a replay with
 * 200). Delivered seqs are journaled (one fsync'd line each) so a restart resumes where it stopped.
 *
 * This is the outbox for records the host itself makes (README.md, "Staff on the terminal", says why
 * they are not routed through the page's outbox). It follows the outbox's rules: an entry is durable
 * (fsync'd) before the action is answered; its id and bytes never change, so a repeat is a replay;
 * retry on network errors, 408, 429 and 5xx with backoff; pause on 401 until the terminal is
 * re-enrolled; keep an entry the platform refuses (409/422) for a person to look at, never drop it.
 */
import { appendFileSync, closeSync, existsSync, fsyncSync, openSync, readFileSync } from 'node:fs';
import { DEFAULT_BACKOFF, retryDelayMs } from '../../common/outbox/backoff';
import { PlatformUnreachableError, type PlatformClient } from '../platform/platform-client';
import type { TerminalService } from '../platform/terminal-service';
import type { Logger } from '../log';
import { auditBody, type AuditLog, type AuditRecord } from './audit-log';

export interface AuditSenderOptions {
  log: AuditLog;
  journalPath: string;
  platform: PlatformClient;
  terminal: TerminalService;
  logger: Logger;
  now?: () => number;
  random?: () => number;
  /** Schedules a retry; tests pass their own. */
  setTimer?: (fn: () => void, ms: number) => { cancel(): void };
}

export type AuditSendState = 'idle' | 'paused-unauthorized' | 'paused-not-enrolled' | 'waiting-retry';

interface JournalLine {
  seq: number;
  id: string;
  at: string;
  status?: number;
  attention?: string;
}

export class AuditSender {
  private readonly delivered = new Map<number, string>();
  private readonly attention = new Map<number, string>();
  private running: Promise<void> | null = null;
  private again = false;
  private attempt = 0;
  private timer: { cancel(): void } | null = null;
  private state: AuditSendState = 'idle';
  private lastDeliveredAt: string | null = null;
  private stopped = false;
  private readonly unsubscribe: Array<() => void> = [];

  constructor(private readonly options: AuditSenderOptions) {
    for (const line of readJournal(options.journalPath)) {
      if (line.attention) this.attention.set(line.seq, line.attention);
      else {
        this.delivered.set(line.seq, line.at);
        this.attention.delete(line.seq);
        if (!this.lastDeliveredAt || line.at > this.lastDeliveredAt) this.lastDeliveredAt = line.at;
      }
    }
    this.unsubscribe.push(options.log.onAppend(() => this.kick()));
    let token = options.terminal.current.enrollment?.token ?? null;
    this.unsubscribe.push(
      options.terminal.onChange(() => {
        const next = options.terminal.current.enrollment?.token ?? null;
        if (next !== token) {
          token = next;
          this.attempt = 0;
          if (this.state.startsWith('paused')) this.state = 'idle';
          this.kick();
        }
      }),
    );
  }

  status(): { state: AuditSendState; undelivered: number; attention: number; lastDeliveredAt: string | null } {
    return { state: this.state, undelivered: this.pending().length, attention: this.attention.size, lastDeliveredAt: this.lastDeliveredAt };
  }

  /** Entries not yet held by the platform and not set aside for a person, oldest first. */
  pending(): AuditRecord[] {
    return this.options.log.all().filter((r) => !this.delivered.has(r.entry.seq) && !this.attention.has(r.entry.seq));
  }

  /** Starts a delivery round soon (after an append, a re-enrollment, or at start). */
  kick(): void {
    if (this.stopped) return;
    this.timer?.cancel();
    this.timer = null;
    void this.flush();
  }

  /** Delivers what it can now; resolves when the round is over (all sent, paused, or waiting to retry). */
  flush(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.round();
        } while (this.again && !this.stopped);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
    for (const off of this.unsubscribe) off();
  }

  private async round(): Promise<void> {
    for (const record of this.pending()) {
      if (this.stopped) return;
      const enrollment = this.options.terminal.current.enrollment;
      if (!enrollment) {
        this.state = 'paused-not-enrolled';
        return;
      }
      let status: number;
      let retryAfterMs: number | null = null;
      try {
        const response = await this.options.platform.request('PUT', `/v1/terminals/${encodeURIComponent(enrollment.terminalId)}/audit/${record.id}`, {
          body: new TextEncoder().encode(auditBody(record.entry)),
          contentType: 'application/json',
        });
        status = response.status;
        const retryAfter = Number(response.headers.get('retry-after'));
        if (Number.isFinite(retryAfter) && retryAfter > 0) retryAfterMs = retryAfter * 1000;
      } catch (error) {
        if (!(error instanceof PlatformUnreachableError)) this.options.logger.warn('audit delivery failed', { seq: record.entry.seq, reason: (error as Error).message });
        this.scheduleRetry(null);
        return;
      }
      if (status === 200 || status === 201) {
        this.attempt = 0;
        this.record({ seq: record.entry.seq, id: record.id, at: new Date(this.now()).toISOString(), status });
        continue;
      }
      if (status === 401) {
        this.state = 'paused-unauthorized';
        this.options.logger.warn('audit delivery paused: the platform rejected the terminal credential (401)');
        return;
      }
      if (status === 408 || status === 429 || status >= 500) {
        this.scheduleRetry(retryAfterMs);
        return;
      }
      // 409 chain-broken, 422 …: kept, set aside for a technician, never dropped.
      this.options.logger.error('the platform refused an audit entry; it is kept for a technician', { seq: record.entry.seq, status });
      this.record({ seq: record.entry.seq, id: record.id, at: new Date(this.now()).toISOString(), status, attention: `HTTP ${status}` });
    }
    this.state = 'idle';
  }

  private scheduleRetry(retryAfterMs: number | null): void {
    this.attempt += 1;
    this.state = 'waiting-retry';
    const delay = retryDelayMs(this.attempt, { baseMs: 2000, capMs: DEFAULT_BACKOFF.capMs }, this.options.random ?? Math.random, retryAfterMs);
    const set = this.options.setTimer ?? defaultTimer;
    this.timer = set(() => this.kick(), Math.max(delay, 1000));
  }

  private record(line: JournalLine): void {
    appendDurably(this.options.journalPath, `${JSON.stringify(line)}\n`);
    if (line.attention) this.attention.set(line.seq, line.attention);
    else {
      this.delivered.set(line.seq, line.at);
      this.lastDeliveredAt = line.at;
    }
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}

function defaultTimer(fn: () => void, ms: number): { cancel(): void } {
  const handle = setTimeout(fn, ms);
  handle.unref?.();
  return { cancel: () => clearTimeout(handle) };
}

export function appendDurably(path: string, text: string): void {
  appendFileSync(path, text, { mode: 0o600 });
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function readJournal(path: string): JournalLine[] {
  if (!existsSync(path)) return [];
  const out: JournalLine[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      const parsed = JSON.parse(line) as JournalLine;
      if (typeof parsed.seq === 'number' && typeof parsed.id === 'string') out.push(parsed);
    } catch {
      // A torn last line: that delivery is simply repeated (the platform answers 200).
    }
  }
  return out;
}
