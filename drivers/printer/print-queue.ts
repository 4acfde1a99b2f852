/**
 * Jobs that could not be printed, kept for an explicit reprint.
 *
 * A receipt that comes out twenty minutes late, after staff refilled the paper, lands in the tray of
 * whoever stands at the kiosk then — with someone else's (masked) data on it. So held jobs are NEVER
 * printed automatically: nothing here watches the printer. Only reprint(id), asked for by the citizen
 * or staff, prints one, through the same transaction as any job. Jobs expire after maxAgeMs.
 */
import type { PrintFailureReason, PrintOutcome } from './printer';

export interface JobPrinter {
  print(job: Uint8Array): Promise<PrintOutcome>;
}

export interface HeldJob {
  id: string;
  /** What the job is, e.g. 'acceptance-receipt', 'queue-ticket'. */
  kind: string;
  /** ISO time the job was first attempted. */
  createdAt: string;
  bytes: Uint8Array;
  /** Why the last attempt failed. */
  reason: PrintFailureReason;
  message: string;
}

export interface HeldJobsOptions {
  /** Jobs older than this are dropped (default 15 minutes). */
  maxAgeMs?: number;
  /** At most this many jobs are kept; the oldest go first (default 20). */
  maxJobs?: number;
  /** Clock, for tests (default Date.now). */
  now?: () => number;
}

export type ReprintOutcome = PrintOutcome | { printed: false; reason: 'not-found' | 'expired' | 'in-progress'; message: string };

export type SubmitOutcome = { printed: true } | { printed: false; reason: PrintFailureReason; message: string; heldId: string };

interface Entry {
  job: HeldJob;
  createdAtMs: number;
}

export class HeldJobs {
  private readonly jobs = new Map<string, Entry>();
  private readonly inFlight = new Set<string>();
  private readonly maxAgeMs: number;
  private readonly maxJobs: number;
  private readonly now: () => number;
  private sequence = 0;

  constructor(
    private readonly printer: JobPrinter,
    options: HeldJobsOptions = {},
  ) {
    this.maxAgeMs = options.maxAgeMs ?? 15 * 60_000;
    this.maxJobs = options.maxJobs ?? 20;
    this.now = options.now ?? Date.now;
  }

  /** Prints the job; if it fails, keeps it and returns its id for a later explicit reprint. */
  async submit(kind: string, bytes: Uint8Array): Promise<SubmitOutcome> {
    const outcome = await this.printer.print(bytes);
    if (outcome.printed) return outcome;
    const job = this.hold(kind, bytes, outcome.reason, outcome.message);
    return { ...outcome, heldId: job.id };
  }

  /** Keeps a job that could not print. */
  hold(kind: string, bytes: Uint8Array, reason: PrintFailureReason, message = ''): HeldJob {
    this.purgeExpired();
    const nowMs = this.now();
    this.sequence += 1;
    const id = `job-${nowMs.toString(36)}-${this.sequence}`;
    const job: HeldJob = { id, kind, createdAt: new Date(nowMs).toISOString(), bytes: bytes.slice(), reason, message };
    this.jobs.set(id, { job, createdAtMs: nowMs });
    while (this.jobs.size > this.maxJobs) {
      const oldest = this.jobs.keys().next().value;
      if (oldest === undefined) break;
      this.jobs.delete(oldest);
    }
    return job;
  }

  /** Held jobs, oldest first (expired ones are dropped first). */
  list(): HeldJob[] {
    this.purgeExpired();
    return [...this.jobs.values()].map((entry) => entry.job);
  }

  get(id: string): HeldJob | undefined {
    this.purgeExpired();
    return this.jobs.get(id)?.job;
  }

  get size(): number {
    return this.list().length;
  }

  /**
   * Prints a held job again, through the printer's transaction. On success it leaves the list; on
   * failure it stays (with the new reason). A job already being reprinted is not sent twice.
   */
  async reprint(id: string): Promise<ReprintOutcome> {
    const entry = this.jobs.get(id);
    if (!entry) return { printed: false, reason: 'not-found', message: `no held job ${id}` };
    if (this.isExpired(entry)) {
      this.jobs.delete(id);
      return { printed: false, reason: 'expired', message: `held job ${id} expired and was discarded` };
    }
    if (this.inFlight.has(id)) return { printed: false, reason: 'in-progress', message: `held job ${id} is already being reprinted` };
    this.inFlight.add(id);
    try {
      const outcome = await this.printer.print(entry.job.bytes);
      if (outcome.printed) this.jobs.delete(id);
      else entry.job = { ...entry.job, reason: outcome.reason, message: outcome.message };
      return outcome;
    } finally {
      this.inFlight.delete(id);
    }
  }

  /** Drops a job without printing it (e.g. the citizen declined). */
  discard(id: string): boolean {
    return this.jobs.delete(id);
  }

  /** Drops expired jobs; returns how many. */
  purgeExpired(): number {
    let removed = 0;
    for (const [id, entry] of this.jobs) {
      if (this.isExpired(entry) && !this.inFlight.has(id)) {
        this.jobs.delete(id);
        removed += 1;
      }
    }
    return removed;
  }

  private isExpired(entry: Entry): boolean {
    return this.now() - entry.createdAtMs > this.maxAgeMs;
  }
}
