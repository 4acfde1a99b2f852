/**
 * The 16-byte SAM identifier answered to 12 FF, and its printed form.
 * Format (single public source, HslCommunication): `AA.BB-C-DDDDDDDDD-EEEEEEEEE` where AA is data
 * byte 0, BB data byte 2 (two digits each), and C, D, E are little-endian uint32 at data offsets
 * 4, 8 and 12 (D and E zero-padded to nine digits).
 */

export const SAM_ID_LENGTH = 16;

function u32le(bytes: Uint8Array, offset: number): number {
  return (bytes[offset]! | (bytes[offset + 1]! << 8) | (bytes[offset + 2]! << 16)) + bytes[offset + 3]! * 0x1000000;
}

export function formatSamId(data: Uint8Array): string {
  if (data.length < SAM_ID_LENGTH) throw new RangeError(`a SAM id has ${SAM_ID_LENGTH} bytes`);
  const d2 = (n: number) => String(n).padStart(2, '0');
  const d9 = (n: number) => String(n).padStart(9, '0');
  return `${d2(data[0]!)}.${d2(data[2]!)}-${u32le(data, 4)}-${d9(u32le(data, 8))}-${d9(u32le(data, 12))}`;
}

/** The inverse of formatSamId (for the simulator). */
export function encodeSamId(text: string): Uint8Array {
  const m = /^(\d{1,3})\.(\d{1,3})-(\d{1,10})-(\d{1,10})-(\d{1,10})$/.exec(text);
  if (!m) throw new RangeError('SAM id must look like 05.01-20250101-000000001-123456789');
  const [a, b, c, d, e] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (a > 255 || b > 255 || c > 0xffffffff || d > 0xffffffff || e > 0xffffffff) throw new RangeError('SAM id part out of range');
  const out = new Uint8Array(SAM_ID_LENGTH);
  out[0] = a;
  out[2] = b;
  const view = new DataView(out.buffer);
  view.setUint32(4, c, true);
  view.setUint32(8, d, true);
  view.setUint32(12, e, true);
  return out;
}
