import { describe, expect, it } from 'vitest';
import { translate } from '../../../../renderer/src/i18n/i18n';
import { en, enOne } from '../../../../renderer/src/i18n/en';
import { zhCN, type MessageKey } from '../../../../renderer/src/i18n/zh-CN';

describe('counts in English', () => {
  it('read as singular for one and plural otherwise', () => {
    expect(translate('en', 'review.outstanding', { count: 1 })).toBe('1 material still to supply; it is on your list.');
    expect(translate('en', 'review.outstanding', { count: 2 })).toBe('2 materials still to supply; they are on your list.');
    expect(translate('en', 'review.outstanding', { count: 0 })).toBe('0 materials still to supply; they are on your list.');
    expect(translate('en', 'material.copies', { count: 1 })).toBe('1 paper copy');
    expect(translate('en', 'material.copies', { count: 3 })).toBe('3 paper copies');
    expect(translate('en', 'form.problems', { count: 1 })).toMatch(/^1 answer needs attention/);
    expect(translate('en', 'find.category.count', { count: 1 })).toBe('1 service');
  });

  it('leave Chinese as it is', () => {
    expect(translate('zh-CN', 'review.outstanding', { count: 1 })).toBe('还有 1 项材料需要补交，已列入一次性告知书。');
    expect(translate('zh-CN', 'material.copies', { count: 1 })).toBe('纸质 1 份');
  });

  it('have a singular only for texts with a {count}, keeping their other placeholders', () => {
    const names = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((x) => x[1]).sort();
    for (const [key, one] of Object.entries(enOne) as [MessageKey, string][]) {
      expect(en[key], key).toContain('{count}');
      expect(zhCN[key], key).toContain('{count}');
      expect(names(one), key).toEqual(names(en[key]).filter((n) => n !== 'count'));
    }
  });
});
