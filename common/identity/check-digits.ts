/**
 * Check digits of the identifiers a citizen or an organisation presents.
 * GB 11643-1999 (citizen identity number, ISO 7064 MOD 11-2) and GB 32100-2015 (unified social
 * credit code) with the GB 11714 organisation-code check embedded in it.
 */

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const ID_CHECK_CHARS = '10X98765432';

/** The check character for the first 17 digits of an identity number, or undefined if they are not 17 digits. */
export function idNumberCheckChar(first17: string): string | undefined {
  if (!/^\d{17}$/.test(first17)) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK_CHARS[sum % 11];
}

export type IdNumberProblem = 'length' | 'characters' | 'birth-date' | 'check-digit';

/** Validates an 18-character identity number (resident ID and the 8xxxxx HK/Macao/Taiwan permits). */
export function checkIdNumber(value: string): { ok: true } | { ok: false; problem: IdNumberProblem } {
  const upper = value.toUpperCase();
  if (upper.length !== 18) return { ok: false, problem: 'length' };
  if (!/^\d{17}[\dX]$/.test(upper)) return { ok: false, problem: 'characters' };
  const y = Number(upper.slice(6, 10));
  const m = Number(upper.slice(10, 12));
  const d = Number(upper.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return { ok: false, problem: 'birth-date' };
  }
  if (idNumberCheckChar(upper.slice(0, 17)) !== upper[17]) return { ok: false, problem: 'check-digit' };
  return { ok: true };
}

export function isValidIdNumber(value: string): boolean {
  return checkIdNumber(value).ok;
}

/** Appends the right check character to 17 digits (for invented fixtures). */
export function withIdCheckChar(first17: string): string {
  const check = idNumberCheckChar(first17);
  if (check === undefined) throw new Error('expected 17 digits');
  return first17 + check;
}

export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

/** The 18th character of a unified social credit code from its first 17, or undefined if a character is not allowed. */
export function usccCheckChar(first17: string): string | undefined {
  if (first17.length !== 17) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i += 1) {
    const value = USCC_CHARSET.indexOf(first17[i]!);
    if (value < 0) return undefined;
    sum += value * USCC_WEIGHTS[i]!;
  }
  return USCC_CHARSET[(31 - (sum % 31)) % 31];
}

/** The check character of the GB 11714 organisation code held in positions 9–17 of a USCC. */
export function organizationCodeCheckChar(first8: string): string | undefined {
  if (!/^[0-9A-Z]{8}$/.test(first8)) return undefined;
  let sum = 0;
  for (let i = 0; i < 8; i += 1) {
    const c = first8[i]!;
    const value = c >= '0' && c <= '9' ? Number(c) : c.charCodeAt(0) - 55;
    sum += value * ORG_WEIGHTS[i]!;
  }
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}

export type UsccVerdict =
  | { kind: 'valid' }
  /** Well-formed but the check character does not match: early pilot codes are legal, so warn, do not reject. */
  | { kind: 'check-mismatch'; expected: string }
  | { kind: 'malformed'; reason: 'length' | 'characters' };

export function checkUscc(value: string): UsccVerdict {
  const upper = value.toUpperCase();
  if (upper.length !== 18) return { kind: 'malformed', reason: 'length' };
  if (![...upper].every((c) => USCC_CHARSET.includes(c))) return { kind: 'malformed', reason: 'characters' };
  const expected = usccCheckChar(upper.slice(0, 17))!;
  return expected === upper[17] ? { kind: 'valid' } : { kind: 'check-mismatch', expected };
}
