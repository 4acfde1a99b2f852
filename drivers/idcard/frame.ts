/**
 * GA 467-2013 "SAM_V" frame codec.
 *
 *   command:  AA AA AA 96 69 | LEN_H LEN_L | CMD PARA | DATA… | CHK
 *   response: AA AA AA 96 69 | LEN_H LEN_L | SW1 SW2 SW3 | DATA… | CHK
 *
 * LEN (big-endian) counts every byte after the LEN field, CHK included. CHK is the XOR of every
 * byte from LEN_H up to the last data byte. Several public implementations carry wrong checksums
 * (e.g. `…200121`), so the unit tests pin every command frame against values computed by hand.
 *
 * Pure protocol code: Uint8Array only, no Node APIs.
 */

export const PREAMBLE: readonly number[] = [0xaa, 0xaa, 0xaa, 0x96, 0x69];
/** Preamble (5) + LEN (2). */
export const HEADER_LENGTH = 7;
/**
 * Largest frame the decoder accepts. The biggest real response is text + photo + a 1024-byte
 * fingerprint: 2321 bytes. Anything announcing more is garbage that happens to contain a preamble.
 */
export const DEFAULT_MAX_FRAME_LENGTH = 4096;
/** Smallest LEN that can be meaningful: CMD PARA CHK for a command (a response needs 4). */
const MIN_LEN = 3;

/** CMD/PARA pairs of the SAM_V commands this driver uses. */
export const SAM_COMMANDS = {
  reset: { cmd: 0x10, para: 0xff },
  samStatus: { cmd: 0x11, para: 0xff },
  samId: { cmd: 0x12, para: 0xff },
  find: { cmd: 0x20, para: 0x01 },
  select: { cmd: 0x20, para: 0x02 },
  readTextPhoto: { cmd: 0x30, para: 0x01 },
  readAppendedAddress: { cmd: 0x30, para: 0x03 },
  readTextPhotoFingerprint: { cmd: 0x30, para: 0x10 },
} as const satisfies Record<string, { cmd: number; para: number }>;
export type SamCommandName = keyof typeof SAM_COMMANDS;

/** XOR of all bytes in `bytes[start, end)`. */
export function xorChecksum(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let x = 0;
  for (let i = start; i < end; i += 1) x ^= bytes[i]!;
  return x;
}

function checkByte(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xff) throw new RangeError(`${name} must be a byte, got ${value}`);
}

/** Wraps a payload (the bytes between LEN and CHK) into a complete frame. */
export function encodeFrame(payload: Uint8Array): Uint8Array {
  const len = payload.length + 1;
  if (len > 0xffff) throw new RangeError(`payload too long for a SAM frame: ${payload.length} bytes`);
  const frame = new Uint8Array(HEADER_LENGTH + len);
  frame.set(PREAMBLE, 0);
  frame[5] = len >> 8;
  frame[6] = len & 0xff;
  frame.set(payload, HEADER_LENGTH);
  frame[frame.length - 1] = xorChecksum(frame, 5, frame.length - 1);
  return frame;
}

/** A host → reader command frame. */
export function encodeCommand(cmd: number, para: number, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  checkByte('cmd', cmd);
  checkByte('para', para);
  const payload = new Uint8Array(2 + data.length);
  payload[0] = cmd;
  payload[1] = para;
  payload.set(data, 2);
  return encodeFrame(payload);
}

/** A reader → host response frame (used by the simulator and the tests). */
export function encodeResponse(sw1: number, sw2: number, sw3: number, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  checkByte('sw1', sw1);
  checkByte('sw2', sw2);
  checkByte('sw3', sw3);
  const payload = new Uint8Array(3 + data.length);
  payload[0] = sw1;
  payload[1] = sw2;
  payload[2] = sw3;
  payload.set(data, 3);
  return encodeFrame(payload);
}

export type DecodedFrame =
  /** A frame whose checksum matched. `payload` is everything between LEN and CHK. */
  | { kind: 'frame'; payload: Uint8Array }
  /** A complete frame whose checksum did not match; it was dropped and the decoder resynchronised. */
  | { kind: 'checksum-error'; expected: number; actual: number; length: number }
  /** A preamble followed by an impossible LEN (too small or above the maximum); skipped as garbage. */
  | { kind: 'length-error'; length: number };

export interface SamResponse {
  sw1: number;
  sw2: number;
  sw3: number;
  data: Uint8Array;
}

