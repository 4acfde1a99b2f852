/** One-bit images as thermal printers take them: rows of bytes, MSB = leftmost dot, 1 = black. */

export interface MonoBitmap {
  /** Bytes per row (dots per row / 8, rounded up). */
  widthBytes: number;
  /** Number of dot rows. */
  height: number;
  /** widthBytes × height bytes, row after row; MSB is the leftmost dot, 1 = black. */
  data: Uint8Array;
}

export function createBitmap(widthBytes: number, height: number): MonoBitmap {
  return { widthBytes, height, data: new Uint8Array(widthBytes * height) };
}

export function getDot(bitmap: MonoBitmap, x: number, y: number): boolean {
  if (x < 0 || y < 0 || y >= bitmap.height || x >= bitmap.widthBytes * 8) return false;
  const byte = bitmap.data[y * bitmap.widthBytes + (x >> 3)] ?? 0;
  return (byte & (0x80 >> (x & 7))) !== 0;
}

export function setDot(bitmap: MonoBitmap, x: number, y: number): void {
  if (x < 0 || y < 0 || y >= bitmap.height || x >= bitmap.widthBytes * 8) return;
  const index = y * bitmap.widthBytes + (x >> 3);
  bitmap.data[index] = (bitmap.data[index] ?? 0) | (0x80 >> (x & 7));
}

/** Width in dots of the inked part (rightmost black dot + 1); 0 for a blank bitmap. */
export function inkWidth(bitmap: MonoBitmap): number {
  let width = 0;
  for (let y = 0; y < bitmap.height; y++) {
    for (let xb = bitmap.widthBytes - 1; xb >= 0; xb--) {
      const byte = bitmap.data[y * bitmap.widthBytes + xb] ?? 0;
      if (byte === 0) continue;
      let bit = 0;
      while (((byte >> bit) & 1) === 0) bit++;
      width = Math.max(width, xb * 8 + (8 - bit));
      break;
    }
  }
  return width;
}

/**
 * Copies `source` (its first `sourceWidthDots` columns) into a new bitmap `widthBytes` wide, starting
 * at dot column `x`; whatever falls outside is cropped.
 */
export function placeBitmap(source: MonoBitmap, widthBytes: number, x: number, sourceWidthDots = source.widthBytes * 8): MonoBitmap {
  const out = createBitmap(widthBytes, source.height);
  const limit = Math.min(sourceWidthDots, source.widthBytes * 8);
  for (let y = 0; y < source.height; y++) {
    for (let sx = 0; sx < limit; sx++) if (getDot(source, sx, y)) setDot(out, x + sx, y);
  }
  return out;
}

/** Stretches a bitmap horizontally by an integer factor (nearest neighbour). */
export function stretchBitmapX(source: MonoBitmap, factor: number): MonoBitmap {
  if (factor <= 1) return source;
  const out = createBitmap(source.widthBytes * factor, source.height);
  for (let y = 0; y < source.height; y++) {
    for (let sx = 0; sx < source.widthBytes * 8; sx++) {
      if (!getDot(source, sx, y)) continue;
      for (let k = 0; k < factor; k++) setDot(out, sx * factor + k, y);
    }
  }
  return out;
}

/** Rows [from, from + count) of a bitmap, as a new bitmap. */
export function sliceRows(source: MonoBitmap, from: number, count: number): MonoBitmap {
  const rows = Math.max(0, Math.min(count, source.height - from));
  return { widthBytes: source.widthBytes, height: rows, data: source.data.slice(from * source.widthBytes, (from + rows) * source.widthBytes) };
}
