/**
 * SW3 status codes of the SAM_V protocol and the driver's error type.
 *
 * Each failure code is mapped to the SamErrorCode that decides who must act (see
 * common/devices/status.ts): `no-card`/`read-failed`/`unsupported-card` go to the citizen,
 * `sam-fault`/`protocol`/`port-unavailable` to a technician. The reasoning for every code is in the
 * comment next to it.
 */

export type SamErrorCode =
  | 'no-card'
  | 'timeout'
  | 'checksum'
  | 'read-failed'
  | 'sam-fault'
  | 'unsupported-card'
  | 'port-unavailable'
  | 'protocol';

export const SAM_ERROR_CODES: readonly SamErrorCode[] = [
  'no-card',
  'timeout',
  'checksum',
  'read-failed',
  'sam-fault',
  'unsupported-card',
  'port-unavailable',
  'protocol',
];

export class SamError extends Error {
  readonly code: SamErrorCode;
  /** The SW3 byte the reader answered, when the error came from a status code. */
  readonly sw3?: number;

  constructor(code: SamErrorCode, message: string, options: { sw3?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SamError';
    this.code = code;
    if (options.sw3 !== undefined) this.sw3 = options.sw3;
  }
}

export function isSamError(value: unknown): value is SamError {
  return value instanceof SamError;
}

/** SW3 values that mean success. */
export const SW3_OK = 0x90;
export const SW3_FIND_OK = 0x9f;
export const SW3_NO_CONTENT = 0x91;

export const SW3_SUCCESS: Readonly<Record<number, string>> = {
  [SW3_OK]: 'OK',
  [SW3_FIND_OK]: 'Find OK (card present)',
  [SW3_NO_CONTENT]: 'No content for this item (e.g. no appended address)',
};

/** Every failing SW3 of GA 467 with the driver's classification and a technician-facing message. */
export const SW3_ERRORS: Readonly<Record<number, { code: SamErrorCode; message: string }>> = {
  // The reader received our frame corrupted. Transient line noise: retried like our own checksum errors.
  0x10: { code: 'checksum', message: 'Reader reports a checksum error in the command frame' },
  // The reader rejected our LEN: host and reader disagree on framing (wrong driver or firmware).
  0x11: { code: 'protocol', message: 'Reader reports a length error in the command frame' },
  // We only send well-formed GA 467 commands, so a rejection means a module that is not a
  // conforming SAM_V or lacks the function (e.g. fingerprints): a technician must look.
  0x21: { code: 'sam-fault', message: 'Reader reports a command error (unsupported or malformed command)' },
  0x23: { code: 'sam-fault', message: 'Reader reports an unauthorised operation' },
  0x24: { code: 'sam-fault', message: 'Reader reports an unrecognised error' },
  // Card and SAM failed mutual authentication or verification. By far the most common cause is a
  // card moved during the exchange; re-presenting it usually works, so the citizen acts first.
  0x31: { code: 'read-failed', message: 'Card failed to authenticate the SAM' },
  0x32: { code: 'read-failed', message: 'SAM failed to authenticate the card' },
  0x33: { code: 'read-failed', message: 'Information verification error' },
  // Something answered the RF field but it is not an identity card (bank card, transit card…).
  0x40: { code: 'unsupported-card', message: 'Unrecognised card type' },
  0x41: { code: 'read-failed', message: 'Read failed' },
  0x47: { code: 'read-failed', message: 'Random number generation failed' },
  // The security module itself is broken or not licensed: only a technician can fix it.
  0x60: { code: 'sam-fault', message: 'SAM self-test failed' },
  0x66: { code: 'sam-fault', message: 'SAM not authorised' },
  // Normal answer to "find" when nothing is on the reader.
  0x80: { code: 'no-card', message: 'Find failed (no card)' },
  // A card was found but could not be selected: it moved or left; the citizen re-presents it.
  0x81: { code: 'read-failed', message: 'Select failed' },
};

export type Sw3Info = { ok: true; sw3: number; message: string } | { ok: false; sw3: number; code: SamErrorCode; message: string };

/** Classifies any SW3 byte; unknown values are protocol errors (a reader speaking something else). */
export function describeSw3(sw3: number): Sw3Info {
  const success = SW3_SUCCESS[sw3];
  if (success !== undefined) return { ok: true, sw3, message: success };
  const error = SW3_ERRORS[sw3];
  if (error !== undefined) return { ok: false, sw3, code: error.code, message: error.message };
  return { ok: false, sw3, code: 'protocol', message: `Unknown status SW3=${hexByte(sw3)}` };
}

/** The SamError for a failing SW3, prefixed with the command that failed. */
export function samErrorFromSw3(sw3: number, command?: string): SamError {
  const info = describeSw3(sw3);
  const code: SamErrorCode = info.ok ? 'protocol' : info.code;
  const text = info.ok ? `Unexpected status ${info.message}` : info.message;
  return new SamError(code, `${command === undefined ? '' : `${command}: `}${text} (SW3=${hexByte(sw3)})`, { sw3 });
}

export function hexByte(value: number): string {
  return value.toString(16).toUpperCase().padStart(2, '0');
}
