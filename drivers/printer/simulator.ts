/**
 * A simulated Chinese ESC/POS printer. It interprets the byte stream the way a printer does and
 * records what would come out on paper as a PrintedDocument (completed at each cut), answers
 * real-time status queries (DLE EOT n) with the bytes a real printer sends, and answers GS r 1
 * once the preceding data has been "printed".
 *
 * Paper out or cover open: status queries are answered accordingly and everything else is
 * discarded (a real printer prints nothing). Offline: nothing is answered and everything is
 * discarded (powered off / unplugged). Four-byte GB18030 codes print as U+FFFD unless the
 * simulated firmware supports full GB18030 (most sold in China are GBK-only).
 *
 * The interpreter is robust against arbitrary input: every step consumes at least one byte or
 * waits for more; data commands larger than DATA_LIMIT are skipped without being buffered; a
 * document holds at most MAX_BLOCKS blocks and at most maxDocuments documents are kept.
 */
import type { ByteTransport } from '../transport/byte-transport';
import type { Alignment, CutMode, PaperWidth, QrErrorCorrection } from './escpos-builder';
import { CHAR_HEIGHT_DOTS, PAPER, TEXT_LINE_DOTS } from './escpos-builder';
import type { MonoBitmap } from './bitmap';
import { parseEscPosCode128 } from './code128';
import { decodeGb18030 } from './gb18030';

export interface TextRun {
  text: string;
  bold: boolean;
  underline: boolean;
  widthMul: number;
  heightMul: number;
}

export interface TextBlock {
  kind: 'text';
  /** The line's characters (empty for a blank line). */
  text: string;
  align: Alignment;
  /** True when the whole line is bold (see runs for mixed lines). */
  bold: boolean;
  /** Largest width / height multiplier on the line. */
  widthMul: number;
  heightMul: number;
  runs: TextRun[];
  /** The printer wrapped this line itself because it was wider than the paper. */
  autoWrapped: boolean;
}

export interface QrBlock {
  kind: 'qr';
  /** The stored bytes decoded as UTF-8. */
  data: string;
  bytes: Uint8Array;
  moduleSize: number;
  ecc: QrErrorCorrection;
  align: Alignment;
}

export interface BarcodeBlock {
  kind: 'barcode';
  /** 'CODE128', 'CODE39', 'EAN13', … */
  symbology: string;
  /** Human-readable content. */
  data: string;
  /** The bytes after GS k m (n). */
  raw: Uint8Array;
  /** CODE128 symbol values (start code first, no check symbol), when symbology is CODE128. */
  values?: number[];
  heightDots: number;
  moduleWidth: number;
  /** HRI position: 0 none, 1 above, 2 below, 3 both. */
  hri: number;
  align: Alignment;
}

export interface RasterBlock {
  kind: 'raster';
  bitmap: MonoBitmap;
  /** GS v 0 m: 1 = double width, 2 = double height, 3 = both. */
  scale: number;
  align: Alignment;
}

export interface FeedBlock {
  kind: 'feed';
  dots: number;
}

export type PrintBlock = TextBlock | QrBlock | BarcodeBlock | RasterBlock | FeedBlock;

export interface PrintedDocument {
  paperWidth: PaperWidth;
  blocks: PrintBlock[];
  cut: CutMode;
  /** Blocks were dropped because the document exceeded MAX_BLOCKS. */
  truncated: boolean;
}

/** Data commands larger than this are skipped rather than buffered. */
export const DATA_LIMIT = 512 * 1024;
/** Most blocks one document holds. */
export const MAX_BLOCKS = 4000;

export type PaperState = 'ok' | 'near-end' | 'out';
export type SimulatedError = 'none' | 'recoverable' | 'cutter' | 'unrecoverable' | 'auto-recoverable';

export interface InterpreterHooks {
  /** Bytes the printer sends back. */
  reply(bytes: Uint8Array): void;
  /** The DLE EOT n reply byte. */
  realtimeStatus(n: number): number;
  /** The GS r 1 reply byte. */
  paperSensorStatus(): number;
  /** False: output and non-real-time replies are discarded. */
  canPrint(): boolean;
  document(doc: PrintedDocument): void;
}

export interface InterpreterOptions {
  paperWidth?: PaperWidth;
  /** Firmware prints four-byte GB18030 codes (default false: they print as U+FFFD). */
  gb18030FourByte?: boolean;
}

