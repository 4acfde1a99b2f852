/**
 * Real-time status (DLE EOT n, n = 1…4): one byte back per query. A valid reply satisfies
 * (b & 0x93) === 0x12; normal is 0x12.
 *
 *   n=1 printer:  bit 3 offline
 *   n=2 offline cause: bit 2 cover open, bit 5 paper-end stop, bit 6 error
 *   n=3 error cause:   bit 2 recoverable, bit 3 cutter, bit 5 unrecoverable, bit 6 auto-recoverable
 *   n=4 paper sensor:  bits 2+3 near end, bits 5+6 paper end
 */
import type { DeviceWarning, FaultCode } from '../../common/devices/status';

/** What the CLI prints as JSON: exactly these keys. */
export interface PrinterStatus {
  online: boolean;
  paperOut: boolean;
  paperNearEnd: boolean;
  coverOpen: boolean;
  error: boolean;
}

/** Error causes from DLE EOT 3, for telling a cutter jam from a board failure. */
export interface PrinterErrorDetail {
  recoverable: boolean;
  cutter: boolean;
  unrecoverable: boolean;
  autoRecoverable: boolean;
}

export interface PrinterStatusReport {
  status: PrinterStatus;
  errors: PrinterErrorDetail;
  /** The four reply bytes, n=1…4. */
  raw: [number, number, number, number];
}

export const STATUS_QUERIES: readonly Uint8Array[] = [1, 2, 3, 4].map((n) => Uint8Array.of(0x10, 0x04, n));

export function isValidStatusByte(b: number): boolean {
  return Number.isInteger(b) && b >= 0 && b <= 0xff && (b & 0x93) === 0x12;
}

export interface PrinterByteStatus { offline: boolean; drawerHigh: boolean; waitingForRecovery: boolean; feedButton: boolean }
export interface OfflineCauseStatus { coverOpen: boolean; feedingByButton: boolean; paperEndStop: boolean; error: boolean }
export interface PaperSensorStatus { nearEnd: boolean; paperEnd: boolean }

const bit = (b: number, n: number): boolean => (b & (1 << n)) !== 0;

/** DLE EOT 1. Null when the byte is not a valid status reply. */
export function parsePrinterStatusByte(b: number): PrinterByteStatus | null {
  if (!isValidStatusByte(b)) return null;
  return { drawerHigh: bit(b, 2), offline: bit(b, 3), waitingForRecovery: bit(b, 5), feedButton: bit(b, 6) };
}

/** DLE EOT 2. */
export function parseOfflineCauseByte(b: number): OfflineCauseStatus | null {
  if (!isValidStatusByte(b)) return null;
  return { coverOpen: bit(b, 2), feedingByButton: bit(b, 3), paperEndStop: bit(b, 5), error: bit(b, 6) };
}

/** DLE EOT 3. */
export function parseErrorCauseByte(b: number): PrinterErrorDetail | null {
  if (!isValidStatusByte(b)) return null;
  return { recoverable: bit(b, 2), cutter: bit(b, 3), unrecoverable: bit(b, 5), autoRecoverable: bit(b, 6) };
}

/** DLE EOT 4. Either bit of a pair counts (models differ in which one they set). */
export function parsePaperSensorByte(b: number): PaperSensorStatus | null {
  if (!isValidStatusByte(b)) return null;
  return { nearEnd: (b & 0x0c) !== 0, paperEnd: (b & 0x60) !== 0 };
}

/**
 * Combines the four replies (n=1…4). Throws a RangeError when a byte is not a valid status reply,
 * since guessing would let a job be sent to a printer in an unknown state.
 */
export function parseStatusReplies(replies: readonly number[]): PrinterStatusReport {
  if (replies.length !== 4) throw new RangeError(`expected 4 status bytes, got ${replies.length}`);
  const [b1, b2, b3, b4] = replies as [number, number, number, number];
  const printer = parsePrinterStatusByte(b1);
  const offline = parseOfflineCauseByte(b2);
  const errors = parseErrorCauseByte(b3);
  const paper = parsePaperSensorByte(b4);
  if (!printer || !offline || !errors || !paper) {
    throw new RangeError(`invalid status reply ${replies.map((b) => hex(b)).join(' ')}`);
  }
  const anyError = offline.error || errors.recoverable || errors.cutter || errors.unrecoverable || errors.autoRecoverable;
  return {
    status: {
      online: !printer.offline,
      paperOut: offline.paperEndStop || paper.paperEnd,
      paperNearEnd: paper.nearEnd || paper.paperEnd,
      coverOpen: offline.coverOpen,
      error: anyError,
    },
    errors,
    raw: [b1, b2, b3, b4],
  };
}

export interface StatusAssessment {
  /** The fault that stops printing, or null when the printer can print. */
  fault: FaultCode | null;
  warnings: DeviceWarning[];
}

/**
 * The device-model view of a status. Order matters: an open cover also stops the paper sensor, so
 * it is reported first; then paper; then errors (a cutter error usually means paper jammed at the
 * cutter, which staff can clear); an answered "offline" with no cause → not-responding.
 * Without the DLE EOT 3 detail, an error is reported as printer-recoverable-error (staff look first).
 */
export function statusToFault(status: PrinterStatus, errors?: PrinterErrorDetail): StatusAssessment {
  const warnings: DeviceWarning[] = status.paperNearEnd && !status.paperOut ? ['paper-near-end'] : [];
  let fault: FaultCode | null = null;
  if (status.coverOpen) fault = 'cover-open';
  else if (status.paperOut) fault = 'paper-out';
  else if (status.error || (errors && (errors.cutter || errors.unrecoverable || errors.recoverable || errors.autoRecoverable))) {
    if (errors?.unrecoverable) fault = 'printer-unrecoverable-error';
    else if (errors?.cutter) fault = 'cutter-error';
    else fault = 'printer-recoverable-error';
  } else if (!status.online) fault = 'not-responding';
  return { fault, warnings };
}

/** Normal status bytes for n=1…4. */
export const NORMAL_STATUS_BYTES: readonly number[] = [0x12, 0x12, 0x12, 0x12];

function hex(b: number): string {
  return (b & 0xff).toString(16).padStart(2, '0').toUpperCase();
}
