/**
 * A serial port (a UART, a USB-serial adapter, a USB-CDC scanner, one end of a socat pty pair) as a
 * ByteTransport, through the `serialport` library.
 *
 * Unplugging a USB adapter makes the binding's read fail; serialport then closes the port with a
 * `DisconnectedError` and we report `disconnected`. Any other error after opening also ends the
 * transport (`error`), so the ManagedDevice reopens it.
 */
import { SerialPort } from 'serialport';
import type { ByteTransport, TransportCloseReason, Unsubscribe } from '../../transport/byte-transport';
import { TransportError } from '../../transport/byte-transport';

import { Listeners } from '../../transport/listeners';

export interface SerialTransportOptions {
  path: string;
  baudRate?: number;
}

export class SerialTransport implements ByteTransport {
  readonly description: string;
  private port: SerialPort | undefined;
  private readonly dataListeners = new Listeners<Uint8Array>();
  private readonly closeListeners = new Listeners<TransportCloseReason>();
  private closing = false;
  private failed = false;
  private markClosed: () => void = () => undefined;
  private ended = false;
  /** Resolves once the port's file descriptor is really closed (serialport's 'close' event). */
  private fdClosed: Promise<void> = Promise.resolve();

  constructor(private readonly options: SerialTransportOptions) {
    this.description = options.path;
  }

  get isOpen(): boolean {
    return this.port?.isOpen === true && !this.ended;
  }

  open(): Promise<void> {
    if (this.port) return Promise.reject(new TransportError('unavailable', `${this.description} was already opened; make a new transport`));
    const port = new SerialPort({ path: this.options.path, baudRate: this.options.baudRate ?? 115200, autoOpen: false });
    this.port = port;
    return new Promise<void>((resolve, reject) => {
      port.open((error) => {
        if (error) {
          this.ended = true;
          reject(new TransportError('unavailable', `cannot open ${this.description}: ${error.message}`));
          return;
        }
        port.on('data', (chunk: Buffer) => {
          const bytes = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
          this.dataListeners.emit(bytes);
        });
        this.fdClosed = new Promise<void>((closed) => {
          this.markClosed = closed;
          port.on('close', (err: (Error & { disconnected?: boolean }) | null) => {
            closed();
            this.end(this.closing ? 'closed-by-us' : err?.disconnected ? 'disconnected' : err || this.failed ? 'error' : 'disconnected');
          });
        });
        port.on('error', () => {
          // serialport emits 'error' for failed writes and reads; treat it as the end of the link.
          if (this.ended || this.closing) return;
          this.failed = true;
          if (port.isOpen) port.close(this.afterClose);
        });
        resolve();
      });
    });
  }

  write(bytes: Uint8Array): Promise<void> {
    const port = this.port;
    if (!port || !this.isOpen) return Promise.reject(new TransportError('not-open', `${this.description} is not open`));
    return new Promise<void>((resolve, reject) => {
      port.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), (error) => {
        if (error) {
          reject(new TransportError('write-failed', `write to ${this.description} failed: ${error.message}`));
          return;
        }
        port.drain((drainError) => (drainError ? reject(new TransportError('write-failed', drainError.message)) : resolve()));
      });
    });
  }

  onData(listener: (bytes: Uint8Array) => void): Unsubscribe {
    return this.dataListeners.add(listener);
  }

  onClose(listener: (reason: TransportCloseReason) => void): Unsubscribe {
    return this.closeListeners.add(listener);
  }

  /** Resolves only once the descriptor is closed, so the port can be reopened (and locked) at once. */
  async close(): Promise<void> {
    const port = this.port;
    if (!port) return;
    if (!this.ended) {
      this.closing = true;
      // serialport reports isOpen=false while a close is already under way: then just wait for it.
      if (port.isOpen) port.close(this.afterClose);
    }
    await this.fdClosed;
  }

  /** A close that fails emits no 'close' event; do not wait for one then. */
  private readonly afterClose = (error: Error | null): void => {
    if (error) {
      this.markClosed();
      this.end(this.closing ? 'closed-by-us' : 'error');
    }
  };

  private end(reason: TransportCloseReason): void {
    if (this.ended) return;
    this.ended = true;
    this.closeListeners.emit(reason);
  }
}
