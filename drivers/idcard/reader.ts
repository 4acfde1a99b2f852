/**
 * Driver for a GA 467 "SAM_V" identity-card reader over any ByteTransport (serial, USB-serial,
 * or the in-memory pair bound to SamSimulator).
 *
 * - One command in flight at a time: every public call is queued; readCard() holds the queue for
 *   its whole find → select → read sequence so nobody can interleave a command.
 * - Each command has a timeout (SamError 'timeout'). The decoder is reset before each command,
 *   and answers that cannot belong to the command in flight (a late "find OK" while reading, a late
 *   1295-byte read answer while finding) are dropped, so a reply that arrives after its timeout does
 *   not get mistaken for the next command's answer.
 * - The caller opens and closes the transport; the reader only writes, listens and reports.
 */
import type { ByteTransport, Unsubscribe } from '../transport/byte-transport';
import type { IdCard } from '../../common/identity/id-card';
import { FrameDecoder, SAM_COMMANDS, encodeCommand, parseResponsePayload } from './frame';
import type { SamResponse } from './frame';
import { SW3_FIND_OK, SW3_NO_CONTENT, SW3_OK, SamError, samErrorFromSw3 } from './status-codes';
import { TEXT_BLOCK_LENGTH, decodeTextBlock, trimPadding } from './text-block';
import { SAM_ID_LENGTH, formatSamId } from './sam-id';

export interface CardRead {
  card: IdCard;
  /** The 1024-byte proprietary WLT photo, undecoded. */
  photoWlt: Uint8Array;
  /** Present only for 30 10 reads of a card that carries fingerprint data. */
  fingerprint?: Uint8Array;
}

export type SamTimeoutKind = 'find' | 'select' | 'read' | 'sam';

export interface SamReaderOptions {
  commandTimeoutMs?: Partial<Record<SamTimeoutKind, number>>;
}

/**
 * Defaults, more generous than public code (800/300/1100 ms) because a kiosk prefers a slow read to
 * a failed one: a 1295-byte answer alone takes 112 ms at 115200 baud but 1.35 s at 9600. With a
 * fingerprint reader at 9600 baud raise `read` to about 5000.
 */
export const DEFAULT_COMMAND_TIMEOUTS: Readonly<Record<SamTimeoutKind, number>> = { find: 1000, select: 1000, read: 3000, sam: 1000 };

/** A failing read is tried this many times in all (the first try plus two retries). */
export const READ_ATTEMPTS = 3;

type Command = (typeof SAM_COMMANDS)[keyof typeof SAM_COMMANDS];

interface Pending {
  label: string;
  accepts: (response: SamResponse) => boolean;
  resolve: (response: SamResponse) => void;
  reject: (error: SamError) => void;
}

/** Errors where the answer broke off or arrived corrupted part-way: worth another try. */
const interrupted = new WeakSet<SamError>();

/** Whether readCard() retries after this error. */
export function isRetryableReadError(error: unknown): boolean {
  if (!(error instanceof SamError)) return false;
  if (error.code === 'checksum' || error.code === 'read-failed') return true;
  return error.code === 'timeout' && interrupted.has(error);
}

const noop = (): void => {};
const u16be = (bytes: Uint8Array, offset: number): number => (bytes[offset]! << 8) | bytes[offset + 1]!;

export class SamReader {
  private readonly timeouts: Record<SamTimeoutKind, number>;
  private readonly decoder = new FrameDecoder();
  private readonly unsubscribe: Unsubscribe[] = [];
  private pending: Pending | undefined;
  private tail: Promise<void> = Promise.resolve();
  private disposed = false;

  constructor(
    private readonly transport: ByteTransport,
    options: SamReaderOptions = {},
  ) {
    this.timeouts = { ...DEFAULT_COMMAND_TIMEOUTS, ...options.commandTimeoutMs };
    this.unsubscribe.push(transport.onData((bytes) => this.receive(bytes)));
    this.unsubscribe.push(
      transport.onClose((reason) => this.failPending(new SamError('port-unavailable', `Transport ${transport.description} closed (${reason})`))),
    );
  }