/** Reads a response payload (SW1 SW2 SW3 DATA…); undefined when it is too short to be one. */
export function parseResponsePayload(payload: Uint8Array): SamResponse | undefined {
  if (payload.length < 3) return undefined;
  return { sw1: payload[0]!, sw2: payload[1]!, sw3: payload[2]!, data: payload.subarray(3) };
}

/** Reads a command payload (CMD PARA DATA…); undefined when it is too short to be one. */
export function parseCommandPayload(payload: Uint8Array): { cmd: number; para: number; data: Uint8Array } | undefined {
  if (payload.length < 2) return undefined;
  return { cmd: payload[0]!, para: payload[1]!, data: payload.subarray(2) };
}

/**
 * Incremental decoder for a byte stream that may be split anywhere, carry garbage, or be corrupt.
 *
 * - Garbage before a preamble is dropped; a trailing partial preamble is kept for the next push.
 * - After a checksum or length error the decoder resumes the search one byte after the rejected
 *   preamble, so a real frame hidden behind a corrupted header is still found.
 * - The internal buffer never holds more than `maxFrameLength` bytes once `push` returns: an
 *   incomplete frame is at most that long, and anything else is garbage and is discarded.
 */
export class FrameDecoder {
  private buffer = new Uint8Array(0);
  readonly maxFrameLength: number;

  constructor(options: { maxFrameLength?: number } = {}) {
    this.maxFrameLength = options.maxFrameLength ?? DEFAULT_MAX_FRAME_LENGTH;
    if (this.maxFrameLength < HEADER_LENGTH + MIN_LEN) throw new RangeError('maxFrameLength is too small');
  }

  /** Bytes held back waiting for the rest of a frame (for tests and diagnostics). */
  get bufferedLength(): number {
    return this.buffer.length;
  }

  /** Forgets any partial frame (the reader does this before each command: stale bytes are garbage). */
  reset(): void {
    this.buffer = new Uint8Array(0);
  }

  push(bytes: Uint8Array): DecodedFrame[] {
    const out: DecodedFrame[] = [];
    let buf: Uint8Array;
    if (this.buffer.length === 0) buf = bytes;
    else {
      buf = new Uint8Array(this.buffer.length + bytes.length);
      buf.set(this.buffer, 0);
      buf.set(bytes, this.buffer.length);
    }
    let pos = 0;
    for (;;) {
      const start = findPreamble(buf, pos);
      if (start < 0) {
        pos = Math.max(pos, buf.length - partialPreambleSuffix(buf, pos));
        break;
      }
      pos = start;
      if (buf.length - pos < HEADER_LENGTH) break;
      const len = (buf[pos + 5]! << 8) | buf[pos + 6]!;
      const total = HEADER_LENGTH + len;
      if (len < MIN_LEN || total > this.maxFrameLength) {
        out.push({ kind: 'length-error', length: len });
        pos += 1;
        continue;
      }
      if (buf.length - pos < total) break;
      const expected = xorChecksum(buf, pos + 5, pos + total - 1);
      const actual = buf[pos + total - 1]!;
      if (expected !== actual) {
        out.push({ kind: 'checksum-error', expected, actual, length: total });
        pos += 1;
        continue;
      }
      out.push({ kind: 'frame', payload: buf.slice(pos + HEADER_LENGTH, pos + total - 1) });
      pos += total;
    }
    // Keep only what may still become a frame; copy so the caller's array is never retained.
    this.buffer = buf.slice(pos);
    return out;
  }
}

function findPreamble(buf: Uint8Array, from: number): number {
  const last = buf.length - PREAMBLE.length;
  outer: for (let i = from; i <= last; i += 1) {
    for (let j = 0; j < PREAMBLE.length; j += 1) if (buf[i + j] !== PREAMBLE[j]) continue outer;
    return i;
  }
  return -1;
}

/** Length of the longest suffix of `buf[from…]` that is a proper prefix of the preamble. */
function partialPreambleSuffix(buf: Uint8Array, from: number): number {
  const max = Math.min(PREAMBLE.length - 1, buf.length - from);
  for (let n = max; n > 0; n -= 1) {
    let match = true;
    for (let j = 0; j < n; j += 1) {
      if (buf[buf.length - n + j] !== PREAMBLE[j]) {
        match = false;
        break;
      }
    }
    if (match) return n;
  }
  return 0;
}

/** Hex without spaces, upper case (for logs and tests; frames never carry personal data in the header). */
export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s.toUpperCase();
}

export function fromHex(hex: string): Uint8Array {
  const clean = hex.replace(/\s+/g, '');
  if (clean.length % 2 !== 0 || /[^0-9a-fA-F]/.test(clean)) throw new Error('invalid hex string');
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i += 1) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}
