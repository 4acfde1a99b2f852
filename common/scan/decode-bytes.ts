/**
 * Turning the raw bytes of a scanned code into text. Pure (only the standard TextDecoder, which the
 * page and Node 20 with full ICU both provide), shared by the drivers and the camera decoder.
 *
 * QR byte mode carries no charset unless an ECI is present, and Chinese producers use either UTF-8
 * or GBK/GB18030, so the order is: strict UTF-8 → strict GB18030 → Latin-1 (which never fails).
 * Pure ASCII is valid UTF-8 and reports 'utf-8'.
 */

export const SCAN_ENCODINGS = ['utf-8', 'gb18030', 'latin1'] as const;
export type ScanEncoding = (typeof SCAN_ENCODINGS)[number];

export interface DecodedScan {
  text: string;
  encoding: ScanEncoding;
}

interface StrictDecoder {
  decode(input: Uint8Array): string;
}
type DecoderConstructor = new (label: string, options: { fatal: boolean }) => StrictDecoder;

// common/ is compiled without DOM or Node typings, so the global is reached through globalThis.
const TextDecoderCtor = (globalThis as unknown as { TextDecoder: DecoderConstructor }).TextDecoder;

let utf8Decoder: StrictDecoder | undefined;
let gbDecoder: StrictDecoder | null | undefined;

function strictUtf8(): StrictDecoder {
  utf8Decoder ??= new TextDecoderCtor('utf-8', { fatal: true });
  return utf8Decoder;
}

/** null when the runtime lacks the gb18030 decoder (small-ICU builds): then Latin-1 is the fallback. */
function strictGb18030(): StrictDecoder | null {
  if (gbDecoder === undefined) {
    try {
      gbDecoder = new TextDecoderCtor('gb18030', { fatal: true });
    } catch {
      gbDecoder = null;
    }
  }
  return gbDecoder;
}

function tryDecode(decoder: StrictDecoder | null, bytes: Uint8Array): string | undefined {
  if (decoder === null) return undefined;
  try {
    return decoder.decode(bytes);
  } catch {
    return undefined;
  }
}

/** ISO-8859-1 proper (every byte is the code point of the same value; not windows-1252). */
export function latin1Decode(bytes: Uint8Array): string {
  let out = '';
  const CHUNK = 4096;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    out += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return out;
}

/** Strict UTF-8, else strict GB18030, else Latin-1. Never throws. */
export function decodeScanBytes(bytes: Uint8Array): DecodedScan {
  const utf8 = tryDecode(strictUtf8(), bytes);
  if (utf8 !== undefined) return { text: utf8, encoding: 'utf-8' };
  const gb = tryDecode(strictGb18030(), bytes);
  if (gb !== undefined) return { text: gb, encoding: 'gb18030' };
  return { text: latin1Decode(bytes), encoding: 'latin1' };
}

/**
 * windows-1252 code points for bytes 0x80–0x9F. Browsers decode the label "ISO-8859-1" as
 * windows-1252, so text that a library decoded "as ISO-8859-1" may hold these instead of U+0080–U+009F.
 */
const CP1252_HIGH: Readonly<Record<number, number>> = {
  0x20ac: 0x80, 0x201a: 0x82, 0x0192: 0x83, 0x201e: 0x84, 0x2026: 0x85, 0x2020: 0x86, 0x2021: 0x87,
  0x02c6: 0x88, 0x2030: 0x89, 0x0160: 0x8a, 0x2039: 0x8b, 0x0152: 0x8c, 0x017d: 0x8e, 0x2018: 0x91,
  0x2019: 0x92, 0x201c: 0x93, 0x201d: 0x94, 0x2022: 0x95, 0x2013: 0x96, 0x2014: 0x97, 0x02dc: 0x98,
  0x2122: 0x99, 0x0161: 0x9a, 0x203a: 0x9b, 0x0153: 0x9c, 0x017e: 0x9e, 0x0178: 0x9f,
};

/**
 * The bytes behind a string that was decoded one byte per character (ISO-8859-1, or windows-1252 as
 * browsers do for that label). undefined when a character cannot have come from a single byte, i.e.
 * the text was really decoded with a multi-byte charset (an ECI said so) and must be kept as it is.
 */
export function singleByteTextToBytes(text: string): Uint8Array | undefined {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code <= 0xff) bytes[i] = code;
    else {
      const byte = CP1252_HIGH[code];
      if (byte === undefined) return undefined;
      bytes[i] = byte;
    }
  }
  return bytes;
}

/**
 * Re-reads text that a decoder produced one byte per character with the scan charset order, so
 * GB18030 or UTF-8 content that was taken for Latin-1 comes out right. Text that cannot be mapped
 * back to bytes is returned unchanged as 'utf-8' (it was decoded from a declared Unicode charset).
 */
export function redecodeSingleByteText(text: string): DecodedScan {
  const bytes = singleByteTextToBytes(text);
  if (bytes === undefined) return { text, encoding: 'utf-8' };
  return decodeScanBytes(bytes);
}
