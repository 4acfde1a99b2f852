import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { decodeScanBytes, latin1Decode, redecodeSingleByteText, singleByteTextToBytes } from '../../../../common/scan';

const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);

describe('decodeScanBytes', () => {
  it('reports pure ASCII as utf-8', () => {
    expect(decodeScanBytes(new TextEncoder().encode('BMK:R:ABCD'))).toEqual({ text: 'BMK:R:ABCD', encoding: 'utf-8' });
    expect(decodeScanBytes(new Uint8Array(0))).toEqual({ text: '', encoding: 'utf-8' });
  });

  it('decodes UTF-8 Chinese', () => {
    const text = '统一社会信用代码：91440101MA5CJQ4N59';
    expect(decodeScanBytes(new TextEncoder().encode(text))).toEqual({ text, encoding: 'utf-8' });
  });

  it('decodes GBK / GB18030 Chinese, including four-byte characters', () => {
    const text = '广州市政务服务中心 𠀀 €';
    expect(decodeScanBytes(Uint8Array.from(iconv.encode(text, 'gb18030')))).toEqual({ text, encoding: 'gb18030' });
  });

  it('falls back to true Latin-1 (not windows-1252)', () => {
    expect(decodeScanBytes(bytes(0x63, 0x61, 0x66, 0xe9))).toEqual({ text: 'café', encoding: 'latin1' });
    expect(decodeScanBytes(bytes(0x41, 0x80, 0xff))).toEqual({ text: 'A\u0080\u00ff', encoding: 'latin1' });
    expect(latin1Decode(bytes(0x9f))).toBe('\u009f');
  });

  it('re-reads text that was decoded one byte per character', () => {
    const gb = Uint8Array.from(iconv.encode('中文', 'gb18030'));
    expect(redecodeSingleByteText(latin1Decode(gb))).toEqual({ text: '中文', encoding: 'gb18030' });
    expect(redecodeSingleByteText('中文')).toEqual({ text: '中文', encoding: 'utf-8' });
    // windows-1252 characters map back to their bytes.
    expect(singleByteTextToBytes('\u20ac\u0178')).toEqual(bytes(0x80, 0x9f));
  });

  it('property: any bytes decode without throwing; the text is bounded by the input', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), (input) => {
        const { text, encoding } = decodeScanBytes(input);
        expect(['utf-8', 'gb18030', 'latin1']).toContain(encoding);
        expect(text.length).toBeLessThanOrEqual(input.length);
        if (encoding === 'latin1') expect(text.length).toBe(input.length);
      }),
      { numRuns: 500 },
    );
  });

  it('property: UTF-8 text round-trips; GB18030 Chinese round-trips', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
        expect(decodeScanBytes(new TextEncoder().encode(text)).text).toBe(text);
      }),
    );
    const hanzi = fc.string({ unit: fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 50 });
    fc.assert(
      fc.property(hanzi, (text) => {
        const gb = Uint8Array.from(iconv.encode(text, 'gb18030'));
        // Some short GBK runs are also valid UTF-8 (D2 BB is both 一 and Cyrillic һ): UTF-8 wins by design.
        let validUtf8 = true;
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(gb);
        } catch {
          validUtf8 = false;
        }
        const decoded = decodeScanBytes(gb);
        if (validUtf8) expect(decoded.encoding).toBe('utf-8');
        else expect(decoded).toEqual({ text, encoding: 'gb18030' });
      }),
    );
  });
});
