/**
 * Local references printed on a receipt before the platform answers: `L-<terminal>-<yyyyMMdd>-<serial>`.
 * The host keeps the counter, so a reference is never repeated, even if the browser storage is
 * reset. Days are Asia/Shanghai days.
 *
 * Serials are reserved on disk in blocks (like a database sequence's cache): the file durably
 * records the highest serial that may have been handed out, and after a restart counting resumes
 * above it. A crash leaves a gap in the day's serials — harmless on a receipt — instead of costing
 * two fsyncs on every submission a citizen makes.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { writeFileDurably } from '../storage/durable';

/** Serials reserved per durable write. */
export const RESERVE_BLOCK = 50;

interface StoredCounter {
  day: string;
  /** The highest serial reserved (older files call it `seq`). */
  reserved: number;
}

export class ReferenceCounter {
  private day: string;
  private seq: number;
  private reserved: number;

  constructor(private readonly path: string) {
    let stored: StoredCounter = { day: '', reserved: 0 };
    if (existsSync(path)) {
      try {
        const raw = JSON.parse(readFileSync(path, 'utf8')) as { day?: unknown; reserved?: unknown; seq?: unknown };
        const reserved = typeof raw.reserved === 'number' ? raw.reserved : raw.seq;
        if (typeof raw.day !== 'string' || typeof reserved !== 'number' || !Number.isInteger(reserved) || reserved < 0) throw new Error('malformed');
        stored = { day: raw.day, reserved };
      } catch {
        // A damaged counter file: start the day again from a high serial rather than risk a repeat.
        stored = { day: shanghaiDay(new Date()), reserved: 5000 };
      }
    }
    this.day = stored.day;
    // Anything up to `reserved` may have been printed before a crash: continue above it.
    this.seq = stored.reserved;
    this.reserved = stored.reserved;
  }

  next(terminalId: string | null, now = new Date()): string {
    const day = shanghaiDay(now);
    if (day !== this.day) {
      this.day = day;
      this.seq = 0;
      this.reserved = 0;
    }
    this.seq += 1;
    if (this.seq > this.reserved) {
      this.reserved = this.seq + RESERVE_BLOCK - 1;
      writeFileDurably(this.path, JSON.stringify({ day: this.day, reserved: this.reserved } satisfies StoredCounter));
    }
    const terminal = terminalId ? createHash('sha256').update(terminalId).digest('hex').slice(0, 4).toUpperCase() : '0000';
    return `L-${terminal}-${day}-${String(this.seq).padStart(4, '0')}`;
  }
}

export function shanghaiDay(date: Date): string {
  const shifted = new Date(date.getTime() + 8 * 3600_000);
  return shifted.toISOString().slice(0, 10).replace(/-/g, '');
}
