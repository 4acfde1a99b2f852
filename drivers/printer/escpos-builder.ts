/**
 * ESC/POS command builder for Chinese thermal receipt printers (80 mm and 58 mm heads, 203 dpi).
 *
 * Text is sent in Chinese mode (FS &) as GB18030. Many printers are GBK- or even GB2312-only, so any
 * character whose GB18030 code is four bytes (rare name characters such as 𠮷, emoji, …) cannot be
 * sent as text: the whole line that contains it is rasterised with the injected GlyphRasterizer and
 * sent as a raster image (GS v 0) instead. Without a rasterizer such characters are replaced with '?'.
 *
 * Text is buffered per line, because a raster image can only start at the beginning of a line: the
 * builder decides at the line end (newline(), line(), or before any QR/barcode/image/feed/cut) how
 * to send it. Control characters in text are removed, so data from citizens can never inject
 * printer commands.
 */
import type { MonoBitmap } from './bitmap';
import { createBitmap, inkWidth, placeBitmap, sliceRows, stretchBitmapX } from './bitmap';
import { charColumns, displayWidth, encodeGb18030, isFourByteChar, sanitizeText } from './gb18030';

export type { MonoBitmap } from './bitmap';

export interface GlyphRasterizer {
  /** Renders `text` on one line, `heightDots` tall; the bitmap may be as wide as the text needs. */
  rasterize(text: string, heightDots: number): MonoBitmap;
}

export type PaperWidth = 80 | 58;
export type Alignment = 'left' | 'center' | 'right';
export type QrErrorCorrection = 'L' | 'M' | 'Q' | 'H';
export type CutMode = 'full' | 'partial';

export interface PaperGeometry {
  /** Printable dots per line. */
  dots: number;
  /** Bytes per raster row (xL + 256·xH of GS v 0). */
  bytesPerRow: number;
  /** Columns of font A (12 × 24 dots) at normal size; a CJK character takes two. */
  columns: number;
}

export const PAPER: Readonly<Record<PaperWidth, PaperGeometry>> = {
  80: { dots: 576, bytesPerRow: 72, columns: 48 },
  58: { dots: 384, bytesPerRow: 48, columns: 32 },
};

/** Height of a normal-size text line in dots: 24-dot characters plus the default line spacing. */
export const TEXT_LINE_DOTS = 30;
/** Height of font A characters in dots. */
export const CHAR_HEIGHT_DOTS = 24;
/** Raster images are sent in bands of at most this many rows (some models accept very few rows per command). */
export const RASTER_BAND_ROWS = 24;
/** Largest payload the QR store function accepts (bytes). */
export const QR_MAX_BYTES = 7089;

export const ESC = 0x1b;
export const FS = 0x1c;
export const GS = 0x1d;
export const DLE = 0x10;
export const LF = 0x0a;

const ECC_CODE: Record<QrErrorCorrection, number> = { L: 0x30, M: 0x31, Q: 0x32, H: 0x33 };
const ALIGN_CODE: Record<Alignment, number> = { left: 0, center: 1, right: 2 };

export interface EscPosBuilderOptions {
  paperWidth: PaperWidth;
  rasterizer?: GlyphRasterizer;
}

export interface QrOptions {
  /** Module size in dots, 1–16 (default 6 on 80 mm, 5 on 58 mm). */
  moduleSize?: number;
  /** Error correction level (default 'M'). */
  ecc?: QrErrorCorrection;
}

export interface BarcodeOptions {
  /** Bar height in dots, 1–255 (default 80). */
  height?: number;
  /** Module width in dots, 2–6 (default 2). */
  moduleWidth?: number;
  /** Print the human-readable text below the bars (default true). */
  hri?: boolean;
}

type PendingItem = { kind: 'text'; text: string } | { kind: 'command'; bytes: number[] };

export class EscPosBuilder {
  readonly paperWidth: PaperWidth;
  readonly geometry: PaperGeometry;
  private readonly rasterizer: GlyphRasterizer | undefined;
  private readonly chunks: Uint8Array[] = [];
  private pending: PendingItem[] = [];
  private chineseMode = false;
  private alignment: Alignment = 'left';
  private widthMul = 1;
  private heightMul = 1;

