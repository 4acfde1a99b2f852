import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  MAX_SCAN_TEXT_LENGTH,
  SCAN_ENCODINGS,
  classifyPayload,
  makeScanEvent,
  sanitizeScanText,
  scanEventSchema,
} from '../../../../common/scan';

describe('classifyPayload: the kiosk codes', () => {
  it('reads receipt codes', () => {
    expect(classifyPayload('BMK:R:44010020240601000123')).toEqual({ kind: 'receipt', reference: '44010020240601000123' });
    expect(classifyPayload('BMK:R:LOCAL-2024-0007\r\n')).toEqual({ kind: 'receipt', reference: 'LOCAL-2024-0007' });
    expect(classifyPayload('BMK:R:abc')).toEqual({ kind: 'text' }); // too short
    expect(classifyPayload(`BMK:R:${'A'.repeat(51)}`)).toEqual({ kind: 'text' }); // too long
    expect(classifyPayload('BMK:R:ABCD<script>')).toEqual({ kind: 'text' });
    expect(classifyPayload('bmk:r:ABCDEF')).toEqual({ kind: 'text' });
  });

  it('reads appointment codes, prefixed or bare', () => {
    expect(classifyPayload('BMK:A:YY-20240601-0007')).toEqual({ kind: 'appointment', code: 'YY-20240601-0007' });
    expect(classifyPayload('BMK:A:abcd')).toEqual({ kind: 'appointment', code: 'abcd' });
    expect(classifyPayload('YY-20240601-0007')).toEqual({ kind: 'appointment', code: 'YY-20240601-0007' });
    expect(classifyPayload('YY-abc1')).toEqual({ kind: 'text' }); // lower case
    expect(classifyPayload('YY-123')).toEqual({ kind: 'text' }); // too short
    expect(classifyPayload(`YY-${'1'.repeat(38)}`)).toEqual({ kind: 'text' }); // too long
  });
});

describe('classifyPayload: business licences', () => {
  it('extracts a valid USCC from a URL or text', () => {
    const url = 'https://www.gsxt.gov.cn/index.html?uniscid=91440101MA5CJQ4N59&t=1';
    expect(classifyPayload(url)).toEqual({ kind: 'licence', uscc: '91440101MA5CJQ4N59', usccCheck: 'valid' });
    expect(classifyPayload('名称：某某公司\n统一社会信用代码：11450721348531435D\n')).toEqual({
      kind: 'licence',
      uscc: '11450721348531435D',
      usccCheck: 'valid',
    });
    expect(classifyPayload('91350100M000100Y43')).toEqual({ kind: 'licence', uscc: '91350100M000100Y43', usccCheck: 'valid' });
  });

  it('keeps pilot codes with a mismatching check character as licences, with a warning', () => {
    expect(classifyPayload('统一社会信用代码:91350203M0001QAY9B')).toEqual({
      kind: 'licence',
      uscc: '91350203M0001QAY9B',
      usccCheck: 'check-mismatch',
    });
    expect(classifyPayload('91350203M0001QAY9B')).toMatchObject({ kind: 'licence', usccCheck: 'check-mismatch' });
  });

  it('prefers a valid code over a mismatching one', () => {
    expect(classifyPayload('uniscid=91350203M0001QAY9B;91440101MA5CJQ4N59')).toMatchObject({
      uscc: '91440101MA5CJQ4N59',
      usccCheck: 'valid',
    });
  });

  it('is word-boundary aware and upper-case only', () => {
    expect(classifyPayload('X91440101MA5CJQ4N59')).toEqual({ kind: 'text' });
    expect(classifyPayload('91440101MA5CJQ4N590')).toEqual({ kind: 'text' });
    expect(classifyPayload('uniscid=91440101ma5cjq4n59')).toEqual({ kind: 'text' });
    expect(classifyPayload('代码91440101MA5CJQ4N59号')).toMatchObject({ kind: 'licence' });
  });

  it('does not take a random 18-digit number with a bad check for a licence', () => {
    expect(classifyPayload('https://shop.example/order?id=123456789012345670')).toEqual({ kind: 'text' });
  });
});

