/**
 * The printer driver: status queries and printing as a transaction.
 *
 * print(job):
 *   1. DLE EOT 1…4. No answer → refused as 'offline'. Cover open, paper out or an error → refused
 *      with that reason, and nothing is written.
 *   2. The job is written.
 *   3. GS r 1 (transmit paper sensor status) is written after it. Unlike DLE EOT, which the printer
 *      answers the moment it arrives, GS r is answered only once everything before it in the buffer
 *      has been processed, so its reply means "the job went through the mechanism". A printer that
 *      ran out of paper mid-job stops processing and does not answer.
 *   4. DLE EOT 1…4 again. The job counts as printed only when the printer answered both and reports
 *      no paper-out, cover-open or error.
 * All transport traffic is serialised: one transaction or query at a time.
 *
 * Known limit: a printer that stopped mid-job (paper out) keeps the rest of the job in its buffer and
 * may print it when paper is refilled; the driver reports the job as not printed either way.
 */
import type { ByteTransport } from '../transport/byte-transport';
import type { PrinterStatus, PrinterStatusReport } from './status';
import { STATUS_QUERIES, isValidStatusByte, parseStatusReplies } from './status';

export type PrinterErrorCode = 'offline' | 'invalid-reply' | 'disposed';

export class PrinterError extends Error {
  constructor(
    readonly code: PrinterErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PrinterError';
  }
}

export type PrintFailureReason = 'paper-out' | 'cover-open' | 'offline' | 'error';

export type PrintOutcome = { printed: true } | { printed: false; reason: PrintFailureReason; message: string };

export interface EscPosPrinterOptions {
  /** How long to wait for each real-time status byte (default 1000 ms). */
  statusTimeoutMs?: number;
  /** How long to wait for the printer to finish processing a job (default 20000 ms). */
  confirmTimeoutMs?: number;
  /**
   * Wait for the GS r 1 reply after the job (default true). Turn off only for a model that does not
   * implement GS r; the confirmation then rests on the status query alone.
   */
  waitForProcessing?: boolean;
}

/** GS r 1: transmit paper sensor status; the reply satisfies (b & 0x90) === 0. */
export const PROCESSING_SYNC = Uint8Array.of(0x1d, 0x72, 0x01);

interface ByteWaiter {
  accept: (b: number) => boolean;
  resolve: (b: number) => void;
}

export class EscPosPrinter {
  private readonly statusTimeoutMs: number;
  private readonly confirmTimeoutMs: number;
  private readonly waitForProcessing: boolean;
  private waiter: ByteWaiter | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  private readonly unsubscribe: () => void;
  private disposed = false;

  constructor(
    private readonly transport: ByteTransport,
    options: EscPosPrinterOptions = {},
  ) {
    this.statusTimeoutMs = options.statusTimeoutMs ?? 1000;
    this.confirmTimeoutMs = options.confirmTimeoutMs ?? 20_000;
    this.waitForProcessing = options.waitForProcessing ?? true;
    this.unsubscribe = transport.onData((bytes) => {
      for (const b of bytes) {
        const waiter = this.waiter;
        if (waiter && waiter.accept(b)) {
          this.waiter = null;
          waiter.resolve(b);
        }
        // Anything else (automatic status back, late replies to a timed-out query) is ignored.
      }
    });
  }

  get description(): string {
    return this.transport.description;
  }

  /** Sends DLE EOT 1…4. Rejects with PrinterError('offline') when the printer does not answer. */
  queryStatus(): Promise<PrinterStatus> {
    return this.queryStatusReport().then((report) => report.status);
  }

  /** The status with the error causes (DLE EOT 3) and the raw bytes, for statusToFault and logs. */
  queryStatusReport(): Promise<PrinterStatusReport> {
    return this.serialised(() => this.readStatus());
  }

  /** Prints one job as a transaction (see the file comment). Never rejects. */
  print(job: Uint8Array): Promise<PrintOutcome> {
    return this.serialised(() => this.transaction(job));
  }

  /** Stops listening to the transport (does not close it). */
  dispose(): void {
    this.disposed = true;
    this.unsubscribe();
    this.waiter = null;
  }

  private serialised<T>(task: () => Promise<T>): Promise<T> {
    const run = this.chain.then(task, task);
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async transaction(job: Uint8Array): Promise<PrintOutcome> {
    let before: PrinterStatusReport;
    try {
      before = await this.readStatus();
    } catch (error) {
      return failure('offline', `printer did not answer the status query before printing: ${messageOf(error)}`);
    }
    const refusal = refusalFor(before.status);
    if (refusal) return { printed: false, reason: refusal.reason, message: `not printed: ${refusal.message}` };

    try {
      await this.transport.write(job);
      if (this.waitForProcessing) await this.transport.write(PROCESSING_SYNC);
    } catch (error) {
      return failure('offline', `writing the job failed: ${messageOf(error)}`);
    }

    let processed = true;
    if (this.waitForProcessing) {
      processed = (await this.awaitByte((b) => (b & 0x90) === 0, this.confirmTimeoutMs)) !== null;
    }

    let after: PrinterStatusReport;
    try {
      after = await this.readStatus();
    } catch (error) {
      return failure('offline', `job sent but the printer stopped answering: ${messageOf(error)}`);
    }
    const problem = refusalFor(after.status);
    if (problem) return failure(problem.reason, `job sent but ${problem.message}; it may be incomplete`);
    if (!processed) return failure('offline', `job sent but the printer did not confirm it within ${this.confirmTimeoutMs} ms`);
    return { printed: true };
  }

  private async readStatus(): Promise<PrinterStatusReport> {
    if (this.disposed) throw new PrinterError('disposed', 'printer driver disposed');
    if (!this.transport.isOpen) throw new PrinterError('offline', `${this.transport.description} is not open`);
    const replies: number[] = [];
    for (const query of STATUS_QUERIES) {
      const pending = this.awaitByte(isValidStatusByte, this.statusTimeoutMs);
      try {
        await this.transport.write(query);
      } catch (error) {
        this.waiter = null;
        throw new PrinterError('offline', `status query could not be written: ${messageOf(error)}`);
      }
      const reply = await pending;
      if (reply === null) throw new PrinterError('offline', `no reply to DLE EOT ${query[2]} within ${this.statusTimeoutMs} ms`);
      replies.push(reply);
    }
    try {
      return parseStatusReplies(replies);
    } catch (error) {
      throw new PrinterError('invalid-reply', messageOf(error));
    }
  }

  /** Resolves with the first accepted byte, or null after the timeout. */
  private awaitByte(accept: (b: number) => boolean, timeoutMs: number): Promise<number | null> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        if (this.waiter === waiter) this.waiter = null;
        resolve(null);
      }, timeoutMs);
      const waiter: ByteWaiter = {
        accept,
        resolve: (b) => {
          clearTimeout(timer);
          resolve(b);
        },
      };
      this.waiter = waiter;
    });
  }
}

/** Why a printer in this state cannot print, or null when it can. */
export function refusalFor(status: PrinterStatus): { reason: PrintFailureReason; message: string } | null {
  if (status.coverOpen) return { reason: 'cover-open', message: 'the printer cover is open' };
  if (status.paperOut) return { reason: 'paper-out', message: 'the printer is out of paper' };
  if (status.error) return { reason: 'error', message: 'the printer reports an error' };
  if (!status.online) return { reason: 'offline', message: 'the printer reports it is offline' };
  return null;
}

function failure(reason: PrintFailureReason, message: string): PrintOutcome {
  return { printed: false, reason, message };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
