/**
 * Decodes a QR code (or a Code 128 barcode) from one camera frame with @zxing/library. Runs in the
 * camera worker (camera-decoder.worker.ts) so decoding stays off the main thread; plain enough to
 * run in Node for tests.
 *
 * Charset: QR byte mode carries no charset without an ECI, and ZXing's guess never picks GBK. The
 * reader is told to read byte segments as ISO-8859-1 (with a true Latin-1 decoder installed as
 * ZXing's custom decoder, a process-wide setting of the library), which keeps one character per byte; the bytes
 * are then decoded again with the scan order (strict UTF-8 → strict GB18030 → Latin-1) from
 * common/scan. When an ECI names a Unicode charset, ZXing's text has characters that cannot be
 * single bytes and is kept as it is.
 */
import {
  BarcodeFormat,
  BinaryBitmap,
  DecodeHintType,
  HybridBinarizer,
  MultiFormatReader,
  RGBLuminanceSource,
  ZXingStringEncoding,
} from '@zxing/library';
import { latin1Decode, redecodeSingleByteText } from '../../../../common/scan/decode-bytes';
import type { DecodedScan } from '../../../../common/scan/decode-bytes';

export interface ImageDataLike {
  /** RGBA, 4 bytes per pixel, row by row. */
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

let reader: MultiFormatReader | undefined;

/**
 * ZXing's own ISO-8859-1 path fails outside browsers (it goes through decodeURIComponent, which
 * throws on non-UTF-8 bytes) and is windows-1252 inside them; this decoder makes it true Latin-1,
 * one character per byte, everywhere. Other charsets (from an ECI) go to TextDecoder as before.
 */
function zxingDecode(bytes: Uint8Array, encodingName: string): string {
  const name = encodingName.toUpperCase().replace(/_/g, '-');
  if (name === 'ISO-8859-1' || name === 'ISO8859-1' || name === 'LATIN1') return latin1Decode(bytes);
  return new TextDecoder(encodingName).decode(bytes);
}

function getReader(): MultiFormatReader {
  if (reader === undefined) {
    ZXingStringEncoding.customDecoder = zxingDecode;
    const hints = new Map<DecodeHintType, unknown>();
    hints.set(DecodeHintType.POSSIBLE_FORMATS, [BarcodeFormat.QR_CODE, BarcodeFormat.CODE_128]);
    hints.set(DecodeHintType.TRY_HARDER, true);
    hints.set(DecodeHintType.CHARACTER_SET, 'ISO-8859-1');
    reader = new MultiFormatReader();
    reader.setHints(hints);
  }
  return reader;
}

/** Luminance (ITU-R BT.601 weights), transparent pixels taken as white. */
function toLuminance(image: ImageDataLike): Uint8ClampedArray {
  const { data, width, height } = image;
  const pixels = width * height;
  const out = new Uint8ClampedArray(pixels);
  for (let i = 0, p = 0; i < pixels; i += 1, p += 4) {
    const alpha = data[p + 3]!;
    const lum = (data[p]! * 306 + data[p + 1]! * 601 + data[p + 2]! * 117) >> 10;
    out[i] = alpha === 255 ? lum : (lum * alpha + 255 * (255 - alpha)) / 255;
  }
  return out;
}

function isValidImage(image: ImageDataLike): boolean {
  const { width, height, data } = image;
  return (
    Number.isInteger(width) &&
    Number.isInteger(height) &&
    width > 0 &&
    height > 0 &&
    width * height <= 16_777_216 &&
    data instanceof Uint8ClampedArray &&
    data.length >= width * height * 4
  );
}

/** The decoded text and how its bytes were read, or null when no code is found. */
export function decodeScanFromImageData(image: ImageDataLike): DecodedScan | null {
  if (!isValidImage(image)) return null;
  try {
    const source = new RGBLuminanceSource(toLuminance(image), image.width, image.height);
    const result = getReader().decodeWithState(new BinaryBitmap(new HybridBinarizer(source)));
    return redecodeSingleByteText(result.getText());
  } catch {
    // NotFoundException / ChecksumException / FormatException: nothing readable in this frame.
    return null;
  } finally {
    reader?.reset();
  }
}

/** The text of the QR code (or Code 128 barcode) in the frame, or null. */
export function decodeQrFromImageData(image: ImageDataLike): string | null {
  return decodeScanFromImageData(image)?.text ?? null;
}

/** A frame posted to the camera worker. */
export interface CameraFrameMessage {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

/** What the camera worker posts back for each frame. */
export type CameraDecodeReply = { text: string; encoding: DecodedScan['encoding'] } | { none: true };

/** The worker's whole job, separate from the worker wiring so it can be tested directly. */
export function handleCameraFrame(message: unknown): CameraDecodeReply {
  if (typeof message !== 'object' || message === null) return { none: true };
  const frame = message as Partial<CameraFrameMessage>;
  if (!(frame.data instanceof Uint8ClampedArray) || typeof frame.width !== 'number' || typeof frame.height !== 'number') {
    return { none: true };
  }
  const decoded = decodeScanFromImageData({ data: frame.data, width: frame.width, height: frame.height });
  return decoded === null ? { none: true } : { text: decoded.text, encoding: decoded.encoding };
}