const BARCODE_NAMES: Record<number, string> = {
  0: 'UPC-A', 1: 'UPC-E', 2: 'EAN13', 3: 'EAN8', 4: 'CODE39', 5: 'ITF', 6: 'CODABAR',
  65: 'UPC-A', 66: 'UPC-E', 67: 'EAN13', 68: 'EAN8', 69: 'CODE39', 70: 'ITF', 71: 'CODABAR', 72: 'CODE93', 73: 'CODE128',
  74: 'GS1-128', 75: 'GS1-DATABAR-OMNI', 76: 'GS1-DATABAR-TRUNCATED', 77: 'GS1-DATABAR-LIMITED', 78: 'GS1-DATABAR-EXPANDED', 79: 'CODE128-AUTO',
};
const ECC_LEVELS: Record<number, QrErrorCorrection> = { 0x30: 'L', 0x31: 'M', 0x32: 'Q', 0x33: 'H' };
const ALIGNS: Alignment[] = ['left', 'center', 'right'];

/** Bytes used by ESC commands with no parameter / one parameter etc. (total length incl. ESC). */
const ESC_LENGTHS: Record<number, number> = {
  0x40: 2, 0x32: 2, 0x3c: 2, 0x69: 2, 0x6d: 2, 0x0c: 2, 0x4c: 2, 0x53: 2,
  0x20: 3, 0x21: 3, 0x25: 3, 0x2d: 3, 0x33: 3, 0x3d: 3, 0x3f: 3, 0x45: 3, 0x47: 3, 0x4a: 3, 0x4d: 3, 0x52: 3, 0x54: 3, 0x55: 3,
  0x56: 3, 0x61: 3, 0x64: 3, 0x65: 3, 0x74: 3, 0x7b: 3, 0x72: 3, 0x4b: 3,
  0x24: 4, 0x5c: 4, 0x42: 4, 0x63: 4,
  0x70: 5,
  0x57: 10,
};
const FS_LENGTHS: Record<number, number> = { 0x26: 2, 0x2e: 2, 0x21: 3, 0x2d: 3, 0x57: 3, 0x43: 3, 0x53: 4, 0x70: 4, 0x32: 75 };
const GS_LENGTHS: Record<number, number> = {
  0x21: 3, 0x42: 3, 0x48: 3, 0x49: 3, 0x61: 3, 0x62: 3, 0x66: 3, 0x68: 3, 0x72: 3, 0x77: 3, 0x45: 3, 0x2f: 3, 0x54: 3, 0x6a: 3, 0x5a: 3,
  0x24: 4, 0x4c: 4, 0x57: 4, 0x50: 4, 0x5c: 4,
  0x3a: 2, 0x5e: 5,
};

export class EscPosInterpreter {
  readonly paperWidth: PaperWidth;
  private readonly hooks: InterpreterHooks;
  private readonly fourByte: boolean;
  private buf = new Uint8Array(1024);
  private head = 0;
  private tail = 0;
  private skipRemaining = 0;

  // Print state.
  private chineseMode = true;
  private bold = false;
  private underline = false;
  private widthMul = 1;
  private heightMul = 1;
  private kanjiDoubleWidth = false;
  private kanjiDoubleHeight = false;
  private align: Alignment = 'left';
  private lineAlign: Alignment | null = null;
  private lineSpacing = TEXT_LINE_DOTS;
  private runs: TextRun[] = [];
  private lineDots = 0;
  private qrModel = 2;
  private qrModuleSize = 3;
  private qrEcc: QrErrorCorrection = 'L';
  private qrData: Uint8Array | null = null;
  private barcodeHeight = 162;
  private barcodeWidth = 3;
  private barcodeHri = 0;
  private blocks: PrintBlock[] = [];
  private truncated = false;

  constructor(hooks: InterpreterHooks, options: InterpreterOptions = {}) {
    this.hooks = hooks;
    this.paperWidth = options.paperWidth ?? 80;
    this.fourByte = options.gb18030FourByte ?? false;
  }

  /** Bytes received but not yet interpreted (an incomplete command). */
  get pendingBytes(): number {
    return this.tail - this.head;
  }

