import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EscPosBuilder, RASTER_BAND_ROWS, displayWidth, encodeGb18030, wrapText } from '../../../../drivers/printer';
import { concat, fakeRasterizer, hex, indexOfBytes } from './helpers';

describe('EscPosBuilder: byte-exact commands', () => {
  it('init resets and enters Chinese mode', () => {
    expect(hex(new EscPosBuilder({ paperWidth: 80 }).init().bytes())).toBe('1B401C26');
  });

  it('size, align, bold', () => {
    const b = new EscPosBuilder({ paperWidth: 80 }).size(1, 1).size(2, 2).size(8, 8).size(3, 1).align('left').align('center').align('right').bold(true).bold(false);
    expect(hex(b.bytes())).toBe('1D21001D21111D21771D2120' + '1B61001B61011B6102' + '1B45011B4500');
  });

  it('rejects sizes outside 1–8', () => {
    expect(() => new EscPosBuilder({ paperWidth: 80 }).size(0, 1)).toThrow(RangeError);
    expect(() => new EscPosBuilder({ paperWidth: 80 }).size(1, 9)).toThrow(RangeError);
    expect(() => new EscPosBuilder({ paperWidth: 80 }).size(1.5, 1)).toThrow(RangeError);
  });

  it('sends Chinese text as GB18030 followed by LF', () => {
    expect(hex(new EscPosBuilder({ paperWidth: 80 }).init().line('受理A1').bytes())).toBe('1B401C26' + 'CADCC0ED4131' + '0A');
  });

  it('enters Chinese mode before double-byte text even without init()', () => {
    expect(hex(new EscPosBuilder({ paperWidth: 58 }).line('中').bytes())).toBe('1C26D6D00A');
    expect(hex(new EscPosBuilder({ paperWidth: 58 }).line('ok').bytes())).toBe('6F6B0A');
  });

  it('QR: model, size, ECC, store with pL/pH = UTF-8 bytes + 3, print', () => {
    const data = '办件编号ABC'; // 4 CJK × 3 UTF-8 bytes + 3 = 15 bytes (JS length 7)
    const bytes = new EscPosBuilder({ paperWidth: 80 }).qr(data, { moduleSize: 6, ecc: 'M' }).bytes();
    const utf8 = new TextEncoder().encode(data);
    expect(utf8.length).toBe(15);
    expect(hex(bytes)).toBe(
      '1D286B040031413200' + '1D286B0300314306' + '1D286B0300314531' + '1D286B' + '1200' + '315030' + hex(utf8) + '1D286B0300315130',
    );
  });

  it('QR store length uses both pL and pH for long payloads', () => {
    const data = '证'.repeat(100); // 300 bytes + 3 = 303 = 0x012F
    const bytes = new EscPosBuilder({ paperWidth: 80 }).qr(data, { ecc: 'L' }).bytes();
    expect(indexOfBytes(bytes, [0x1d, 0x28, 0x6b, 0x2f, 0x01, 0x31, 0x50, 0x30])).toBeGreaterThan(0);
    expect(indexOfBytes(bytes, [0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x45, 0x30])).toBeGreaterThan(0);
  });

  it('QR rejects empty and oversized data', () => {
    expect(() => new EscPosBuilder({ paperWidth: 80 }).qr('')).toThrow(RangeError);
    expect(() => new EscPosBuilder({ paperWidth: 80 }).qr('x'.repeat(7090))).toThrow(RangeError);
  });

  it('cut: full and partial', () => {
    expect(hex(new EscPosBuilder({ paperWidth: 80 }).cut('full').bytes())).toBe('1D5600');
    expect(hex(new EscPosBuilder({ paperWidth: 80 }).cut().bytes())).toBe('1D5601');
    expect(hex(new EscPosBuilder({ paperWidth: 80 }).feed(4).cut('partial').bytes())).toBe('1B64041D5601');
  });

  it('CODE128 code set B, with "{" escaped', () => {
    const bytes = new EscPosBuilder({ paperWidth: 80 }).barcode128('A{1', { height: 60, moduleWidth: 2 }).bytes();
    expect(hex(bytes)).toBe('1D683C1D77021D4802' + '1D6B49' + '06' + '7B42' + '417B7B31');
    expect(() => new EscPosBuilder({ paperWidth: 80 }).barcode128('中')).toThrow(RangeError);
  });

  it('prints a pending line before a QR code, barcode, image, feed or cut', () => {
    const bytes = new EscPosBuilder({ paperWidth: 80 }).text('AB').cut('full').bytes();
    expect(hex(bytes)).toBe('41420A1D5600');
  });

  it('strips control characters so data cannot inject commands', () => {
    const bytes = new EscPosBuilder({ paperWidth: 80 }).line('A\x1bB\x1d\x56\x00C\tD').bytes();
    expect(hex(bytes)).toBe(hex([0x41, 0x42, 0x56, 0x43, 0x20, 0x44, 0x0a]));
  });
});

