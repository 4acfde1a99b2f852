/**
 * Renders what the simulated printer "printed" to a PNG, for the simulator UI, tests and people:
 * 576 dots wide for 80 mm, 384 for 58 mm (203 dpi), white paper, black ink. Text is drawn on the
 * printer's grid (12 dots per one-byte character, 24 per double-byte character, times the width
 * multiplier) with Noto Sans CJK; QR codes come from the `qrcode` package's module matrix; CODE128
 * from its symbol table; raster images dot for dot.
 *
 * Also createCanvasGlyphRasterizer(): the GlyphRasterizer the builder uses for lines with
 * four-byte GB18030 characters.
 *
 * Note: @napi-rs/canvas registers only the first face of a .ttc, which for Noto Sans CJK is the
 * Japanese one (JP); a few hanzi differ slightly in shape from the SC face.
 */
import { GlobalFonts, createCanvas } from '@napi-rs/canvas';
import type { SKRSContext2D } from '@napi-rs/canvas';
import QRCode from 'qrcode';
import type { GlyphRasterizer, MonoBitmap, PaperWidth, PrintBlock, PrintedDocument, TextRun } from '../../printer';
import { CHAR_HEIGHT_DOTS, PAPER, TEXT_LINE_DOTS, charColumns, code128Modules, createBitmap, setDot } from '../../printer';

export const FONT_PATHS = {
  regular: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  bold: '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc',
};
const FAMILY = 'KioskPrinterSans';
const FAMILY_BOLD = 'KioskPrinterSansBold';
const MARGIN = 12;

let fontsRegistered = false;

/** Registers the Noto CJK fonts once; returns whether the regular face is available. */
export function registerPrinterFonts(): boolean {
  if (!fontsRegistered) {
    GlobalFonts.registerFromPath(FONT_PATHS.regular, FAMILY);
    GlobalFonts.registerFromPath(FONT_PATHS.bold, FAMILY_BOLD);
    fontsRegistered = true;
  }
  return GlobalFonts.has(FAMILY);
}

export interface RenderOptions {
  /** Default: the document's own paper width. */
  paperWidth?: PaperWidth;
}

interface Placed {
  block: PrintBlock;
  height: number;
  qr?: { size: number; get(row: number, col: number): boolean } | null;
}

export function renderPrintedDocumentPng(doc: PrintedDocument, options: RenderOptions = {}): Buffer {
  registerPrinterFonts();
  const paperWidth = options.paperWidth ?? doc.paperWidth;
  const width = PAPER[paperWidth].dots;
  const placed: Placed[] = doc.blocks.map((block) => layout(block));
  const height = MARGIN * 2 + placed.reduce((sum, p) => sum + p.height, 0);
  const canvas = createCanvas(width, Math.max(height, MARGIN * 2 + 1));
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = '#000000';
  let y = MARGIN;
  for (const p of placed) {
    draw(ctx, p, y, width);
    y += p.height;
  }
  // The cut edge.
  ctx.fillStyle = '#bbbbbb';
  for (let x = 0; x < width; x += 12) ctx.fillRect(x, canvas.height - 2, doc.cut === 'full' ? 12 : 6, 2);
  return canvas.toBuffer('image/png');
}

function layout(block: PrintBlock): Placed {
  switch (block.kind) {
    case 'text':
      return { block, height: TEXT_LINE_DOTS - CHAR_HEIGHT_DOTS + CHAR_HEIGHT_DOTS * block.heightMul };
    case 'feed':
      return { block, height: Math.min(block.dots, 2000) };
    case 'raster':
      return { block, height: block.bitmap.height * (block.scale & 2 ? 2 : 1) };
    case 'barcode':
      return { block, height: block.heightDots + (block.hri & 1 ? 28 : 0) + (block.hri & 2 ? 28 : 0) + 6 };
    case 'qr': {
      let qr: Placed['qr'] = null;
      try {
        const symbol = QRCode.create([{ data: block.bytes, mode: 'byte' }], { errorCorrectionLevel: block.ecc });
        qr = { size: symbol.modules.size, get: (r, c) => Boolean(symbol.modules.get(r, c)) };
      } catch {
        qr = null;
      }
      return { block, height: qr ? qr.size * block.moduleSize + 8 : 40, qr };
    }
  }
}

function alignX(align: 'left' | 'center' | 'right', contentWidth: number, paperDots: number): number {
  if (align === 'center') return Math.floor((paperDots - contentWidth) / 2);
  if (align === 'right') return paperDots - contentWidth;
  return 0;
}