  /** Feeds bytes; interprets every complete command. */
  push(bytes: Uint8Array): void {
    let offset = 0;
    while (offset < bytes.length) {
      if (this.skipRemaining > 0) {
        const n = Math.min(this.skipRemaining, bytes.length - offset);
        this.skipRemaining -= n;
        offset += n;
        continue;
      }
      // Copy at most DATA_LIMIT at a time so the buffer stays bounded even for a huge write.
      const n = Math.min(bytes.length - offset, DATA_LIMIT);
      this.append(bytes.subarray(offset, offset + n));
      offset += n;
      this.run();
    }
  }

  /** Drops what has been printed of the current document (paper ran out, cover opened). */
  discardPartial(): void {
    this.blocks = [];
    this.runs = [];
    this.lineDots = 0;
    this.lineAlign = null;
    this.truncated = false;
  }

  private append(bytes: Uint8Array): void {
    const used = this.tail - this.head;
    if (this.tail + bytes.length > this.buf.length) {
      if (used + bytes.length <= this.buf.length && this.head > 0) {
        this.buf.copyWithin(0, this.head, this.tail);
      } else {
        const next = new Uint8Array(Math.max(this.buf.length * 2, used + bytes.length));
        next.set(this.buf.subarray(this.head, this.tail));
        this.buf = next;
      }
      this.head = 0;
      this.tail = used;
    }
    this.buf.set(bytes, this.tail);
    this.tail += bytes.length;
  }

  private run(): void {
    while (this.head < this.tail) {
      if (this.skipRemaining > 0) {
        const n = Math.min(this.skipRemaining, this.tail - this.head);
        this.skipRemaining -= n;
        this.head += n;
        continue;
      }
      if (!this.step()) break;
    }
    if (this.head === this.tail) {
      this.head = 0;
      this.tail = 0;
      if (this.buf.length > 64 * 1024) this.buf = new Uint8Array(1024);
    }
  }

  private get available(): number {
    return this.tail - this.head;
  }

  private at(i: number): number {
    return this.buf[this.head + i] ?? 0;
  }

  private take(n: number): Uint8Array {
    const out = this.buf.slice(this.head, this.head + n);
    this.head += n;
    return out;
  }

  private consume(n: number): true {
    this.head += n;
    return true;
  }

  /**
   * A data command of `header` + `dataLength` bytes: returns the bytes when all have arrived, null
   * to wait; commands over DATA_LIMIT are skipped (returns undefined after consuming the header).
   */
  private dataCommand(header: number, dataLength: number): Uint8Array | null | undefined {
    if (dataLength > DATA_LIMIT) {
      this.head += header;
      this.skipRemaining = dataLength;
      return undefined;
    }
    if (this.available < header + dataLength) return null;
    return this.take(header + dataLength);
  }

  /** Interprets one command or character. False: more bytes are needed. */
  private step(): boolean {
    const b = this.at(0);
    switch (b) {
      case 0x0a:
      case 0x0c:
        this.printLine(false, true);
        return this.consume(1);
      case 0x09:
        this.addText(' '.repeat(8 - (Math.round(this.lineDots / 12) % 8)), false);
        return this.consume(1);
      case 0x10:
        return this.dle();
      case 0x1b:
        return this.esc();
      case 0x1c:
        return this.fs();
      case 0x1d:
        return this.gs();
      default:
        if (b < 0x20 || b === 0x7f) return this.consume(1);
        return this.character();
    }
  }

  private character(): boolean {
    const b = this.at(0);
    if (b < 0x80) {
      this.addText(String.fromCharCode(b), false);
      return this.consume(1);
    }
    if (!this.chineseMode || b === 0x80 || b === 0xff) {
      this.addText('?', false);
      return this.consume(1);
    }
    if (this.available < 2) return false;
    const b1 = this.at(1);
    if (b1 >= 0x30 && b1 <= 0x39) {
      if (this.available < 4) return false;
      const b2 = this.at(2);
      const b3 = this.at(3);
      if (b2 >= 0x81 && b2 <= 0xfe && b3 >= 0x30 && b3 <= 0x39) {
        const bytes = this.take(4);
        this.addText(this.fourByte ? decodeGb18030(bytes) : '\ufffd', true);
        return true;
      }
      this.addText('?', false);
      return this.consume(1);
    }
    if ((b1 >= 0x40 && b1 <= 0x7e) || (b1 >= 0x80 && b1 <= 0xfe)) {
      this.addText(decodeGb18030(this.take(2)), true);
      return true;
    }
    this.addText('?', false);
    return this.consume(1);
  }