  /** Where the reader is attached (for status and logs). */
  get description(): string {
    return this.transport.description;
  }

  // -- commands --------------------------------------------------------------------------------

  async resetSam(): Promise<void> {
    await this.exclusive(() => this.expectOk('reset SAM', SAM_COMMANDS.reset, 'sam'));
  }

  /** Resolves when the SAM reports itself healthy; rejects with the mapped SamError otherwise. */
  async samStatus(): Promise<void> {
    await this.exclusive(() => this.expectOk('SAM status', SAM_COMMANDS.samStatus, 'sam'));
  }

  samId(): Promise<string> {
    return this.exclusive(async () => {
      const r = await this.transact('SAM id', SAM_COMMANDS.samId, 'sam', (x) => x.sw3 !== SW3_OK || x.data.length >= SAM_ID_LENGTH);
      if (r.sw3 !== SW3_OK) throw samErrorFromSw3(r.sw3, 'SAM id');
      return formatSamId(r.data);
    });
  }

  /** True when a card answers; false when the reader says "no card" (SW3 80). */
  findCard(): Promise<boolean> {
    return this.exclusive(() => this.find());
  }

  selectCard(): Promise<void> {
    return this.exclusive(() => this.select());
  }

  readTextAndPhoto(): Promise<CardRead> {
    return this.exclusive(() => this.read(false));
  }

  readWithFingerprint(): Promise<CardRead> {
    return this.exclusive(() => this.read(true));
  }

  /**
   * The address-change record written on the card since issue, or null when there is none
   * (SW3 91). Call after a read of the same card. The data length is unconfirmed by any source, so
   * the whole data part is decoded as UCS-2LE and its padding trimmed.
   */
  readAppendedAddress(): Promise<string | null> {
    return this.exclusive(async () => {
      const r = await this.transact('read appended address', SAM_COMMANDS.readAppendedAddress, 'read', notFindAnswer);
      if (r.sw3 === SW3_NO_CONTENT) return null;
      if (r.sw3 !== SW3_OK) throw samErrorFromSw3(r.sw3, 'read appended address');
      const text = new TextDecoder('utf-16le').decode(r.data.subarray(0, r.data.length - (r.data.length % 2)));
      const trimmed = trimPadding(text);
      return trimmed === '' ? null : trimmed;
    });
  }

  /**
   * find → select → read text and photo. Throws SamError('no-card') when nothing is on the reader.
   * A try that breaks off part-way (checksum error, answer cut short, card-side read failure) is
   * repeated up to two more times; a repeat selects without requiring find, because the reader may
   * have finished the read (and halted the card, so find now fails) even though its answer was lost.
   */
  readCard(): Promise<CardRead> {
    return this.exclusive(() => this.readSequence(true));
  }

  /** Like readCard() for a card that a find has just reported: select → read, with the same retries. */
  readPresentCard(): Promise<CardRead> {
    return this.exclusive(() => this.readSequence(false));
  }

