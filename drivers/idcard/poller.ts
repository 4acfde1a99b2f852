/**
 * Watches a SamReader and turns its polls into three events: a card was read, the card was
 * removed, something went wrong.
 *
 * Removal detection — the problem: after a successful read the card is halted and "find" answers
 * "no card" (SW3 80) until the card is presented again, so "find fails" cannot mean "card gone".
 *
 * The design (find → select probe):
 *   empty    find every interval. Card found → select → read (with the reader's retries).
 *            Read OK → onCard, state `read`. Read failed → onError once, state `failed`.
 *   read     find every interval:
 *              find "no card" → select. Select OK: the card is still lying there, halted (nothing
 *              happens — the card is not read again). Select fails: the card is gone → onRemoved.
 *              find OK → the card was lifted and put back between two polls (a halted card does
 *              not answer find): onRemoved for the old presentation, then read it again.
 *   failed   the card was never halted, so find keeps answering OK while it stays: no re-read,
 *            no repeated error. find "no card" → onRemoved. To try again the citizen lifts it.
 *
 * Why this and not "samStatus plus a removal timeout": a timeout can only guess — it reports a card
 * that is still lying on the reader as removed, which defeats the "you left your card" reminder.
 * Select on a halted card asks the RF field directly. Assumption, to confirm on each reader model:
 * select succeeds on a halted card that is still in the field (the simulator behaves so). If a model
 * refuses, the poller degrades safely: removal is reported early, and because find keeps failing on
 * the halted card it is still not re-read in a loop.
 *
 * SAM health: the SAM is also checked with `samStatus` every `samCheckIntervalMs` while the reader
 * is empty, so a dead SAM is reported (sam-fault) before a citizen arrives.
 *
 * Errors are reported once per condition: the same code is not repeated until a poll succeeds.
 * A single failed poll (checksum, one lost answer) is not reported; two in a row are. Read errors
 * (after retries), sam-fault, unsupported-card and port-unavailable are reported at once. A listener
 * that throws is logged and does not disturb the polling.
 */
import type { SamReader, CardRead } from './reader';
import { SamError } from './status-codes';

export interface CardPollerOptions {
  /** Time between the end of one poll and the start of the next. Default 300 ms. */
  pollIntervalMs?: number;
  /** How often to check the SAM while no card is present; 0 disables. Default 5000 ms. */
  samCheckIntervalMs?: number;
}

type State = 'empty' | 'read' | 'failed';

export class CardPoller {
  private readonly pollIntervalMs: number;
  private readonly samCheckIntervalMs: number;
  private readonly cardListeners = new Set<(read: CardRead) => void>();
  private readonly removedListeners = new Set<() => void>();
  private readonly errorListeners = new Set<(err: SamError) => void>();
  private readonly readingListeners = new Set<(reading: boolean) => void>();
  private state: State = 'empty';
  private running = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private ticking = false;
  private lastSamCheck = Number.NEGATIVE_INFINITY;
  private reportedCode: string | undefined;
  private pendingPollError: string | undefined;
  /** A sam-fault stays reported until the SAM answers its status check or a card is read again. */
  private samFaultReported = false;
  private generation = 0;

