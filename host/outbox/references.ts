/**
 * Local references printed on a receipt before the platform answers: `L-<terminal>-<yyyyMMdd>-<serial>`.
 * The host keeps the counter (written durably before the reference is handed out), so a reference
 * is never repeated, even if the browser storage is reset. Days are Asia/Shanghai days.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { writeFileDurably } from '../storage/durable';

export class ReferenceCounter {
  private state: { day: string; seq: number };

  constructor(private readonly path: string) {
    let state = { day: '', seq: 0 };
    if (existsSync(path)) {
      try {
        state = JSON.parse(readFileSync(path, 'utf8')) as { day: string; seq: number };
      } catch {
        // A damaged counter file: start the day again from a high serial rather than risk a repeat.
        state = { day: shanghaiDay(new Date()), seq: 5000 };
      }
    }
    this.state = state;
  }

  next(terminalId: string | null, now = new Date()): string {
    const day = shanghaiDay(now);
    this.state = { day, seq: this.state.day === day ? this.state.seq + 1 : 1 };
    writeFileDurably(this.path, JSON.stringify(this.state));
    const terminal = terminalId ? createHash('sha256').update(terminalId).digest('hex').slice(0, 4).toUpperCase() : '0000';
    return `L-${terminal}-${day}-${String(this.state.seq).padStart(4, '0')}`;
  }
}

export function shanghaiDay(date: Date): string {
  const shifted = new Date(date.getTime() + 8 * 3600_000);
  return shifted.toISOString().slice(0, 10).replace(/-/g, '');
}
