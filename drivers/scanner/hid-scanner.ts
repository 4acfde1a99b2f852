/**
 * A HID-POS scanner on top of any source of input reports. Pure: the node-hid adapter lives in
 * drivers/node/ and implements HidReportSource.
 */
import { makeScanEvent } from '../../common/scan/scan-event';
import type { ScanEvent } from '../../common/scan/scan-event';
import { decodeScanBytes } from '../../common/scan/decode-bytes';
import { emitTo } from './emit';
import { HID_POS_ENABLE_FEATURE_REPORT, HidPosAssembler } from './hid-pos';
import type { HidPosAssemblerOptions } from './hid-pos';

export interface HidReportSource {
  /** Input reports as the OS delivers them (with or without the report ID byte; both are handled). */
  onReport(listener: (report: Uint8Array) => void): () => void;
  sendFeatureReport?(data: Uint8Array): void;
  close(): void;
}

export interface HidScannerOptions extends HidPosAssemblerOptions {
  /**
   * Send the feature report FE 01 on construction, which Honeywell and Youjie scanners need to
   * enter HID-POS mode. Default false (other makes may not understand it).
   */
  enablePosMode?: boolean;
}

export class HidScanner {
  private readonly assembler: HidPosAssembler;
  private readonly listeners = new Set<(scan: ScanEvent) => void>();
  private readonly unsubscribe: () => void;
  private closed = false;

  constructor(
    private readonly source: HidReportSource,
    options: HidScannerOptions = {},
  ) {
    this.assembler = new HidPosAssembler(options);
    if (options.enablePosMode) this.enablePosMode();
    this.unsubscribe = source.onReport((report) => this.handleReport(report));
  }

  /** Sends FE 01 (Honeywell / Youjie HID-POS mode). Returns false when the source cannot send feature reports. */
  enablePosMode(): boolean {
    if (this.source.sendFeatureReport === undefined) return false;
    this.source.sendFeatureReport(HID_POS_ENABLE_FEATURE_REPORT.slice());
    return true;
  }

  onScan(listener: (scan: ScanEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe();
    this.listeners.clear();
    this.assembler.reset();
    this.source.close();
  }

  private handleReport(report: Uint8Array): void {
    if (this.closed) return;
    const payload = this.assembler.push(report);
    if (payload === null) return;
    const decoded = decodeScanBytes(payload);
    const event = makeScanEvent(decoded.text, decoded.encoding, 'hid');
    if (event === undefined) return;
    emitTo(this.listeners, event);
  }
}