  /** Detaches from the transport and fails any queued or running command. Does not close the transport. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const off of this.unsubscribe.splice(0)) off();
    this.failPending(new SamError('port-unavailable', 'The reader was disposed'));
  }

  // -- sequences -------------------------------------------------------------------------------

  private async readSequence(findFirst: boolean): Promise<CardRead> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        if (attempt === 1 && findFirst) {
          if (!(await this.find())) throw new SamError('no-card', 'No card on the reader', { sw3: 0x80 });
        } else if (attempt > 1) {
          // Wake the card if it is still idle; a "no card" here may just mean it is halted after a read.
          await this.find();
        }
        await this.select();
        return await this.read(false);
      } catch (error) {
        if (attempt >= READ_ATTEMPTS || !isRetryableReadError(error)) throw error;
      }
    }
  }

  private async find(): Promise<boolean> {
    // A late 90 answer (select, read) cannot be the answer to find.
    const r = await this.transact('find card', SAM_COMMANDS.find, 'find', (x) => x.sw3 !== SW3_OK);
    if (r.sw3 === SW3_FIND_OK) return true;
    if (r.sw3 === 0x80) return false;
    throw samErrorFromSw3(r.sw3, 'find card');
  }

  private async select(): Promise<void> {
    const r = await this.transact('select card', SAM_COMMANDS.select, 'select', (x) => x.sw3 !== SW3_FIND_OK && !(x.sw3 === SW3_OK && x.data.length > 64));
    if (r.sw3 !== SW3_OK) throw samErrorFromSw3(r.sw3, 'select card');
  }

  private async read(withFingerprint: boolean): Promise<CardRead> {
    const command = withFingerprint ? SAM_COMMANDS.readTextPhotoFingerprint : SAM_COMMANDS.readTextPhoto;
    const header = withFingerprint ? 6 : 4;
    const label = withFingerprint ? 'read text, photo and fingerprint' : 'read text and photo';
    const r = await this.transact(label, command, 'read', (x) => x.sw3 !== SW3_FIND_OK && (x.sw3 !== SW3_OK || x.data.length >= header + TEXT_BLOCK_LENGTH));
    if (r.sw3 !== SW3_OK) throw samErrorFromSw3(r.sw3, label);
    const textLength = u16be(r.data, 0);
    const photoLength = u16be(r.data, 2);
    const fingerprintLength = withFingerprint ? u16be(r.data, 4) : 0;
    if (header + textLength + photoLength + fingerprintLength > r.data.length) {
      throw new SamError('protocol', `${label}: declared lengths exceed the ${r.data.length}-byte answer`);
    }
    const textStart = header;
    const photoStart = textStart + textLength;
    const fingerprintStart = photoStart + photoLength;
    const text = decodeTextBlock(r.data.slice(textStart, photoStart));
    const photoWlt = r.data.slice(photoStart, fingerprintStart);
    const card = { ...text, photo: { format: 'wlt', length: photoWlt.length } } as IdCard;
    const result: CardRead = { card, photoWlt };
    if (fingerprintLength > 0) result.fingerprint = r.data.slice(fingerprintStart, fingerprintStart + fingerprintLength);
    return result;
  }

  private async expectOk(label: string, command: Command, kind: SamTimeoutKind): Promise<void> {
    const r = await this.transact(label, command, kind, notFindAnswer);
    if (r.sw3 !== SW3_OK) throw samErrorFromSw3(r.sw3, label);
  }

  // -- plumbing --------------------------------------------------------------------------------

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    if (this.disposed) return Promise.reject(new SamError('port-unavailable', 'The reader was disposed'));
    const run = this.tail.then(() => {
      if (this.disposed) throw new SamError('port-unavailable', 'The reader was disposed');
      return task();
    });
    this.tail = run.then(noop, noop);
    return run;
  }

  private transact(label: string, command: Command, kind: SamTimeoutKind, accepts: (r: SamResponse) => boolean): Promise<SamResponse> {
    if (!this.transport.isOpen) {
      return Promise.reject(new SamError('port-unavailable', `${label}: transport ${this.transport.description} is not open`));
    }
    this.decoder.reset();
    const timeoutMs = this.timeouts[kind];
    return new Promise<SamResponse>((resolve, reject) => {
      const timer = setTimeout(() => {
        const midFrame = this.decoder.bufferedLength > 0;
        const error = new SamError(
          'timeout',
          midFrame ? `${label}: answer incomplete after ${timeoutMs} ms` : `${label}: no answer within ${timeoutMs} ms`,
        );
        if (midFrame) interrupted.add(error);
        settle(() => reject(error));
      }, timeoutMs);
      const settle = (fn: () => void): void => {
        clearTimeout(timer);
        if (this.pending === pending) this.pending = undefined;
        fn();
      };
      const pending: Pending = {
        label,
        accepts,
        resolve: (r) => settle(() => resolve(r)),
        reject: (e) => settle(() => reject(e)),
      };
      this.pending = pending;
      this.transport.write(encodeCommand(command.cmd, command.para)).catch((cause: unknown) => {
        if (this.pending === pending) pending.reject(new SamError('port-unavailable', `${label}: write failed`, { cause }));
      });
    });
  }

  private receive(bytes: Uint8Array): void {
    for (const item of this.decoder.push(bytes)) {
      const pending = this.pending;
      if (pending === undefined) continue; // nobody asked: stale bytes
      if (item.kind === 'checksum-error') {
        const error = new SamError('checksum', `${pending.label}: answer failed its checksum`);
        interrupted.add(error);
        pending.reject(error);
      } else if (item.kind === 'frame') {
        const response = parseResponsePayload(item.payload);
        if (response === undefined) pending.reject(new SamError('protocol', `${pending.label}: answer too short`));
        else if (pending.accepts(response)) pending.resolve(response);
        // else: a late answer to an earlier command; keep waiting for ours.
      }
      // length-error: a preamble inside garbage; the decoder has already skipped it.
    }
  }

  private failPending(error: SamError): void {
    this.pending?.reject(error);
  }
}

function notFindAnswer(r: SamResponse): boolean {
  return r.sw3 !== SW3_FIND_OK;
}

// ---------------------------------------------------------------------------------------------

export interface WaitForCardOptions {
  timeoutMs: number;
  pollIntervalMs?: number;
  signal?: AbortSignal;
}

/**
 * Polls find until a card is there, then reads it (select → read with retries; a read already
 * under way is finished even if the deadline passes meanwhile). At the deadline it rejects with
 * SamError('no-card') if the reader's last answer was "no card", or SamError('timeout') if its
 * last poll went unanswered. Aborting the signal rejects with the signal's reason.
 */
export async function waitForCard(reader: SamReader, options: WaitForCardOptions): Promise<CardRead> {
  const { timeoutMs, pollIntervalMs = 300, signal } = options;
  const deadline = Date.now() + timeoutMs;
  let lastAnswered = false;
  const expired = (): SamError =>
    lastAnswered
      ? new SamError('no-card', `No card presented within ${timeoutMs} ms`, { sw3: 0x80 })
      : new SamError('timeout', `The reader did not answer within ${timeoutMs} ms`);

  for (;;) {
    if (signal?.aborted) throw abortReason(signal);
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw expired();
    let found: boolean | 'deadline';
    try {
      found = await raceDeadline(reader.findCard(), remaining, signal);
    } catch (error) {
      if (error instanceof SamError && error.code === 'timeout') {
        lastAnswered = false;
        continue;
      }
      if (error instanceof SamError && error.code === 'checksum') continue;
      throw error;
    }
    if (found === 'deadline') throw expired();
    if (found) return reader.readPresentCard();
    lastAnswered = true;
    const wait = Math.min(pollIntervalMs, deadline - Date.now());
    if (wait > 0 && (await raceDeadline(new Promise<never>(noop), wait, signal)) === 'deadline') continue;
  }
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new SamError('timeout', 'Aborted');
}

/** Resolves with the promise's value, or 'deadline' after `ms`; rejects if the signal aborts first. */
function raceDeadline<T>(promise: Promise<T>, ms: number, signal: AbortSignal | undefined): Promise<T | 'deadline'> {
  return new Promise<T | 'deadline'>((resolve, reject) => {
    const onAbort = (): void => {
      cleanup();
      reject(abortReason(signal!));
    };
    const timer = setTimeout(() => {
      cleanup();
      resolve('deadline');
    }, ms);
    const cleanup = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        cleanup();
        resolve(value);
      },
      (error: unknown) => {
        cleanup();
        reject(error);
      },
    );
  });
}