  private dle(): boolean {
    if (this.available < 2) return false;
    const fn = this.at(1);
    if (fn === 0x04 || fn === 0x05) {
      if (this.available < 3) return false;
      const n = this.at(2);
      if (fn === 0x04 && n >= 1 && n <= 4) this.hooks.reply(Uint8Array.of(this.hooks.realtimeStatus(n) & 0xff));
      return this.consume(3);
    }
    if (fn === 0x14) {
      if (this.available < 3) return false;
      const sub = this.at(2);
      const length = sub === 1 || sub === 2 ? 5 : sub === 3 ? 8 : sub === 7 ? 4 : sub === 8 ? 10 : 3;
      if (this.available < length) return false;
      return this.consume(length);
    }
    return this.consume(1);
  }

  private esc(): boolean {
    if (this.available < 2) return false;
    const c = this.at(1);
    if (c === 0x2a) {
      // ESC * m nL nH data
      if (this.available < 5) return false;
      const m = this.at(2);
      const columns = this.at(3) + this.at(4) * 256;
      const data = this.dataCommand(5, columns * (m === 32 || m === 33 ? 3 : 1));
      return data !== null;
    }
    if (c === 0x44) {
      // ESC D n1 … nk NUL (at most 32 tab stops)
      for (let i = 2; i < Math.min(this.available, 35); i++) if (this.at(i) === 0) return this.consume(i + 1);
      if (this.available >= 35) return this.consume(35);
      return false;
    }
    if (c === 0x26) return this.escDefineChars();
    if (c === 0x28) return this.lengthPrefixed(() => undefined);
    if (c === 0x5a) {
      // ESC Z m n k dL dH data: the non-Epson QR command some libraries send.
      if (this.available < 7) return false;
      const data = this.dataCommand(7, this.at(5) + this.at(6) * 256);
      if (data) this.addBlock({ kind: 'qr', data: utf8(data.subarray(7)), bytes: data.slice(7), moduleSize: Math.max(1, data[4] ?? 1), ecc: 'L', align: this.align });
      return data !== null;
    }
    const length = ESC_LENGTHS[c] ?? 2;
    if (this.available < length) return false;
    const n = this.at(2);
    switch (c) {
      case 0x40:
        this.reset();
        break;
      case 0x45:
      case 0x47:
        this.bold = (n & 1) === 1;
        break;
      case 0x2d:
        this.underline = (n & 3) !== 0;
        break;
      case 0x21:
        this.bold = (n & 0x08) !== 0;
        this.underline = (n & 0x80) !== 0;
        this.heightMul = n & 0x10 ? 2 : 1;
        this.widthMul = n & 0x20 ? 2 : 1;
        break;
      case 0x61:
        this.align = ALIGNS[n % 48] ?? 'left';
        break;
      case 0x64:
        this.printLine(false, false);
        this.addBlock({ kind: 'feed', dots: n * this.lineSpacing });
        break;
      case 0x4a:
        this.printLine(false, false);
        this.addBlock({ kind: 'feed', dots: n });
        break;
      case 0x33:
        this.lineSpacing = n;
        break;
      case 0x32:
        this.lineSpacing = TEXT_LINE_DOTS;
        break;
      case 0x69:
      case 0x6d:
        this.cut(c === 0x69 ? 'full' : 'partial');
        break;
      default:
        break;
    }
    return this.consume(length);
  }

  /** ESC & y c1 c2 [x d1 … d(y·x)] × (c2 − c1 + 1). */
  private escDefineChars(): boolean {
    if (this.available < 5) return false;
    const y = this.at(2);
    const count = Math.max(0, this.at(4) - this.at(3) + 1);
    let offset = 5;
    for (let i = 0; i < count; i++) {
      if (this.available <= offset) return false;
      offset += 1 + y * this.at(offset);
    }
    if (this.available < offset) return false;
    return this.consume(offset);
  }

  /** X ( c pL pH data: consumes the command; `handle` gets the whole command when complete. */
  private lengthPrefixed(handle: (command: Uint8Array) => void): boolean {
    if (this.available < 5) return false;
    const data = this.dataCommand(5, this.at(3) + this.at(4) * 256);
    if (data) handle(data);
    return data !== null;
  }