describe('EscPosBuilder: raster images', () => {
  it.each([
    [80, 72],
    [58, 48],
  ] as const)('sends %i mm images as full rows of %i bytes, in bands', (paperWidth, bytesPerRow) => {
    const height = 50;
    const bitmap = { widthBytes: 2, height, data: new Uint8Array(2 * height).fill(0xff) };
    const bytes = new EscPosBuilder({ paperWidth }).raster(bitmap).bytes();
    const bands = Math.ceil(height / RASTER_BAND_ROWS);
    expect(bytes.length).toBe(bands * 8 + bytesPerRow * height);
    // First band header: GS v 0 0 xL xH yL yH
    expect(hex(bytes.subarray(0, 8))).toBe(hex([0x1d, 0x76, 0x30, 0x00, bytesPerRow, 0x00, RASTER_BAND_ROWS, 0x00]));
    // Left aligned: the first two bytes of each row are black, the rest white.
    expect(bytes[8]).toBe(0xff);
    expect(bytes[9]).toBe(0xff);
    expect(bytes[10]).toBe(0x00);
    // Last band holds the remaining rows.
    const lastHeader = 8 * (bands - 1) + bytesPerRow * RASTER_BAND_ROWS * (bands - 1);
    expect(hex(bytes.subarray(lastHeader, lastHeader + 8))).toBe(hex([0x1d, 0x76, 0x30, 0x00, bytesPerRow, 0x00, height - RASTER_BAND_ROWS * (bands - 1), 0x00]));
  });

  it('centres an image by dots, and crops one wider than the paper', () => {
    const bitmap = { widthBytes: 1, height: 1, data: Uint8Array.of(0xff) };
    const centred = new EscPosBuilder({ paperWidth: 58 }).align('center').raster(bitmap).bytes();
    const row = centred.subarray(3 + 8);
    expect(row.length).toBe(48);
    // (384 − 8) / 2 = 188: dots 188…195 straddle bytes 23 and 24.
    expect(row[23]).toBe(0x0f);
    expect(row[24]).toBe(0xf0);
    const wide = { widthBytes: 100, height: 1, data: new Uint8Array(100).fill(0xff) };
    const cropped = new EscPosBuilder({ paperWidth: 58 }).raster(wide).bytes();
    expect(cropped.length).toBe(8 + 48);
  });
});

describe('EscPosBuilder: four-byte GB18030 characters', () => {
  it('rasterises a whole line containing 𠮷, never sending its four-byte code', () => {
    const rasterizer = fakeRasterizer();
    const bytes = new EscPosBuilder({ paperWidth: 80, rasterizer }).init().line('申请人：𠮷*雨').line('普通行').bytes();
    expect(rasterizer.calls).toEqual([{ text: '申请人：𠮷*雨', heightDots: 24 }]);
    expect(indexOfBytes(bytes, [0x95, 0x34, 0xb2, 0x35])).toBe(-1);
    expect(indexOfBytes(bytes, encodeGb18030('申请人'))).toBe(-1);
    expect(indexOfBytes(bytes, [0x1d, 0x76, 0x30, 0x00, 72, 0x00, 24, 0x00])).toBe(4);
    expect(indexOfBytes(bytes, concat(encodeGb18030('普通行'), [0x0a]))).toBeGreaterThan(0);
  });

  it('asks for a taller image at double height', () => {
    const rasterizer = fakeRasterizer();
    new EscPosBuilder({ paperWidth: 58, rasterizer }).size(2, 2).line('😀').bytes();
    expect(rasterizer.calls[0]?.heightDots).toBe(48);
  });

  it("replaces four-byte characters with '?' without a rasterizer", () => {
    const bytes = new EscPosBuilder({ paperWidth: 80 }).line('𠮷祥').bytes();
    expect(hex(bytes)).toBe('1C26' + '3F' + hex(encodeGb18030('祥')) + '0A');
  });
});

describe('wrapText', () => {
  it('counts CJK and full-width punctuation as two columns', () => {
    expect(displayWidth('政务A')).toBe(5);
    expect(displayWidth('“—”')).toBe(6);
    expect(wrapText('一二三四五', 4)).toEqual(['一二', '三四', '五']);
    expect(wrapText('ab中', 3)).toEqual(['ab', '中']);
  });

  it('breaks Latin text at spaces and keeps closing punctuation off the line start', () => {
    expect(wrapText('hello big world', 10)).toEqual(['hello big', 'world']);
    expect(wrapText('一二三，四', 6)).toEqual(['一二', '三，四']);
    expect(wrapText('a\n\nb', 10)).toEqual(['a', '', 'b']);
  });

  it('property: every line fits and no visible character is lost or reordered', () => {
    const chars = fc.constantFrom(...'ab Z1-中文，。“”政务𠮷 ');
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 120 }).map((a) => a.join('')), fc.integer({ min: 4, max: 48 }), (text, columns) => {
        const lines = wrapText(text, columns);
        for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(columns);
        expect(lines.join('').replace(/ /g, '')).toBe(text.replace(/ /g, ''));
      }),
    );
  });
});
