/**
 * A USB-CDC scanner: the device appears as a serial port (the baud rate is ignored) and sends each
 * payload followed by a suffix. Frames with SuffixFramer, decodes with decodeScanBytes and delivers
 * the common scan event with source 'serial'.
 */
import type { ByteTransport, TransportCloseReason } from '../transport/byte-transport';
import { makeScanEvent } from '../../common/scan/scan-event';
import type { ScanEvent, ScanSource } from '../../common/scan/scan-event';
import { decodeScanBytes } from '../../common/scan/decode-bytes';
import { SuffixFramer } from './serial-framer';
import type { SuffixFramerOptions } from './serial-framer';
import { emitTo } from './emit';

export interface SerialScannerOptions extends SuffixFramerOptions {
  /** Reported in the scan events; default 'serial' (the simulator wiring may say 'simulator'). */
  source?: Extract<ScanSource, 'serial' | 'simulator'>;
}

export class SerialScanner {
  private readonly scanListeners = new Set<(scan: ScanEvent) => void>();
  private readonly closeListeners = new Set<(reason: TransportCloseReason) => void>();
  private readonly overflowListeners = new Set<(droppedBytes: number) => void>();
  private framer: SuffixFramer | undefined;
  private subscriptions: Array<() => void> = [];

  constructor(
    private readonly transport: ByteTransport,
    private readonly options: SerialScannerOptions = {},
  ) {}

  get isRunning(): boolean {
    return this.framer !== undefined;
  }

  /** Opens the transport if needed and starts listening. Calling it while running does nothing. */
  async start(): Promise<void> {
    if (this.framer !== undefined) return;
    const { source: _source, ...framerOptions } = this.options;
    const framer = new SuffixFramer(framerOptions);
    this.framer = framer;
    framer.onFrame((frame) => this.handleFrame(frame));
    framer.onOverflow((dropped) => emitTo(this.overflowListeners, dropped));
    this.subscriptions = [
      this.transport.onData((bytes) => framer.push(bytes)),
      this.transport.onClose((reason) => {
        this.detach();
        emitTo(this.closeListeners, reason);
      }),
    ];
    try {
      if (!this.transport.isOpen) await this.transport.open();
    } catch (error) {
      this.detach();
      throw error;
    }
  }

  /** Stops listening (a payload in progress is discarded) and closes the transport. */
  async stop(): Promise<void> {
    this.detach();
    if (this.transport.isOpen) await this.transport.close();
  }

  onScan(listener: (scan: ScanEvent) => void): () => void {
    this.scanListeners.add(listener);
    return () => this.scanListeners.delete(listener);
  }

  /** The transport closed while the scanner was running (unplugged, error, closed elsewhere); not after stop(). */
  onClose(listener: (reason: TransportCloseReason) => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  /** A payload longer than maxFrameBytes was dropped. */
  onOverflow(listener: (droppedBytes: number) => void): () => void {
    this.overflowListeners.add(listener);
    return () => this.overflowListeners.delete(listener);
  }

  private detach(): void {
    for (const unsubscribe of this.subscriptions) unsubscribe();
    this.subscriptions = [];
    this.framer?.dispose();
    this.framer = undefined;
  }

  private handleFrame(frame: Uint8Array): void {
    const decoded = decodeScanBytes(frame);
    const event = makeScanEvent(decoded.text, decoded.encoding, this.options.source ?? 'serial');
    if (event !== undefined) emitTo(this.scanListeners, event);
  }
}