  private fs(): boolean {
    if (this.available < 2) return false;
    const c = this.at(1);
    if (c === 0x28) return this.lengthPrefixed(() => undefined);
    if (c === 0x71) {
      // FS q n [xL xH yL yH d1 … dk] × n: define NV bit images.
      if (this.available < 3) return false;
      let offset = 3;
      let total = 0;
      for (let i = 0; i < this.at(2); i++) {
        if (this.available < offset + 4) return false;
        const size = (this.at(offset) + this.at(offset + 1) * 256) * (this.at(offset + 2) + this.at(offset + 3) * 256) * 8;
        total += size;
        if (total > DATA_LIMIT) {
          this.head += offset + 4;
          this.skipRemaining = size;
          return true;
        }
        offset += 4 + size;
      }
      if (this.available < offset) return false;
      return this.consume(offset);
    }
    const length = FS_LENGTHS[c] ?? 2;
    if (this.available < length) return false;
    const n = this.at(2);
    switch (c) {
      case 0x26:
        this.chineseMode = true;
        break;
      case 0x2e:
        this.chineseMode = false;
        break;
      case 0x21:
        this.kanjiDoubleWidth = (n & 0x04) !== 0;
        this.kanjiDoubleHeight = (n & 0x08) !== 0;
        this.underline = (n & 0x80) !== 0;
        break;
      case 0x57:
        this.kanjiDoubleWidth = (n & 1) === 1;
        this.kanjiDoubleHeight = (n & 1) === 1;
        break;
      case 0x2d:
        this.underline = (n & 3) !== 0;
        break;
      default:
        break;
    }
    return this.consume(length);
  }

  private gs(): boolean {
    if (this.available < 2) return false;
    const c = this.at(1);
    switch (c) {
      case 0x28:
        return this.lengthPrefixed((command) => this.gsParen(command));
      case 0x76:
        return this.rasterImage();
      case 0x6b:
        return this.barcode();
      case 0x2a: {
        if (this.available < 4) return false;
        return this.dataCommand(4, this.at(2) * this.at(3) * 8) !== null;
      }
      case 0x38: {
        if (this.available < 7) return false;
        const length = this.at(3) + this.at(4) * 0x100 + this.at(5) * 0x10000 + this.at(6) * 0x1000000;
        return this.dataCommand(7, length) !== null;
      }
      case 0x56: {
        if (this.available < 3) return false;
        const m = this.at(2);
        const length = m === 0x00 || m === 0x01 || m === 0x30 || m === 0x31 ? 3 : 4;
        if (this.available < length) return false;
        if (length === 4) {
          this.printLine(false, false);
          this.addBlock({ kind: 'feed', dots: this.at(3) });
        }
        this.cut(m === 0x00 || m === 0x30 || m === 0x41 || m === 0x61 || m === 0x67 ? 'full' : 'partial');
        return this.consume(length);
      }
      default:
        break;
    }
    const length = GS_LENGTHS[c] ?? 3;
    if (this.available < length) return false;
    const n = this.at(2);
    switch (c) {
      case 0x21:
        this.widthMul = ((n >> 4) & 7) + 1;
        this.heightMul = (n & 7) + 1;
        break;
      case 0x68:
        this.barcodeHeight = Math.max(1, n);
        break;
      case 0x77:
        this.barcodeWidth = Math.min(6, Math.max(1, n));
        break;
      case 0x48:
        this.barcodeHri = n % 48;
        break;
      case 0x72:
        if (this.hooks.canPrint()) {
          if (n === 1 || n === 0x31) this.hooks.reply(Uint8Array.of(this.hooks.paperSensorStatus() & 0x6f));
          else if (n === 2 || n === 0x32) this.hooks.reply(Uint8Array.of(0x00));
        }
        break;
      case 0x49:
        if (this.hooks.canPrint() && ((n >= 1 && n <= 3) || (n >= 0x31 && n <= 0x33))) this.hooks.reply(Uint8Array.of(n % 0x30 === 2 ? 0x02 : 0x00));
        break;
      default:
        break;
    }
    return this.consume(length);
  }

  /** GS ( k …: 2D symbols; only QR (cn 49) is interpreted. */
  private gsParen(command: Uint8Array): void {
    if (command[2] !== 0x6b || command.length < 7 || command[5] !== 0x31) return;
    const fn = command[6];
    const p = command[7] ?? 0;
    if (fn === 0x41) this.qrModel = p - 0x30;
    else if (fn === 0x43) {
      if (p >= 1 && p <= 16) this.qrModuleSize = p;
    } else if (fn === 0x45) this.qrEcc = ECC_LEVELS[p] ?? this.qrEcc;
    else if (fn === 0x50) {
      const data = command.subarray(8);
      this.qrData = data.length > 0 && data.length <= 7089 ? data.slice() : null;
    } else if (fn === 0x51) {
      if (!this.qrData) return;
      this.printLine(false, false);
      this.addBlock({ kind: 'qr', data: utf8(this.qrData), bytes: this.qrData.slice(), moduleSize: this.qrModuleSize, ecc: this.qrEcc, align: this.align });
    }
  }