  constructor(options: EscPosBuilderOptions) {
    if (options.paperWidth !== 80 && options.paperWidth !== 58) throw new RangeError(`paperWidth must be 80 or 58, not ${String(options.paperWidth)}`);
    this.paperWidth = options.paperWidth;
    this.geometry = PAPER[options.paperWidth];
    this.rasterizer = options.rasterizer;
  }

  /** Columns available per line at the current character width. */
  get columns(): number {
    return Math.floor(this.geometry.columns / this.widthMul);
  }

  /** ESC @ (reset), then FS & (Chinese mode). */
  init(): this {
    this.pending = [];
    this.emit([ESC, 0x40, FS, 0x26]);
    this.chineseMode = true;
    this.alignment = 'left';
    this.widthMul = 1;
    this.heightMul = 1;
    return this;
  }

  /** Adds text to the current line; '\n' ends the line. Control characters are dropped. */
  text(s: string): this {
    const parts = sanitizeText(s).split('\n');
    parts.forEach((part, index) => {
      if (index > 0) this.newline();
      if (part.length > 0) this.pending.push({ kind: 'text', text: part });
    });
    return this;
  }

  /** Prints the current line and feeds; n > 1 adds blank lines. */
  newline(n = 1): this {
    const count = clampInt(n, 0, 255, 'newline count');
    if (count === 0) return this;
    this.flushLine();
    for (let i = 1; i < count; i++) this.emit([LF]);
    return this;
  }

  /** text(s) then newline(). */
  line(s = ''): this {
    return this.text(s).newline();
  }

  /** ESC a n. Takes effect from the start of a line, as on the printer. */
  align(alignment: Alignment): this {
    if (!(alignment in ALIGN_CODE)) throw new RangeError(`unknown alignment ${String(alignment)}`);
    this.alignment = alignment;
    this.command([ESC, 0x61, ALIGN_CODE[alignment]]);
    return this;
  }

  /** ESC E n. */
  bold(on: boolean): this {
    this.command([ESC, 0x45, on ? 1 : 0]);
    return this;
  }

  /** GS ! n with n = ((w−1) << 4) | (h−1); applies to Chinese characters too. */
  size(widthMul: number, heightMul: number): this {
    const w = clampInt(widthMul, 1, 8, 'width multiplier');
    const h = clampInt(heightMul, 1, 8, 'height multiplier');
    this.widthMul = w;
    this.heightMul = h;
    this.command([GS, 0x21, ((w - 1) << 4) | (h - 1)]);
    return this;
  }

  /** QR code, model 2, stored as UTF-8 (pL/pH count bytes, not UTF-16 units), then printed. */
  qr(data: string, options: QrOptions = {}): this {
    const payload = new TextEncoder().encode(data);
    if (payload.length === 0) throw new RangeError('QR data is empty');
    if (payload.length > QR_MAX_BYTES) throw new RangeError(`QR data is ${payload.length} bytes; at most ${QR_MAX_BYTES}`);
    const moduleSize = clampInt(options.moduleSize ?? (this.paperWidth === 80 ? 6 : 5), 1, 16, 'QR module size');
    const ecc = options.ecc ?? 'M';
    if (!(ecc in ECC_CODE)) throw new RangeError(`unknown QR error correction ${String(ecc)}`);
    this.flushLine(false);
    const storeLength = payload.length + 3;
    this.emit([GS, 0x28, 0x6b, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00]); // fn 165: model 2
    this.emit([GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x43, moduleSize]); // fn 167: module size
    this.emit([GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x45, ECC_CODE[ecc]]); // fn 169: error correction
    this.emit([GS, 0x28, 0x6b, storeLength & 0xff, storeLength >> 8, 0x31, 0x50, 0x30]); // fn 180: store
    this.chunks.push(payload);
    this.emit([GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30]); // fn 181: print
    return this;
  }

