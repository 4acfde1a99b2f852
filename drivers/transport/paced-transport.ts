/**
 * A ByteTransport that moves bytes no faster than a serial line would: `bitsPerByte` bits per byte
 * (10 for 8N1: start + 8 data + stop) at `baudRate`, in each direction independently.
 *
 * Why: a socat pty pair (and the in-memory pair) deliver bytes at memory speed whatever baud rate
 * is set, so a benchmark or a timeout test over them would be unrealistically fast. Wrapped around
 * the simulator's end of the link, this gives the device the timing of a real UART: what the
 * simulator writes reaches the peer only as fast as the line allows, and what the peer writes
 * reaches the simulator only after its own time on the wire.
 *
 * Bytes are delivered in small chunks (about one millisecond of line time each), each chunk at the
 * moment its last byte would have left the line, so the first byte of a long job still arrives
 * early. Order is preserved. Pure: global timers and `performance.now()` only.
 */
import type { ByteTransport, TransportCloseReason, Unsubscribe } from './byte-transport';

export interface PacedTransportOptions {
  baudRate: number;
  /** 10 for 8N1 (the default), 11 for 8E1 / 8N2, 12 for 8E2. */
  bitsPerByte?: number;
}

/** The time `byteCount` bytes take on a serial line, in milliseconds. */
export function wireTimeMs(byteCount: number, baudRate: number, bitsPerByte = 10): number {
  return (byteCount * bitsPerByte * 1000) / baudRate;
}

interface Lane {
  /** When the line in this direction is free again (performance.now() time base). */
  freeAt: number;
  queue: { bytes: Uint8Array; dueAt: number; deliver: (chunk: Uint8Array) => void; done?: () => void }[];
  timer: ReturnType<typeof setTimeout> | undefined;
}

export class PacedTransport implements ByteTransport {
  private readonly msPerByte: number;
  private readonly chunkBytes: number;
  private readonly tx: Lane = { freeAt: 0, queue: [], timer: undefined };
  private readonly rx: Lane = { freeAt: 0, queue: [], timer: undefined };
  private readonly dataListeners = new Set<(bytes: Uint8Array) => void>();
  private readonly unsubscribeInner: Unsubscribe;

  constructor(
    private readonly inner: ByteTransport,
    options: PacedTransportOptions,
  ) {
    if (!(options.baudRate > 0)) throw new RangeError('baudRate must be positive');
    this.msPerByte = wireTimeMs(1, options.baudRate, options.bitsPerByte ?? 10);
    this.chunkBytes = Math.max(1, Math.round(1 / this.msPerByte));
    this.unsubscribeInner = inner.onData((bytes) => {
      this.enqueue(this.rx, bytes.slice(), (chunk) => {
        for (const listener of [...this.dataListeners]) listener(chunk);
      });
    });
    inner.onClose(() => this.stop());
  }

  get description(): string {
    return this.inner.description;
  }

  get isOpen(): boolean {
    return this.inner.isOpen;
  }

  open(): Promise<void> {
    return this.inner.open();
  }

  /** Resolves once the last byte has "left the line" and been handed to the inner transport. */
  write(bytes: Uint8Array): Promise<void> {
    if (bytes.length === 0) return this.inner.write(bytes);
    return new Promise<void>((resolve, reject) => {
      let failed = false;
      this.enqueue(
        this.tx,
        bytes.slice(),
        (chunk) => {
          this.inner.write(chunk).catch((error: unknown) => {
            if (!failed) reject(error);
            failed = true;
          });
        },
        () => {
          if (!failed) resolve();
        },
      );
    });
  }

  onData(listener: (bytes: Uint8Array) => void): Unsubscribe {
    this.dataListeners.add(listener);
    return () => this.dataListeners.delete(listener);
  }

  onClose(listener: (reason: TransportCloseReason) => void): Unsubscribe {
    return this.inner.onClose(listener);
  }

  async close(): Promise<void> {
    this.stop();
    this.unsubscribeInner();
    await this.inner.close();
  }

  private stop(): void {
    for (const lane of [this.tx, this.rx]) {
      if (lane.timer !== undefined) clearTimeout(lane.timer);
      lane.timer = undefined;
      for (const item of lane.queue) item.done?.();
      lane.queue = [];
    }
  }

  /** Splits `bytes` into chunks, each due when its last byte has crossed the line. */
  private enqueue(lane: Lane, bytes: Uint8Array, deliver: (chunk: Uint8Array) => void, done?: () => void): void {
    let at = Math.max(performance.now(), lane.freeAt);
    for (let offset = 0; offset < bytes.length; offset += this.chunkBytes) {
      const chunk = bytes.subarray(offset, Math.min(bytes.length, offset + this.chunkBytes));
      at += chunk.length * this.msPerByte;
      const last = offset + this.chunkBytes >= bytes.length;
      lane.queue.push(last && done ? { bytes: chunk, dueAt: at, deliver, done } : { bytes: chunk, dueAt: at, deliver });
    }
    lane.freeAt = at;
    this.pump(lane);
  }

  private pump(lane: Lane): void {
    if (lane.timer !== undefined) return;
    const step = (): void => {
      lane.timer = undefined;
      const now = performance.now();
      while (lane.queue.length > 0 && lane.queue[0]!.dueAt <= now + 0.05) {
        const item = lane.queue.shift()!;
        item.deliver(item.bytes);
        item.done?.();
      }
      if (lane.queue.length > 0) lane.timer = setTimeout(step, Math.max(0, lane.queue[0]!.dueAt - performance.now()));
    };
    lane.timer = setTimeout(step, Math.max(0, lane.queue[0]!.dueAt - performance.now()));
  }
}
