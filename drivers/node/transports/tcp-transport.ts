/**
 * A raw TCP byte stream (network receipt printers on port 9100, "JetDirect"/AppSocket) as a
 * ByteTransport. Connecting has a timeout; keep-alive is on so a printer that disappears without a
 * FIN (power cut, cable pulled) is noticed and reported as `disconnected`.
 */
import { Socket } from 'node:net';
import type { ByteTransport, TransportCloseReason, Unsubscribe } from '../../transport/byte-transport';
import { TransportError } from '../../transport/byte-transport';

import { Listeners } from '../../transport/listeners';

export interface TcpTransportOptions {
  host: string;
  port: number;
  /** Default 3000 ms. */
  connectTimeoutMs?: number;
  /** Initial keep-alive delay; default 5000 ms. */
  keepAliveMs?: number;
}

export class TcpTransport implements ByteTransport {
  readonly description: string;
  private socket: Socket | undefined;
  private readonly dataListeners = new Listeners<Uint8Array>();
  private readonly closeListeners = new Listeners<TransportCloseReason>();
  private closing = false;
  private ended = false;
  private sawError = false;
  private opened = false;

  constructor(
    private readonly options: TcpTransportOptions,
    /** An already-connected socket (used by the simulator host for accepted connections). */
    existing?: Socket,
  ) {
    this.description = `tcp://${options.host}:${options.port}`;
    if (existing) this.adopt(existing);
  }

  get isOpen(): boolean {
    return this.opened && !this.ended;
  }

  open(): Promise<void> {
    if (this.opened) return Promise.resolve();
    if (this.socket) return Promise.reject(new TransportError('unavailable', `${this.description} was already used; make a new transport`));
    const socket = new Socket();
    this.socket = socket;
    const timeoutMs = this.options.connectTimeoutMs ?? 3000;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        socket.destroy();
        this.ended = true;
        reject(new TransportError('unavailable', `cannot connect to ${this.description}: no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      const onError = (error: Error) => {
        clearTimeout(timer);
        this.ended = true;
        socket.destroy();
        reject(new TransportError('unavailable', `cannot connect to ${this.description}: ${error.message}`));
      };
      socket.once('error', onError);
      socket.connect(this.options.port, this.options.host, () => {
        clearTimeout(timer);
        socket.off('error', onError);
        this.adopt(socket);
        resolve();
      });
    });
  }

  private adopt(socket: Socket): void {
    this.socket = socket;
    this.opened = true;
    socket.setNoDelay(true);
    socket.setKeepAlive(true, this.options.keepAliveMs ?? 5000);
    socket.on('data', (chunk: Buffer) => {
      const bytes = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      this.dataListeners.emit(bytes);
    });
    socket.on('error', () => {
      this.sawError = true;
    });
    socket.on('end', () => {
      // The peer half-closed; a printer that hangs up is gone for us.
      socket.destroy();
    });
    socket.on('close', () => this.end(this.closing ? 'closed-by-us' : this.sawError ? 'error' : 'disconnected'));
  }

  write(bytes: Uint8Array): Promise<void> {
    const socket = this.socket;
    if (!socket || !this.isOpen) return Promise.reject(new TransportError('not-open', `${this.description} is not open`));
    return new Promise<void>((resolve, reject) => {
      socket.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), (error) => {
        if (error) reject(new TransportError('write-failed', `write to ${this.description} failed: ${error.message}`));
        else resolve();
      });
    });
  }

  onData(listener: (bytes: Uint8Array) => void): Unsubscribe {
    return this.dataListeners.add(listener);
  }

  onClose(listener: (reason: TransportCloseReason) => void): Unsubscribe {
    return this.closeListeners.add(listener);
  }

  close(): Promise<void> {
    const socket = this.socket;
    if (!socket || this.ended) return Promise.resolve();
    this.closing = true;
    return new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.end();
      // Do not wait for a slow peer to acknowledge the FIN.
      socket.destroySoon();
    });
  }

  private end(reason: TransportCloseReason): void {
    if (this.ended) return;
    this.ended = true;
    this.closeListeners.emit(reason);
  }
}