  constructor(
    private readonly reader: SamReader,
    options: CardPollerOptions = {},
  ) {
    this.pollIntervalMs = options.pollIntervalMs ?? 300;
    this.samCheckIntervalMs = options.samCheckIntervalMs ?? 5000;
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Whether a card is believed to be on the reader (read or failed to read). */
  get cardPresent(): boolean {
    return this.state !== 'empty';
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.generation += 1;
    this.lastSamCheck = Number.NEGATIVE_INFINITY;
    this.schedule(0);
  }

  /** Stops polling. A poll already under way finishes, but reports nothing. */
  stop(): void {
    this.running = false;
    this.generation += 1;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.state = 'empty';
    this.reportedCode = undefined;
    this.pendingPollError = undefined;
    this.samFaultReported = false;
  }

  onCard(listener: (read: CardRead) => void): () => void {
    this.cardListeners.add(listener);
    return () => this.cardListeners.delete(listener);
  }

  onRemoved(listener: () => void): () => void {
    this.removedListeners.add(listener);
    return () => this.removedListeners.delete(listener);
  }

  /**
   * Told `true` when the poller starts reading a presented card (select → read, with retries) and
   * `false` when that read has ended, however it ended: the device is busy meanwhile.
   */
  onReading(listener: (reading: boolean) => void): () => void {
    this.readingListeners.add(listener);
    return () => this.readingListeners.delete(listener);
  }

  onError(listener: (err: SamError) => void): () => void {
    this.errorListeners.add(listener);
    return () => this.errorListeners.delete(listener);
  }

  private schedule(delayMs: number): void {
    if (!this.running || this.timer !== undefined || this.ticking) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.tick();
    }, delayMs);
  }

  private async tick(): Promise<void> {
    const generation = this.generation;
    this.ticking = true;
    try {
      await this.poll(generation);
    } finally {
      this.ticking = false;
      // After stop() + start() during this poll, the new run starts at once.
      this.schedule(generation === this.generation ? this.pollIntervalMs : 0);
    }
  }

  private current(generation: number): boolean {
    return this.running && generation === this.generation;
  }

  private async poll(generation: number): Promise<void> {
    try {
      if (this.state === 'empty' && this.samCheckIntervalMs > 0 && Date.now() - this.lastSamCheck >= this.samCheckIntervalMs) {
        this.lastSamCheck = Date.now();
        await this.reader.samStatus();
        this.samFaultReported = false;
      }
      const found = await this.reader.findCard();
      if (!this.current(generation)) return;
      if (this.state === 'empty') {
        if (found) await this.readCard(generation);
        else this.pollSucceeded();
        return;
      }
      if (this.state === 'failed') {
        if (!found) this.removed();
        else this.pollSucceeded();
        return;
      }
      // state 'read'
      if (found) {
        // A halted card does not answer find: this is a new presentation.
        this.removed();
        await this.readCard(generation);
        return;
      }
      if (await this.stillThere()) this.pollSucceeded();
      else if (this.current(generation)) this.removed();
    } catch (error) {
      if (this.current(generation)) this.pollFailed(asSamError(error));
    }
  }

  /** The select probe: a halted card still in the field answers select. */
  private async stillThere(): Promise<boolean> {
    try {
      await this.reader.selectCard();
      return true;
    } catch (error) {
      const e = asSamError(error);
      if (e.code === 'no-card' || e.code === 'read-failed') return false;
      throw e;
    }
  }

  private async readCard(generation: number): Promise<void> {
    let read: CardRead;
    for (const listener of [...this.readingListeners]) notify(() => listener(true));
    try {
      read = await this.reader.readPresentCard();
    } catch (error) {
      if (!this.current(generation)) return;
      const e = asSamError(error);
      if (e.code === 'no-card') {
        // It left between find and select: nothing was presented long enough to count.
        this.pollSucceeded();
        return;
      }
      this.state = 'failed';
      this.report(e, true);
      return;
    } finally {
      for (const listener of [...this.readingListeners]) notify(() => listener(false));
    }
    if (!this.current(generation)) return;
    this.state = 'read';
    this.samFaultReported = false;
    this.pollSucceeded();
    for (const listener of [...this.cardListeners]) notify(() => listener(read));
  }

  private removed(): void {
    this.state = 'empty';
    this.pollSucceeded();
    for (const listener of [...this.removedListeners]) notify(listener);
  }

  private pollSucceeded(): void {
    this.reportedCode = undefined;
    this.pendingPollError = undefined;
  }

  private pollFailed(error: SamError): void {
    const immediate =
      error.code === 'sam-fault' || error.code === 'port-unavailable' || error.code === 'unsupported-card' || this.pendingPollError === error.code;
    this.pendingPollError = error.code;
    if (immediate) this.report(error, false);
  }

  private report(error: SamError, always: boolean): void {
    if (!always && (this.reportedCode === error.code || (error.code === 'sam-fault' && this.samFaultReported))) return;
    this.reportedCode = error.code;
    if (error.code === 'sam-fault') this.samFaultReported = true;
    for (const listener of [...this.errorListeners]) notify(() => listener(error));
  }
}

/** A listener's own bug must not look like a device error, nor stop the polling. */
function notify(call: () => void): void {
  try {
    call();
  } catch (error) {
    console.error('CardPoller: a listener threw', error);
  }
}

function asSamError(error: unknown): SamError {
  if (error instanceof SamError) return error;
  return new SamError('protocol', error instanceof Error ? error.message : String(error), { cause: error });
}