  /** GS v 0 m xL xH yL yH data. */
  private rasterImage(): boolean {
    if (this.available < 8) return false;
    if (this.at(2) !== 0x30) return this.consume(3);
    const m = this.at(3) % 48;
    const widthBytes = this.at(4) + this.at(5) * 256;
    const height = this.at(6) + this.at(7) * 256;
    const data = this.dataCommand(8, widthBytes * height);
    if (data === null) return false;
    if (data && widthBytes > 0 && height > 0) {
      this.printLine(false, false);
      const bitmap: MonoBitmap = { widthBytes, height, data: data.slice(8) };
      const last = this.blocks[this.blocks.length - 1];
      if (
        last?.kind === 'raster' &&
        last.bitmap.widthBytes === widthBytes &&
        last.scale === m &&
        last.align === this.align &&
        last.bitmap.data.length + bitmap.data.length <= DATA_LIMIT &&
        this.hooks.canPrint()
      ) {
        // Consecutive bands of one image.
        const merged = new Uint8Array(last.bitmap.data.length + bitmap.data.length);
        merged.set(last.bitmap.data);
        merged.set(bitmap.data, last.bitmap.data.length);
        last.bitmap = { widthBytes, height: last.bitmap.height + height, data: merged };
      } else this.addBlock({ kind: 'raster', bitmap, scale: m, align: this.align });
    }
    return true;
  }

  /** GS k m data NUL (m 0–6) or GS k m n data (m 65–79). */
  private barcode(): boolean {
    if (this.available < 3) return false;
    const m = this.at(2);
    let raw: Uint8Array;
    if (m <= 6) {
      let end = -1;
      for (let i = 3; i < Math.min(this.available, 3 + 256); i++) {
        if (this.at(i) === 0) {
          end = i;
          break;
        }
      }
      if (end < 0) {
        if (this.available < 3 + 256) return false;
        return this.consume(3 + 256);
      }
      raw = this.take(end + 1).slice(3, end);
    } else if (m >= 65 && m <= 79) {
      if (this.available < 4) return false;
      const n = this.at(3);
      if (this.available < 4 + n) return false;
      raw = this.take(4 + n).slice(4);
    } else return this.consume(3);
    const symbology = BARCODE_NAMES[m] ?? `m${m}`;
    let data = latin1(raw);
    let values: number[] | undefined;
    if (m === 73) {
      const parsed = parseEscPosCode128(raw);
      if (!parsed) return true; // invalid data: the printer prints nothing
      data = parsed.text;
      values = parsed.values;
    }
    this.printLine(false, false);
    const block: BarcodeBlock = { kind: 'barcode', symbology, data, raw, heightDots: this.barcodeHeight, moduleWidth: this.barcodeWidth, hri: this.barcodeHri, align: this.align };
    if (values) block.values = values;
    this.addBlock(block);
    return true;
  }

  private reset(): void {
    this.runs = [];
    this.lineDots = 0;
    this.lineAlign = null;
    this.bold = false;
    this.underline = false;
    this.widthMul = 1;
    this.heightMul = 1;
    this.kanjiDoubleWidth = false;
    this.kanjiDoubleHeight = false;
    this.align = 'left';
    this.lineSpacing = TEXT_LINE_DOTS;
    this.chineseMode = true;
    this.qrModel = 2;
    this.qrModuleSize = 3;
    this.qrEcc = 'L';
    this.barcodeHeight = 162;
    this.barcodeWidth = 3;
    this.barcodeHri = 0;
  }