describe('classifyPayload: everything else', () => {
  it('is text and carries nothing', () => {
    for (const input of ['', 'hello', 'https://evil.example/?x=<img src=x>', 'javascript:alert(1)', 'BMK:X:ABCD']) {
      expect(classifyPayload(input)).toEqual({ kind: 'text' });
    }
  });

  it('strips control characters and caps the length', () => {
    expect(sanitizeScanText('\u0000BMK:R:\u001bABCD\u007f\u0085')).toBe('BMK:R:ABCD');
    expect(sanitizeScanText('a\r\nb\tc')).toBe('a  b c');
    expect(sanitizeScanText('\u202eevil')).toBe('evil');
    expect(sanitizeScanText('x'.repeat(10_000))).toHaveLength(MAX_SCAN_TEXT_LENGTH);
    const cut = sanitizeScanText(`${'x'.repeat(MAX_SCAN_TEXT_LENGTH - 1)}😀`);
    expect(cut).toHaveLength(MAX_SCAN_TEXT_LENGTH - 1);
  });

  it('property: never throws; only fixed-charset fields come back', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 6000, unit: 'binary' }), (input) => {
        const result = classifyPayload(input);
        switch (result.kind) {
          case 'receipt':
            expect(result.reference).toMatch(/^[A-Za-z0-9-]{4,50}$/);
            break;
          case 'appointment':
            expect(result.code).toMatch(/^[A-Za-z0-9-]{4,40}$/);
            break;
          case 'licence':
            expect(result.uscc).toMatch(/^[0-9A-HJ-NPQRTUWXY]{18}$/);
            break;
          default:
            expect(Object.keys(result)).toEqual(['kind']);
        }
        const clean = sanitizeScanText(input);
        expect(clean.length).toBeLessThanOrEqual(MAX_SCAN_TEXT_LENGTH);
        // eslint-disable-next-line no-control-regex
        expect(clean).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
      }),
      { numRuns: 300 },
    );
  });

  it('property: receipts and appointments round-trip', () => {
    const ref = fc.stringMatching(/^[A-Za-z0-9-]{4,50}$/);
    fc.assert(
      fc.property(ref, (reference) => {
        expect(classifyPayload(`BMK:R:${reference}`)).toEqual({ kind: 'receipt', reference });
      }),
    );
  });
});

describe('scan events', () => {
  it('makeScanEvent sanitises, classifies and validates', () => {
    const event = makeScanEvent('uniscid=91440101MA5CJQ4N59\r', 'utf-8', 'serial');
    expect(event).toEqual({
      text: 'uniscid=91440101MA5CJQ4N59',
      encoding: 'utf-8',
      kind: 'licence',
      uscc: '91440101MA5CJQ4N59',
      source: 'serial',
    });
    expect(scanEventSchema.parse(event)).toEqual(event);
    expect(makeScanEvent('BMK:R:ABCDE', 'latin1', 'hid')).toEqual({ text: 'BMK:R:ABCDE', encoding: 'latin1', kind: 'receipt', source: 'hid' });
    expect(makeScanEvent('\n\u0000 ', 'utf-8', 'wedge')).toBeUndefined();
  });

  it('the schema rejects unknown fields and values', () => {
    expect(SCAN_ENCODINGS).toEqual(['utf-8', 'gb18030', 'latin1']);
    expect(scanEventSchema.safeParse({ text: 'x', encoding: 'utf-16', kind: 'text', source: 'serial' }).success).toBe(false);
    expect(scanEventSchema.safeParse({ text: 'x', encoding: 'utf-8', kind: 'text', source: 'bluetooth' }).success).toBe(false);
    expect(scanEventSchema.safeParse({ text: 'x', encoding: 'utf-8', kind: 'text', source: 'camera', url: 'x' }).success).toBe(false);
    expect(scanEventSchema.safeParse({ text: 'x', encoding: 'utf-8', kind: 'licence', source: 'camera', uscc: 'bad' }).success).toBe(false);
  });
});