function draw(ctx: SKRSContext2D, p: Placed, top: number, paperDots: number): void {
  const block = p.block;
  ctx.fillStyle = '#000000';
  switch (block.kind) {
    case 'text': {
      const lineHeight = p.height;
      const total = block.runs.reduce((sum, run) => sum + runWidth(run), 0);
      let x = alignX(block.align, total, paperDots);
      for (const run of block.runs) {
        // Characters sit on the line's bottom, as on the printer (baseline aligned across sizes).
        const runTop = top + lineHeight - 3 - CHAR_HEIGHT_DOTS * run.heightMul;
        x = drawGridText(ctx, run.text, x, runTop, run.heightMul, run.widthMul, run.bold);
        if (run.underline) ctx.fillRect(x - runWidth(run), top + lineHeight - 2, runWidth(run), 2);
      }
      return;
    }
    case 'feed':
      return;
    case 'raster': {
      const sx = block.scale & 1 ? 2 : 1;
      const sy = block.scale & 2 ? 2 : 1;
      const bitmap = block.bitmap;
      const x0 = alignX(block.align, bitmap.widthBytes * 8 * sx, paperDots);
      for (let row = 0; row < bitmap.height; row++) {
        for (let xb = 0; xb < bitmap.widthBytes; xb++) {
          const byte = bitmap.data[row * bitmap.widthBytes + xb] ?? 0;
          if (byte === 0) continue;
          for (let bit = 0; bit < 8; bit++) if (byte & (0x80 >> bit)) ctx.fillRect(x0 + (xb * 8 + bit) * sx, top + row * sy, sx, sy);
        }
      }
      return;
    }
    case 'qr': {
      const qr = p.qr;
      if (!qr) {
        ctx.font = `20px ${FAMILY}`;
        ctx.fillText('[QR too long]', alignX(block.align, 140, paperDots), top + 28);
        return;
      }
      const m = block.moduleSize;
      const x0 = alignX(block.align, qr.size * m, paperDots);
      for (let r = 0; r < qr.size; r++) for (let c = 0; c < qr.size; c++) if (qr.get(r, c)) ctx.fillRect(x0 + c * m, top + 4 + r * m, m, m);
      return;
    }
    case 'barcode': {
      let y = top;
      const hriText = block.data;
      const hriWidth = [...hriText].length * 12;
      if (block.hri & 1) {
        drawGridText(ctx, hriText, alignX(block.align, hriWidth, paperDots), y, 1, 1, false);
        y += 28;
      }
      if (block.values) {
        const modules = code128Modules(block.values);
        const w = block.moduleWidth;
        const x0 = alignX(block.align, modules.length * w, paperDots);
        modules.forEach((bar, i) => {
          if (bar) ctx.fillRect(x0 + i * w, y, w, block.heightDots);
        });
      } else {
        ctx.strokeRect(alignX(block.align, 300, paperDots), y, 300, block.heightDots);
        drawGridText(ctx, block.symbology, alignX(block.align, block.symbology.length * 12, paperDots), y + 8, 1, 1, false);
      }
      y += block.heightDots + 2;
      if (block.hri & 2) drawGridText(ctx, hriText, alignX(block.align, hriWidth, paperDots), y, 1, 1, false);
      return;
    }
  }
}

function runWidth(run: TextRun): number {
  let width = 0;
  for (const char of run.text) width += charColumns(char) * 12 * run.widthMul;
  return width;
}

/**
 * Draws text on the printer grid from (x, top): each character centred in a cell 12·w (one-byte)
 * or 24·w (other) dots wide and 24·h tall. Returns the x after the last cell.
 */
function drawGridText(ctx: SKRSContext2D, text: string, x: number, top: number, heightMul: number, widthMul: number, bold: boolean, color = '#000000'): number {
  const fontPx = CHAR_HEIGHT_DOTS * heightMul;
  ctx.font = `${fontPx}px ${bold ? FAMILY_BOLD : FAMILY}`;
  ctx.textBaseline = 'alphabetic';
  ctx.fillStyle = color;
  const baseline = top + Math.round(fontPx * 0.88);
  for (const char of text) {
    const cell = charColumns(char) * 12 * widthMul;
    if (char !== ' ') {
      const measured = ctx.measureText(char).width || fontPx / 2;
      const scaleX = Math.min(widthMul / heightMul, (cell - 1) / measured);
      ctx.save();
      ctx.translate(x + cell / 2, baseline);
      ctx.scale(scaleX, 1);
      ctx.fillText(char, -measured / 2, 0);
      ctx.restore();
    }
    x += cell;
  }
  return x;
}

/**
 * A GlyphRasterizer drawing with Noto Sans CJK on the printer's grid (so a rasterised line is as
 * wide as the same text printed as characters). Dots darker than half are black.
 */
export function createCanvasGlyphRasterizer(): GlyphRasterizer {
  registerPrinterFonts();
  return {
    rasterize(text: string, heightDots: number): MonoBitmap {
      const height = Math.max(1, Math.min(Math.round(heightDots), 8 * CHAR_HEIGHT_DOTS));
      const heightMul = height / CHAR_HEIGHT_DOTS;
      let widthDots = 0;
      for (const char of text) widthDots += charColumns(char) * 12 * heightMul;
      const width = Math.max(8, Math.ceil(widthDots));
      const canvas = createCanvas(width, height);
      const ctx = canvas.getContext('2d');
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(0, 0, width, height);
      drawGridText(ctx, text, 0, 0, heightMul, heightMul, false);
      const pixels = ctx.getImageData(0, 0, width, height).data;
      const bitmap = createBitmap(Math.ceil(width / 8), height);
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          const i = (y * width + x) * 4;
          const luminance = ((pixels[i] ?? 255) * 299 + (pixels[i + 1] ?? 255) * 587 + (pixels[i + 2] ?? 255) * 114) / 1000;
          if (luminance < 128) setDot(bitmap, x, y);
        }
      }
      return bitmap;
    },
  };
}