  private addText(text: string, doubleByte: boolean): void {
    const widthMul = doubleByte ? Math.min(8, this.widthMul * (this.kanjiDoubleWidth ? 2 : 1)) : this.widthMul;
    const heightMul = doubleByte ? Math.min(8, this.heightMul * (this.kanjiDoubleHeight ? 2 : 1)) : this.heightMul;
    const charDots = (doubleByte ? 24 : 12) * widthMul;
    for (const char of text) {
      if (this.lineDots + charDots > PAPER[this.paperWidth].dots && this.lineDots > 0) this.printLine(true, false);
      if (this.lineAlign === null) this.lineAlign = this.align;
      const last = this.runs[this.runs.length - 1];
      if (last && last.bold === this.bold && last.underline === this.underline && last.widthMul === widthMul && last.heightMul === heightMul) last.text += char;
      else this.runs.push({ text: char, bold: this.bold, underline: this.underline, widthMul, heightMul });
      this.lineDots += charDots;
    }
  }

  /**
   * Prints the line buffer. `force` prints an empty line too (LF on an empty buffer feeds one line).
   */
  private printLine(autoWrapped: boolean, force: boolean): void {
    if (this.runs.length === 0 && !force) return;
    const runs = this.runs;
    const text = runs.map((r) => r.text).join('');
    this.addBlock({
      kind: 'text',
      text,
      align: this.lineAlign ?? this.align,
      bold: runs.length > 0 ? runs.every((r) => r.bold || r.text.trim() === '') && runs.some((r) => r.bold) : this.bold,
      widthMul: runs.reduce((m, r) => Math.max(m, r.widthMul), runs.length > 0 ? 1 : this.widthMul),
      heightMul: runs.reduce((m, r) => Math.max(m, r.heightMul), runs.length > 0 ? 1 : this.heightMul),
      runs,
      autoWrapped,
    });
    this.runs = [];
    this.lineDots = 0;
    this.lineAlign = null;
  }

  private addBlock(block: PrintBlock): void {
    if (!this.hooks.canPrint()) return;
    if (this.blocks.length >= MAX_BLOCKS) {
      this.truncated = true;
      return;
    }
    this.blocks.push(block);
  }

  private cut(mode: CutMode): void {
    this.printLine(false, false);
    if (!this.hooks.canPrint()) {
      this.discardPartial();
      return;
    }
    const doc: PrintedDocument = { paperWidth: this.paperWidth, blocks: this.blocks, cut: mode, truncated: this.truncated };
    this.blocks = [];
    this.truncated = false;
    this.hooks.document(doc);
  }
}

export interface EscPosSimulatorOptions {
  paperWidth?: PaperWidth;
  /** Firmware prints four-byte GB18030 codes (default false, like most GBK-only printers). */
  gb18030FourByte?: boolean;
  /** Documents kept in `printed` (oldest dropped; default 200). Listeners see every document. */
  maxDocuments?: number;
}

export class EscPosSimulator {
  readonly paperWidth: PaperWidth;
  private readonly interpreter: EscPosInterpreter;
  private readonly listeners = new Set<(doc: PrintedDocument) => void>();
  private readonly documents: PrintedDocument[] = [];
  private readonly maxDocuments: number;
  private paper: PaperState = 'ok';
  private coverOpen = false;
  private offline = false;
  private errorKind: SimulatedError = 'none';
  private replyTarget: ByteTransport | null = null;
  private readonly replies: ((bytes: Uint8Array) => void)[] = [];

  constructor(options: EscPosSimulatorOptions = {}) {
    this.paperWidth = options.paperWidth ?? 80;
    this.maxDocuments = options.maxDocuments ?? 200;
    const interpreterOptions: InterpreterOptions = { paperWidth: this.paperWidth };
    if (options.gb18030FourByte !== undefined) interpreterOptions.gb18030FourByte = options.gb18030FourByte;
    this.interpreter = new EscPosInterpreter(
      {
        reply: (bytes) => this.sendReply(bytes),
        realtimeStatus: (n) => this.statusByte(n),
        paperSensorStatus: () => (this.paper === 'out' ? 0x0c : this.paper === 'near-end' ? 0x03 : 0x00),
        canPrint: () => this.canPrint(),
        document: (doc) => this.complete(doc),
      },
      interpreterOptions,
    );
  }

  /** Documents printed so far (the most recent maxDocuments). */
  get printed(): PrintedDocument[] {
    return this.documents;
  }

  /** Listens to a transport: interprets what arrives and writes replies back to it. */
  attach(transport: ByteTransport): () => void {
    return transport.onData((bytes) => {
      if (this.offline) return;
      this.replyTarget = transport;
      try {
        this.interpreter.push(bytes);
      } finally {
        this.replyTarget = null;
      }
    });
  }

