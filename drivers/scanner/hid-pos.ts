/**
 * HID-POS scanners (HID usage page 0x8C "Bar Code Scanner"): reassembles the scanned-data input
 * reports (report ID 0x02) into one payload.
 *
 * Report layout, offsets counting the report ID byte (Honeywell, Zebra, Datalogic):
 *   [0] report ID 0x02 · [1] number of data bytes in this report (0..56) · [2..4] AIM symbology
 *   identifier (`]Q1` for QR) · [5..60] data · [61..62] vendor symbology id · [63] ≠ 0: more reports
 *   follow for the same payload.
 * Some stacks deliver the report without its ID byte (everything at offset −1), and some devices
 * shift everything by +1. The layout is detected per report from where the AIM identifier (`]`)
 * sits, falling back to the report length (64 bytes: with ID; 63: without) and to the layout seen
 * last. Reports of another ID are ignored.
 *
 * Memory is bounded: a payload longer than `maxPayloadBytes` is dropped whole (never delivered cut
 * off), and the reports after it are discarded up to its last report.
 */

export const HID_POS_USAGE_PAGE = 0x8c;
/** Usage 0x02 on that page: Bar Code Scanner. */
export const HID_POS_USAGE_SCANNER = 0x02;
export const HID_POS_SCANNED_DATA_REPORT_ID = 0x02;
/** Feature report that switches Honeywell (VID 0C2E) and Youjie (VID 23D0) scanners into HID-POS mode. */
export const HID_POS_ENABLE_FEATURE_REPORT = Uint8Array.of(0xfe, 0x01);

const MAX_DATA_PER_REPORT = 56;
const AIM_FLAG = 0x5d; // ']'

/** A HID collection that is a HID-POS bar code scanner. */
export function isHidPosDevice(info: { usagePage?: number; usage?: number }): boolean {
  return info.usagePage === HID_POS_USAGE_PAGE;
}

export interface HidPosAssemblerOptions {
  /** Default 4096. */
  maxPayloadBytes?: number;
}

/** Offset of the length byte: 1 normally, 0 without the report ID byte, 2 for devices shifted by +1. */
type LengthOffset = 0 | 1 | 2;

export class HidPosAssembler {
  private readonly maxPayloadBytes: number;
  private readonly parts: Uint8Array[] = [];
  private collected = 0;
  private discarding = false;
  private lastOffset: LengthOffset | undefined;
  private aim: string | null = null;
  /** The AIM symbology identifier of the last payload returned (e.g. `]Q1`), if the reports had one. */
  lastSymbology: string | null = null;
  /** Payloads dropped for being too long since this assembler was created. */
  droppedPayloads = 0;

  constructor(options: HidPosAssemblerOptions = {}) {
    this.maxPayloadBytes = Math.max(1, Math.floor(options.maxPayloadBytes ?? 4096));
  }

  /** Feeds one input report; returns the payload when this report completes one, else null. */
  push(report: Uint8Array): Uint8Array | null {
    const offset = this.detectLayout(report);
    if (offset === undefined) return null;
    this.lastOffset = offset;

    const declared = report[offset] ?? 0;
    const dataStart = offset + 4;
    const available = Math.max(0, Math.min(report.length - dataStart, MAX_DATA_PER_REPORT));
    const count = Math.min(declared, available);
    const more = (report[offset + 62] ?? 0) !== 0;
    const aimBytes = report.subarray(offset + 1, offset + 4);
    if (this.parts.length === 0 && !this.discarding) {
      this.aim = aimBytes[0] === AIM_FLAG && aimBytes.length === 3 ? String.fromCharCode(...aimBytes) : null;
    }

    if (!this.discarding) {
      if (this.collected + count > this.maxPayloadBytes) {
        this.discarding = true;
        this.droppedPayloads += 1;
        this.parts.length = 0;
        this.collected = 0;
      } else if (count > 0) {
        this.parts.push(report.slice(dataStart, dataStart + count));
        this.collected += count;
      }
    }
    if (more) return null;
    if (this.discarding) {
      this.discarding = false;
      return null;
    }
    const payload = this.concat();
    this.lastSymbology = this.aim;
    return payload.length > 0 ? payload : null;
  }

  /** Forgets a payload in progress (a device that was unplugged half way through). */
  reset(): void {
    this.parts.length = 0;
    this.collected = 0;
    this.discarding = false;
  }

  private concat(): Uint8Array {
    const out = new Uint8Array(this.collected);
    let at = 0;
    for (const part of this.parts) {
      out.set(part, at);
      at += part.length;
    }
    this.parts.length = 0;
    this.collected = 0;
    return out;
  }

  private detectLayout(report: Uint8Array): LengthOffset | undefined {
    if (report.length < 2) return undefined;
    const plausible = (offset: LengthOffset): boolean =>
      report.length > offset + 1 &&
      report[offset + 1] === AIM_FLAG &&
      report[offset]! <= MAX_DATA_PER_REPORT &&
      (offset === 0 || report[0] === HID_POS_SCANNED_DATA_REPORT_ID);
    // Where the AIM identifier sits is the strongest evidence; prefer the layout seen last on ties.
    const candidates: LengthOffset[] = this.lastOffset === undefined ? [1, 0, 2] : [this.lastOffset, 1, 0, 2];
    for (const offset of candidates) if (plausible(offset)) return offset;
    // No AIM identifier (some devices send zeros there).
    if (report[0] === HID_POS_SCANNED_DATA_REPORT_ID && report.length >= 64) {
      return this.lastOffset === 2 && report.length >= 65 ? 2 : 1;
    }
    if (report.length === 63 || this.lastOffset === 0) return report[0]! <= MAX_DATA_PER_REPORT ? 0 : undefined;
    if (report[0] === HID_POS_SCANNED_DATA_REPORT_ID) return 1;
    return undefined;
  }
}
