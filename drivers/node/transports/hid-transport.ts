/**
 * HID-POS barcode scanners through node-hid: a report-based source (not a byte stream) for the
 * scanner driver's HidScanner.
 *
 * Honeywell (VID 0C2E) and Youjie (VID 23D0) scanners must be told to enter HID-POS mode with
 * feature report FE [01]; `openHidReportSource` sends it for those vendors (failures are ignored:
 * many models are already in HID-POS mode, or configured by a programming barcode instead).
 *
 * Unplugging makes node-hid emit 'error' ("could not read from HID device"); we report it as a close
 * with reason `disconnected`.
 */
import type * as NodeHid from 'node-hid';
import type { TransportCloseReason, Unsubscribe } from '../../transport/byte-transport';
import { TransportError } from '../../transport/byte-transport';

type NodeHidModule = typeof NodeHid;

/** HidScanner's HidReportSource (drivers/scanner/hid-scanner.ts), plus close notification. */
import { Listeners } from '../../transport/listeners';

export interface NodeHidReportSourceShape {
  readonly description: string;
  onReport(listener: (report: Uint8Array) => void): Unsubscribe;
  sendFeatureReport(data: Uint8Array): void;
  onClose(listener: (reason: TransportCloseReason) => void): Unsubscribe;
  close(): Promise<void>;
  readonly isOpen: boolean;
}

/** Vendors whose scanners need feature report FE [01] to switch to HID-POS. */
export const HID_POS_MODE_VENDORS: readonly number[] = [0x0c2e, 0x23d0];
export const HID_POS_USAGE_PAGE = 0x8c;

interface HidAsyncLike {
  on(event: 'data', listener: (data: Buffer) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  close(): Promise<void>;
  sendFeatureReport(data: number[] | Buffer): Promise<number>;
}

export class NodeHidReportSource implements NodeHidReportSourceShape {
  private readonly reportListeners = new Listeners<Uint8Array>();
  private readonly closeListeners = new Listeners<TransportCloseReason>();
  private ended = false;

  constructor(
    private readonly device: HidAsyncLike,
    readonly description: string,
  ) {
    device.on('data', (data: Buffer) => {
      const report = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      this.reportListeners.emit(report);
    });
    device.on('error', () => void this.shutDown('disconnected'));
  }

  get isOpen(): boolean {
    return !this.ended;
  }

  onReport(listener: (report: Uint8Array) => void): Unsubscribe {
    return this.reportListeners.add(listener);
  }

  onClose(listener: (reason: TransportCloseReason) => void): Unsubscribe {
    return this.closeListeners.add(listener);
  }

  /** Fire-and-forget, as HidScanner expects; a failure is ignored (the scanner may not need it). */
  sendFeatureReport(data: Uint8Array): void {
    if (this.ended) return;
    void this.device.sendFeatureReport(Buffer.from(data)).catch(() => undefined);
  }

  close(): Promise<void> {
    return this.shutDown('closed-by-us');
  }

  private async shutDown(reason: TransportCloseReason): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    await this.device.close().catch(() => undefined);
    this.closeListeners.emit(reason);
  }
}

/**
 * Opens the first HID interface of vendorId:productId on the HID-POS usage page (0x8C), or else
 * the first interface of that device, and switches Honeywell/Youjie scanners into HID-POS mode.
 */
export async function openHidReportSource(vendorId: number, productId: number): Promise<NodeHidReportSource> {
  const description = `hid:${hex4(vendorId)}:${hex4(productId)}`;
  let hid: NodeHidModule;
  try {
    hid = await import('node-hid');
  } catch (error) {
    throw new TransportError('unavailable', `node-hid cannot be loaded: ${(error as Error).message}`);
  }
  const candidates = (await hid.devicesAsync(vendorId, productId)).filter((d) => d.path);
  const chosen = candidates.find((d) => d.usagePage === HID_POS_USAGE_PAGE) ?? candidates[0];
  if (!chosen?.path) throw new TransportError('unavailable', `no HID device ${description} is connected`);
  let device: Awaited<ReturnType<typeof hid.HIDAsync.open>>;
  try {
    device = await hid.HIDAsync.open(chosen.path);
  } catch (error) {
    throw new TransportError('unavailable', `cannot open ${description}: ${(error as Error).message}`);
  }
  if (HID_POS_MODE_VENDORS.includes(vendorId)) {
    await enterHidPosMode(device);
  }
  return new NodeHidReportSource(device, description);
}

/** Sends feature report FE [01] (enter HID-POS); returns whether the device accepted it. */
export async function enterHidPosMode(device: Pick<HidAsyncLike, 'sendFeatureReport'>): Promise<boolean> {
  try {
    await device.sendFeatureReport([0xfe, 0x01]);
    return true;
  } catch {
    return false;
  }
}

function hex4(n: number): string {
  return n.toString(16).padStart(4, '0');
}
