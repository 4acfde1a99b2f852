/**
 * The one small interface every byte transport implements (serial via `serialport`, HID via
 * `node-hid`, raw TCP 9100, the Linux USB printer class device, an in-memory pair for tests).
 * Protocol code depends only on this, so frame codecs and state machines stay pure and testable.
 */

import { Listeners } from './listeners';

export type Unsubscribe = () => void;

export interface ByteTransport {
  /** Human-readable location for status and logs: a port path, `tcp://host:port`, `memory`. */
  readonly description: string;
  /** Opens the underlying device. Rejects with a TransportError('unavailable') if it cannot. */
  open(): Promise<void>;
  /** Writes all bytes, resolving once the operating system has accepted them. */
  write(bytes: Uint8Array): Promise<void>;
  /** Receives bytes as they arrive, in order. */
  onData(listener: (bytes: Uint8Array) => void): Unsubscribe;
  /** Called once when the transport closes for any reason (unplugged, remote closed, close()). */
  onClose(listener: (reason: TransportCloseReason) => void): Unsubscribe;
  close(): Promise<void>;
  readonly isOpen: boolean;
}

export type TransportCloseReason = 'closed-by-us' | 'disconnected' | 'error';

export type TransportErrorCode = 'unavailable' | 'not-open' | 'write-failed' | 'timeout';

export class TransportError extends Error {
  constructor(
    readonly code: TransportErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

/**
 * Two connected in-memory endpoints: what one writes, the other receives, asynchronously (as a
 * real port delivers). For unit tests and for binding a simulator directly to a driver.
 */
export function createMemoryTransportPair(names: [string, string] = ['memory-a', 'memory-b']): [ByteTransport, ByteTransport] {
  const a = new MemoryEndpoint(names[0]);
  const b = new MemoryEndpoint(names[1]);
  a.peer = b;
  b.peer = a;
  return [a, b];
}

class MemoryEndpoint implements ByteTransport {
  peer: MemoryEndpoint | undefined;
  isOpen = false;
  private readonly dataListeners = new Listeners<Uint8Array>();
  private readonly closeListeners = new Listeners<TransportCloseReason>();

  constructor(readonly description: string) {}

  async open(): Promise<void> {
    this.isOpen = true;
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (!this.isOpen) throw new TransportError('not-open', `${this.description} is not open`);
    const peer = this.peer;
    const copy = bytes.slice();
    // Deliver on a later turn, as a real port would, so callers cannot rely on synchronous replies.
    queueMicrotask(() => {
      if (peer?.isOpen) peer.dataListeners.emit(copy);
    });
  }

  onData(listener: (bytes: Uint8Array) => void): () => void {
    return this.dataListeners.add(listener);
  }

  onClose(listener: (reason: TransportCloseReason) => void): () => void {
    return this.closeListeners.add(listener);
  }

  async close(): Promise<void> {
    this.shutDown('closed-by-us');
  }

  /** Simulates the cable being pulled: both ends see `disconnected`. */
  disconnect(): void {
    this.shutDown('disconnected');
    this.peer?.shutDown('disconnected');
  }

  private shutDown(reason: TransportCloseReason): void {
    if (!this.isOpen) return;
    this.isOpen = false;
    this.closeListeners.emit(reason);
  }
}