  /** Feeds bytes directly (without a transport); replies go to onReply listeners. */
  receive(bytes: Uint8Array): void {
    if (this.offline) return;
    this.interpreter.push(bytes);
  }

  /** Replies sent by receive() (and by attach()ed transports). */
  onReply(listener: (bytes: Uint8Array) => void): () => void {
    this.replies.push(listener);
    return () => {
      const index = this.replies.indexOf(listener);
      if (index >= 0) this.replies.splice(index, 1);
    };
  }

  onPrinted(listener: (doc: PrintedDocument) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  setPaper(state: PaperState): void {
    this.paper = state;
    if (state === 'out') this.interpreter.discardPartial();
  }

  setCoverOpen(open: boolean): void {
    this.coverOpen = open;
    if (open) this.interpreter.discardPartial();
  }

  /** Offline = powered off or unplugged: no replies, everything discarded. */
  setOffline(offline: boolean): void {
    this.offline = offline;
    if (offline) this.interpreter.discardPartial();
  }

  /** Simulates a mechanism error (reported through DLE EOT 2 bit 6 and DLE EOT 3). */
  setError(kind: SimulatedError): void {
    this.errorKind = kind;
    if (kind !== 'none') this.interpreter.discardPartial();
  }

  /** The reply to DLE EOT n, as the reference describes (normal 0x12 for each n). */
  statusByte(n: number): number {
    const paperOut = this.paper === 'out';
    const error = this.errorKind !== 'none';
    switch (n) {
      case 1:
        return 0x12 | (paperOut || this.coverOpen || error ? 0x08 : 0);
      case 2:
        return 0x12 | (this.coverOpen ? 0x04 : 0) | (paperOut ? 0x20 : 0) | (error ? 0x40 : 0);
      case 3:
        return (
          0x12 |
          (this.errorKind === 'recoverable' ? 0x04 : 0) |
          (this.errorKind === 'cutter' ? 0x08 : 0) |
          (this.errorKind === 'unrecoverable' ? 0x20 : 0) |
          (this.errorKind === 'auto-recoverable' ? 0x40 : 0)
        );
      case 4:
        return 0x12 | (this.paper !== 'ok' ? 0x0c : 0) | (paperOut ? 0x60 : 0);
      default:
        return 0x12;
    }
  }

  private canPrint(): boolean {
    return !this.offline && !this.coverOpen && this.paper !== 'out' && this.errorKind === 'none';
  }

  private sendReply(bytes: Uint8Array): void {
    const target = this.replyTarget;
    if (target) target.write(bytes).catch(() => undefined);
    for (const listener of [...this.replies]) listener(bytes);
  }

  private complete(doc: PrintedDocument): void {
    this.documents.push(doc);
    if (this.documents.length > this.maxDocuments) this.documents.splice(0, this.documents.length - this.maxDocuments);
    for (const listener of [...this.listeners]) listener(doc);
  }
}

/**
 * The plain text of a document, one line per text block; QR codes as [QR:data], barcodes as
 * [BARCODE:data], images as [IMAGE widthxheight]; feeds are left out.
 */
export function textOf(doc: PrintedDocument): string {
  const lines: string[] = [];
  for (const block of doc.blocks) {
    if (block.kind === 'text') lines.push(block.text);
    else if (block.kind === 'qr') lines.push(`[QR:${block.data}]`);
    else if (block.kind === 'barcode') lines.push(`[BARCODE:${block.data}]`);
    else if (block.kind === 'raster') lines.push(`[IMAGE ${block.bitmap.widthBytes * 8}x${block.bitmap.height}]`);
  }
  return lines.join('\n');
}

/** Height of a block on paper in dots (used by the PNG renderer for layout). */
export function blockHeightDots(block: PrintBlock): number {
  switch (block.kind) {
    case 'text':
      return TEXT_LINE_DOTS - CHAR_HEIGHT_DOTS + CHAR_HEIGHT_DOTS * block.heightMul;
    case 'raster':
      return block.bitmap.height * (block.scale & 2 ? 2 : 1);
    case 'feed':
      return block.dots;
    case 'qr':
      return 0; // depends on the symbol version; the renderer computes it
    case 'barcode':
      return block.heightDots + (block.hri & 1 ? 30 : 0) + (block.hri & 2 ? 30 : 0) + 6;
  }
}

function utf8(bytes: Uint8Array): string {
  return new TextDecoder('utf-8').decode(bytes);
}

function latin1(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}
