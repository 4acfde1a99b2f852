import { describe, expect, it } from 'vitest';
import { checkIdNumber, checkUscc, idNumberCheckChar, organizationCodeCheckChar, withIdCheckChar } from '../../../common/identity/check-digits';
import { maskIdNumber, maskName, maskPhone } from '../../../common/identity/mask';

describe('identity number (GB 11643)', () => {
  it('accepts the worked examples from the standard and the permit sample', () => {
    expect(checkIdNumber('11010519491231002X')).toEqual({ ok: true });
    expect(checkIdNumber('11010519491231002x')).toEqual({ ok: true });
    expect(checkIdNumber('810000199408230021')).toEqual({ ok: true });
  });
  it('says what is wrong with a bad number', () => {
    expect(checkIdNumber('110105194912310021')).toEqual({ ok: false, problem: 'check-digit' });
    expect(checkIdNumber('11010519491331002X')).toEqual({ ok: false, problem: 'birth-date' });
    expect(checkIdNumber('1101051949123100')).toEqual({ ok: false, problem: 'length' });
    expect(checkIdNumber('11010519491231A02X')).toEqual({ ok: false, problem: 'characters' });
  });
  it('computes the check character for invented fixtures', () => {
    expect(idNumberCheckChar('11010519491231002')).toBe('X');
    expect(checkIdNumber(withIdCheckChar('44010619900307123')).ok).toBe(true);
  });
});

describe('unified social credit code (GB 32100)', () => {
  it('accepts valid codes', () => {
    for (const code of ['91350100M000100Y43', '91440101MA5CJQ4N59', '11450721348531435D']) expect(checkUscc(code)).toEqual({ kind: 'valid' });
  });
  it('warns rather than rejects an early pilot code whose check does not match', () => {
    expect(checkUscc('91350203M0001QAY9B').kind).toBe('check-mismatch');
  });
  it('rejects malformed codes', () => {
    expect(checkUscc('91350100M000100Y4')).toEqual({ kind: 'malformed', reason: 'length' });
    expect(checkUscc('91350100M000100YI3')).toEqual({ kind: 'malformed', reason: 'characters' });
  });
  it('computes the embedded organisation-code check', () => {
    expect(organizationCodeCheckChar('M000100Y')).toBe('4');
  });
});

describe('masking', () => {
  it('masks names, identity numbers and phones as the project rule says', () => {
    expect(maskName('张三丰')).toBe('张*丰');
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧**娜');
    expect(maskIdNumber('44010619900307123X')).toBe('4401**********123X');
    expect(maskPhone('13812341234')).toBe('138****1234');
  });
});
