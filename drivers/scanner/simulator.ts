/**
 * A simulated USB-CDC scanner: attached to the device end of a transport (e.g. one side of
 * createMemoryTransportPair, the other side given to SerialScanner), it writes a payload in chunks
 * the way a real device's USB bulk packets arrive, then the suffix as a separate write.
 */
import iconv from 'iconv-lite';
import type { ByteTransport } from '../transport/byte-transport';
import type { ScanEncoding } from '../../common/scan/decode-bytes';

export interface ScannerSimulatorOptions {
  /** Default `[0x0d]` (CR). */
  suffix?: Uint8Array;
  /** Bytes per write; default 64 (a full-speed USB bulk packet). */
  chunkSize?: number;
}

export interface SimulatedScanOptions {
  /** Default 'utf-8'. */
  encoding?: ScanEncoding;
  /** Overrides the simulator's suffix for this scan; null sends none (the receiver's idle timeout ends it). */
  suffix?: Uint8Array | null;
}

/**
 * The bytes a scanner would send for `text` in `encoding`. Latin-1 throws a RangeError for characters
 * above U+00FF (the real device could not produce them); GB18030 covers all of Unicode.
 */
export function encodeForScan(text: string, encoding: ScanEncoding): Uint8Array {
  switch (encoding) {
    case 'utf-8':
      return new TextEncoder().encode(text);
    case 'gb18030': {
      // TextEncoder only produces UTF-8, so GB18030 needs iconv-lite (allowed in drivers/, not common/).
      const encoded = iconv.encode(text, 'gb18030');
      return new Uint8Array(encoded.buffer, encoded.byteOffset, encoded.byteLength).slice();
    }
    case 'latin1': {
      const bytes = new Uint8Array(text.length);
      for (let i = 0; i < text.length; i += 1) {
        const code = text.charCodeAt(i);
        if (code > 0xff) throw new RangeError(`character U+${code.toString(16).toUpperCase()} is not Latin-1`);
        bytes[i] = code;
      }
      return bytes;
    }
  }
}

export class ScannerSimulator {
  private readonly suffix: Uint8Array;
  private readonly chunkSize: number;
  private transport: ByteTransport | undefined;

  constructor(options: ScannerSimulatorOptions = {}) {
    this.suffix = (options.suffix ?? Uint8Array.of(0x0d)).slice();
    this.chunkSize = Math.max(1, Math.floor(options.chunkSize ?? 64));
  }

  /** Sends future scans into `transport` (opened on first use if needed). Returns a detach function. */
  attach(transport: ByteTransport): () => void {
    this.transport = transport;
    return () => {
      if (this.transport === transport) this.transport = undefined;
    };
  }

  /** Encodes `text`, writes it in chunks, then the suffix. */
  async scan(text: string, options: SimulatedScanOptions = {}): Promise<void> {
    const payload = encodeForScan(text, options.encoding ?? 'utf-8');
    const suffix = options.suffix === undefined ? this.suffix : options.suffix;
    await this.writeChunks(payload);
    if (suffix !== null && suffix.length > 0) await this.write(suffix.slice());
  }

  /** Writes raw bytes in chunks exactly as given: no suffix is added. */
  async scanBytes(bytes: Uint8Array): Promise<void> {
    await this.writeChunks(bytes);
  }

  private async writeChunks(bytes: Uint8Array): Promise<void> {
    for (let at = 0; at < bytes.length; at += this.chunkSize) {
      await this.write(bytes.slice(at, at + this.chunkSize));
    }
  }

  private async write(bytes: Uint8Array): Promise<void> {
    const transport = this.transport;
    if (transport === undefined) throw new Error('scanner simulator is not attached to a transport');
    if (!transport.isOpen) await transport.open();
    await transport.write(bytes);
  }
}
