import { describe, expect, it } from 'vitest';
import { SW3_ERRORS, SamError, describeSw3, samErrorFromSw3 } from '../../../../drivers/idcard/status-codes';

describe('SW3 status codes', () => {
  it('maps every code of the reference table', () => {
    const expected: Record<number, string> = {
      0x10: 'checksum',
      0x11: 'protocol',
      0x21: 'sam-fault',
      0x23: 'sam-fault',
      0x24: 'sam-fault',
      0x31: 'read-failed',
      0x32: 'read-failed',
      0x33: 'read-failed',
      0x40: 'unsupported-card',
      0x41: 'read-failed',
      0x47: 'read-failed',
      0x60: 'sam-fault',
      0x66: 'sam-fault',
      0x80: 'no-card',
      0x81: 'read-failed',
    };
    const actual = Object.fromEntries(Object.entries(SW3_ERRORS).map(([k, v]) => [Number(k), v.code]));
    expect(actual).toEqual(expected);
    for (const info of Object.values(SW3_ERRORS)) expect(info.message).toMatch(/^[\x20-\x7e]+$/);
  });

  it('treats 90, 9F and 91 as success', () => {
    for (const sw3 of [0x90, 0x9f, 0x91]) expect(describeSw3(sw3).ok).toBe(true);
  });

  it('classifies unknown codes as protocol errors', () => {
    expect(describeSw3(0x55)).toMatchObject({ ok: false, code: 'protocol' });
  });

  it('builds SamErrors that carry code, SW3 and the command', () => {
    const e = samErrorFromSw3(0x60, 'SAM status');
    expect(e).toBeInstanceOf(SamError);
    expect(e).toBeInstanceOf(Error);
    expect(e.code).toBe('sam-fault');
    expect(e.sw3).toBe(0x60);
    expect(e.message).toContain('SAM status');
    expect(e.message).toContain('SW3=60');
    expect(new SamError('timeout', 'x').sw3).toBeUndefined();
  });
});
