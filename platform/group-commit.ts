/**
 * Group commit for the platform's writes. better-sqlite3 is synchronous and every commit waits for
 * the disk (synchronous = FULL), so one commit per request would cap the platform at the disk's
 * flush rate and stall the event loop for each. Instead, writes asked for in the same turn of the
 * event loop run in one transaction, each inside its own savepoint (a write that throws is rolled
 * back alone and its request alone fails), and every request is answered only once that
 * transaction is on disk — the same guarantee as a commit per request, paid once per group.
 */
import type { Db } from './db';

interface Job {
  write(): unknown;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

export class GroupCommit {
  private queue: Job[] = [];
  private scheduled = false;

  constructor(private readonly db: Db) {}

  /** Runs `write` in the next group's transaction; resolves with its result once that is committed. */
  run<T>(write: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ write, resolve: resolve as (value: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const jobs = this.queue.splice(0);
    const outcomes: Outcome[] = [];
    try {
      this.db
        .transaction(() => {
          for (const job of jobs) {
            try {
              // Nested: better-sqlite3 runs it in a savepoint, rolled back if it throws.
              outcomes.push({ ok: true, value: this.db.transaction(job.write)() });
            } catch (error) {
              outcomes.push({ ok: false, error });
            }
          }
        })
        .immediate();
    } catch (error) {
      // The commit itself failed: nothing of the group is on disk, and every request says so.
      for (const job of jobs) job.reject(error);
      return;
    }
    jobs.forEach((job, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) job.resolve(outcome.value);
      else job.reject(outcome.error);
    });
  }
}
