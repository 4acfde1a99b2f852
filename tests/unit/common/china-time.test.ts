import { describe, expect, it } from 'vitest';
import { chinaClock, chinaDateTime, chinaDay } from '../../../common/time/china-time';

describe('China Standard Time', () => {
  it('shows UTC+8 whatever the machine zone, across midnight', () => {
    expect(chinaDateTime('2026-11-22T05:15:58.744Z')).toBe('2026-11-22 13:15');
    expect(chinaDay('2026-11-22T16:00:00Z')).toBe('2026-11-23');
    expect(chinaClock(new Date('2026-11-22T15:59:00Z'))).toBe('23:59');
  });
});
