/**
 * GB18030 helpers shared by the builder, the templates and the simulator.
 *
 * A Chinese ESC/POS printer lays text out on a fixed grid: a one-byte (ASCII) character takes one
 * column (12 dots in font A) and a two-byte character takes two (24 dots). So the printer's notion
 * of "display width" is simply the GB18030 byte length, which also handles full-width punctuation
 * such as “ ” — · that a Unicode East-Asian-width table would count as narrow.
 * Four-byte codes are not printable on GBK/GB2312 firmware and are rasterised instead; they take
 * two columns on paper.
 */
import iconv from 'iconv-lite';

const byteLengthCache = new Map<number, number>();

/** GB18030 byte length (1, 2 or 4) of one Unicode code point. */
export function gb18030Length(codePoint: number): 1 | 2 | 4 {
  if (codePoint < 0x80) return 1;
  if (codePoint > 0xffff) return 4;
  const cached = byteLengthCache.get(codePoint);
  if (cached !== undefined) return cached as 1 | 2 | 4;
  const length = iconv.encode(String.fromCodePoint(codePoint), 'gb18030').length;
  const result: 1 | 2 | 4 = length === 1 ? 1 : length === 2 ? 2 : 4;
  if (byteLengthCache.size < 20_000) byteLengthCache.set(codePoint, result);
  return result;
}

/** True when the character needs a four-byte GB18030 code (rare name characters, emoji, …). */
export function isFourByteChar(char: string): boolean {
  const cp = char.codePointAt(0);
  return cp !== undefined && gb18030Length(cp) === 4;
}

/** Columns one character occupies on the printer's grid at normal size: 1 for one-byte codes, else 2. */
export function charColumns(char: string): 1 | 2 {
  const cp = char.codePointAt(0);
  if (cp === undefined) return 1;
  return gb18030Length(cp) === 1 ? 1 : 2;
}

/** Display width of a string in printer columns (CJK and other multi-byte characters count 2). */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += charColumns(char);
  return width;
}

/** Encodes text as GB18030 bytes (Uint8Array, not Buffer). */
export function encodeGb18030(text: string): Uint8Array {
  const buffer = iconv.encode(text, 'gb18030');
  return new Uint8Array(buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength));
}

/** Decodes GB18030 bytes; invalid sequences become U+FFFD. */
export function decodeGb18030(bytes: Uint8Array): string {
  return iconv.decode(bytes, 'gb18030');
}

/** Replaces control characters (which could inject printer commands) with nothing, tabs with a space. */
export function sanitizeText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\t/g, ' ').replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/g, '');
}
