/**
 * The Linux USB printer class device (`/dev/usb/lpN`, kernel driver `usblp`) as a ByteTransport.
 *
 * Limits, by design of the kernel driver:
 * - `usblp` allows ONE open at a time (a second open gets EBUSY); the kiosk holds it for as long as
 *   the printer is in use. CUPS must not own the same printer.
 * - Reading works only on bidirectional printers (USB protocol 2 "bidirectional" or 3 "1284.4");
 *   many cheap ESC/POS printers answer `DLE EOT` through it, some return nothing. A blocking read
 *   would pin a libuv thread until the printer speaks, so the device is opened O_NONBLOCK and read
 *   by polling every `readPollMs` (EAGAIN = nothing yet). If the printer never answers, status
 *   queries time out in the printer driver and the device is reported `not-responding`.
 * - Writes on a nonblocking usblp fd return EAGAIN while the previous URB is in flight; we retry.
 * - Unplugging makes read/write fail with ENODEV → `disconnected`.
 */
import { constants, promises as fs } from 'node:fs';
import type { ByteTransport, TransportCloseReason, Unsubscribe } from '../../transport/byte-transport';
import { TransportError } from '../../transport/byte-transport';

import { Listeners } from '../../transport/listeners';

export interface UsbLpTransportOptions {
  path: string;
  /** How often to poll for bytes from the printer. Default 50 ms. */
  readPollMs?: number;
}

const GONE = new Set(['ENODEV', 'ENXIO', 'EIO', 'ESHUTDOWN', 'EBADF']);

export class UsbLpTransport implements ByteTransport {
  readonly description: string;
  private handle: fs.FileHandle | undefined;
  private readonly dataListeners = new Listeners<Uint8Array>();
  private readonly closeListeners = new Listeners<TransportCloseReason>();
  private ended = false;
  private pollTimer: ReturnType<typeof setTimeout> | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly options: UsbLpTransportOptions) {
    this.description = `usblp:${options.path}`;
  }

  get isOpen(): boolean {
    return this.handle !== undefined && !this.ended;
  }

  async open(): Promise<void> {
    if (this.handle) return;
    try {
      this.handle = await fs.open(this.options.path, constants.O_RDWR | constants.O_NONBLOCK | constants.O_NOCTTY);
    } catch (error) {
      this.ended = true;
      throw new TransportError('unavailable', `cannot open ${this.description}: ${(error as Error).message}`);
    }
    this.schedulePoll();
  }

  private schedulePoll(): void {
    if (this.ended) return;
    this.pollTimer = setTimeout(() => void this.poll(), this.options.readPollMs ?? 50);
    this.pollTimer.unref?.();
  }

  private async poll(): Promise<void> {
    const handle = this.handle;
    if (!handle || this.ended) return;
    const buffer = Buffer.alloc(256);
    try {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead > 0) {
        const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, bytesRead);
        this.dataListeners.emit(bytes);
      }
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (GONE.has(code)) {
        await this.shutDown('disconnected');
        return;
      }
      // EAGAIN: nothing to read yet. Other errors: the printer does not support reading; keep going.
    }
    this.schedulePoll();
  }

  write(bytes: Uint8Array): Promise<void> {
    const handle = this.handle;
    if (!handle || this.ended) return Promise.reject(new TransportError('not-open', `${this.description} is not open`));
    const job = this.writing.then(async () => {
      let offset = 0;
      let waits = 0;
      while (offset < bytes.length) {
        try {
          const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset, null);
          offset += bytesWritten;
          waits = 0;
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code ?? '';
          if (code === 'EAGAIN' && waits < 600) {
            waits += 1;
            await new Promise((resolve) => setTimeout(resolve, 10));
            continue;
          }
          if (GONE.has(code)) void this.shutDown('disconnected');
          throw new TransportError(code === 'EAGAIN' ? 'timeout' : 'write-failed', `write to ${this.description} failed: ${(error as Error).message}`);
        }
      }
    });
    this.writing = job.catch(() => undefined);
    return job;
  }

  onData(listener: (bytes: Uint8Array) => void): Unsubscribe {
    return this.dataListeners.add(listener);
  }

  onClose(listener: (reason: TransportCloseReason) => void): Unsubscribe {
    return this.closeListeners.add(listener);
  }

  close(): Promise<void> {
    return this.shutDown('closed-by-us');
  }

  private async shutDown(reason: TransportCloseReason): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    if (this.pollTimer !== undefined) clearTimeout(this.pollTimer);
    const handle = this.handle;
    await handle?.close().catch(() => undefined);
    this.closeListeners.emit(reason);
  }
}