  /**
   * CODE128 (GS k 73 n, code set B: "{B" prefix). Printable ASCII only; a '{' in the data is sent
   * as "{{" as the command requires.
   */
  barcode128(data: string, options: BarcodeOptions = {}): this {
    if (data.length === 0) throw new RangeError('barcode data is empty');
    const bytes: number[] = [0x7b, 0x42];
    for (const char of data) {
      const code = char.charCodeAt(0);
      if (char.length !== 1 || code < 0x20 || code > 0x7e) throw new RangeError(`CODE128 set B cannot encode ${JSON.stringify(char)}`);
      bytes.push(code);
      if (code === 0x7b) bytes.push(0x7b);
    }
    if (bytes.length > 255) throw new RangeError('barcode data too long');
    const height = clampInt(options.height ?? 80, 1, 255, 'barcode height');
    const moduleWidth = clampInt(options.moduleWidth ?? 2, 2, 6, 'barcode module width');
    this.flushLine(false);
    this.emit([GS, 0x68, height, GS, 0x77, moduleWidth, GS, 0x48, options.hri === false ? 0 : 2]);
    this.emit([GS, 0x6b, 0x49, bytes.length, ...bytes]);
    return this;
  }

  /**
   * Prints a bitmap with GS v 0, in bands of RASTER_BAND_ROWS rows. Every band is a full paper row
   * wide (72 bytes on 80 mm, 48 on 58 mm): the bitmap is placed according to the current alignment,
   * and cropped if wider than the paper.
   */
  raster(bitmap: MonoBitmap): this {
    validateBitmap(bitmap);
    this.flushLine(false);
    this.emitRaster(bitmap, bitmap.widthBytes * 8);
    return this;
  }

  /** ESC d n: prints the current line and feeds n lines. */
  feed(lines: number): this {
    const n = clampInt(lines, 0, 255, 'feed lines');
    this.flushLine(false);
    this.emit([ESC, 0x64, n]);
    return this;
  }

  /** GS V 0 (full) or GS V 1 (partial). Feed enough paper first (feed(4)): the cutter sits above the head. */
  cut(mode: CutMode = 'partial'): this {
    this.flushLine(false);
    this.emit([GS, 0x56, mode === 'full' ? 0x00 : 0x01]);
    return this;
  }

  /** Raw bytes, for commands this builder does not cover. */
  raw(bytes: Uint8Array | readonly number[]): this {
    this.flushLine(false);
    this.chunks.push(Uint8Array.from(bytes));
    return this;
  }

  /** Everything built so far (a pending line is printed first). */
  bytes(): Uint8Array {
    this.flushLine(false);
    let total = 0;
    for (const chunk of this.chunks) total += chunk.length;
    const out = new Uint8Array(total);
    let offset = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
    return out;
  }

  private emit(bytes: readonly number[]): void {
    this.chunks.push(Uint8Array.from(bytes));
  }

  /** Style commands wait with the line's text so they stay in order with it. */
  private command(bytes: number[]): void {
    if (this.pending.length > 0) this.pending.push({ kind: 'command', bytes });
    else this.emit(bytes);
  }

  /**
   * Sends the pending line. `always` prints an empty line too (newline()); implicit flushes before
   * other elements only print when there is text.
   */
  private flushLine(always = true): void {
    const items = this.pending;
    this.pending = [];
    const hasText = items.some((item) => item.kind === 'text');
    if (!hasText) {
      for (const item of items) if (item.kind === 'command') this.emit(item.bytes);
      if (always) this.emit([LF]);
      return;
    }
    const lineText = items.map((item) => (item.kind === 'text' ? item.text : '')).join('');
    const needsRaster = [...lineText].some(isFourByteChar);
    if (needsRaster && this.rasterizer) {
      for (const item of items) if (item.kind === 'command') this.emit(item.bytes);
      this.emitRasterLine(lineText, this.rasterizer);
      return;
    }
    for (const item of items) {
      if (item.kind === 'command') {
        this.emit(item.bytes);
        continue;
      }
      const text = needsRaster ? [...item.text].map((c) => (isFourByteChar(c) ? '?' : c)).join('') : item.text;
      const encoded = encodeGb18030(text);
      if (!this.chineseMode && encoded.some((b) => b >= 0x80)) {
        this.emit([FS, 0x26]);
        this.chineseMode = true;
      }
      this.chunks.push(encoded);
    }
    this.emit([LF]);
  }

