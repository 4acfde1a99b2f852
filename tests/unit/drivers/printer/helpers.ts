import type { GlyphRasterizer, MonoBitmap } from '../../../../drivers/printer';

/** A rasterizer that records what it was asked to draw and returns a solid block, 12 dots per column. */
export function fakeRasterizer(): GlyphRasterizer & { calls: { text: string; heightDots: number }[] } {
  const calls: { text: string; heightDots: number }[] = [];
  return {
    calls,
    rasterize(text: string, heightDots: number): MonoBitmap {
      calls.push({ text, heightDots });
      const widthBytes = 3 * [...text].length;
      return { widthBytes, height: heightDots, data: new Uint8Array(widthBytes * heightDots).fill(0xff) };
    },
  };
}

export function hex(bytes: Uint8Array | readonly number[]): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('').toUpperCase();
}

/** Index of `needle` inside `haystack`, or -1. */
export function indexOfBytes(haystack: Uint8Array, needle: Uint8Array | readonly number[]): number {
  const n = Uint8Array.from(needle);
  if (n.length === 0) return 0;
  outer: for (let i = 0; i + n.length <= haystack.length; i++) {
    for (let j = 0; j < n.length; j++) if (haystack[i + j] !== n[j]) continue outer;
    return i;
  }
  return -1;
}

export function concat(...parts: (Uint8Array | readonly number[])[]): Uint8Array {
  const arrays = parts.map((p) => Uint8Array.from(p));
  const out = new Uint8Array(arrays.reduce((s, a) => s + a.length, 0));
  let o = 0;
  for (const a of arrays) {
    out.set(a, o);
    o += a.length;
  }
  return out;
}