  /** A line holding four-byte characters, rendered whole and sent as an image one text line tall. */
  private emitRasterLine(text: string, rasterizer: GlyphRasterizer): void {
    const glyphHeight = CHAR_HEIGHT_DOTS * this.heightMul;
    let glyphs = rasterizer.rasterize(text, glyphHeight);
    validateBitmap(glyphs);
    const stretch = Math.max(1, Math.round(this.widthMul / this.heightMul));
    glyphs = stretchBitmapX(glyphs, stretch);
    const lineHeight = TEXT_LINE_DOTS * this.heightMul;
    const top = Math.floor((lineHeight - Math.min(glyphs.height, lineHeight)) / 2);
    const framed = createBitmap(glyphs.widthBytes, lineHeight);
    const rows = Math.min(glyphs.height, lineHeight);
    framed.data.set(glyphs.data.subarray(0, rows * glyphs.widthBytes), top * glyphs.widthBytes);
    this.emitRaster(framed, Math.max(inkWidth(framed), 1));
  }

  private emitRaster(bitmap: MonoBitmap, contentWidthDots: number): void {
    const { bytesPerRow, dots } = this.geometry;
    const width = Math.min(contentWidthDots, dots);
    const x = this.alignment === 'center' ? Math.floor((dots - width) / 2) : this.alignment === 'right' ? dots - width : 0;
    const placed = placeBitmap(bitmap, bytesPerRow, x, width);
    for (let row = 0; row < placed.height; row += RASTER_BAND_ROWS) {
      const band = sliceRows(placed, row, RASTER_BAND_ROWS);
      this.emit([GS, 0x76, 0x30, 0x00, bytesPerRow & 0xff, bytesPerRow >> 8, band.height & 0xff, band.height >> 8]);
      this.chunks.push(band.data);
    }
  }
}

/**
 * Wraps text to lines of at most `columns` printer columns (CJK and other double-byte characters
 * count 2). Breaks at spaces inside Latin words when it can, and keeps closing punctuation off the
 * start of a line. Existing '\n' are kept; empty paragraphs give empty lines.
 */
export function wrapText(text: string, columns: number): string[] {
  if (!Number.isInteger(columns) || columns < 2) throw new RangeError('columns must be an integer ≥ 2');
  const lines: string[] = [];
  for (const paragraph of sanitizeText(text).split('\n')) {
    let current: string[] = [];
    let width = 0;
    for (const char of paragraph) {
      const w = charColumns(char);
      if (width + w <= columns) {
        current.push(char);
        width += w;
        continue;
      }
      let carry: string[] = [];
      if (char === ' ') {
        lines.push(current.join('').trimEnd());
        current = [];
        width = 0;
        continue;
      }
      if (isWordChar(char)) {
        const lastSpace = current.lastIndexOf(' ');
        if (lastSpace > 0 && current.slice(lastSpace + 1).every(isWordChar)) carry = current.splice(lastSpace);
      } else if (NO_LINE_START.has(char) && current.length > 1 && !NO_LINE_START.has(current[current.length - 1] ?? '')) {
        carry = current.splice(current.length - 1);
      }
      if (carry.length > 0) {
        const rest = carry[0] === ' ' ? carry.slice(1) : carry;
        if (displayWidth(rest.join('')) + w > columns) {
          current.push(...carry);
          carry = [];
        } else carry = rest;
      }
      lines.push(current.join('').trimEnd());
      current = carry;
      current.push(char);
      width = displayWidth(current.join(''));
    }
    lines.push(current.join('').trimEnd());
  }
  return lines;
}

/** Pads `left` and `right` with spaces to fill `columns` (for "label ……… value" rows). */
export function justify(left: string, right: string, columns: number): string {
  const gap = columns - displayWidth(left) - displayWidth(right);
  return gap >= 1 ? left + ' '.repeat(gap) + right : `${left} ${right}`;
}

const NO_LINE_START = new Set([...'，。、；：？！）》」』】〕…—,.;:?!)]}%']);

function isWordChar(char: string): boolean {
  return /^[A-Za-z0-9\-_/.@:]$/.test(char);
}

function clampInt(value: number, min: number, max: number, what: string): number {
  if (!Number.isInteger(value) || value < min || value > max) throw new RangeError(`${what} must be an integer ${min}–${max}, not ${String(value)}`);
  return value;
}

function validateBitmap(bitmap: MonoBitmap): void {
  if (!Number.isInteger(bitmap.widthBytes) || bitmap.widthBytes < 0 || !Number.isInteger(bitmap.height) || bitmap.height < 0) throw new RangeError('bitmap size must be non-negative integers');
  if (bitmap.data.length < bitmap.widthBytes * bitmap.height) throw new RangeError('bitmap data is shorter than widthBytes × height');
}
