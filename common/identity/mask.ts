/**
 * Masking of personal data wherever it is shown but not needed in full: screens, paper, logs.
 * The project rule: 张*三 for names, 4401**********123X for identity numbers, 138****1234 for phones.
 * An organisation's name is not personal data (it is on its licence and in the public register):
 * it is shown and printed in full (see applicantName).
 */

/** Keeps the first and last character of a name and masks the rest; a two-character name keeps the first. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return chars.length === 0 ? '' : '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/** An applicant's name as shown or printed: a person's masked (张*三), an organisation's in full. */
export function applicantName(applicant: { kind: 'person' | 'organization'; name: string }): string {
  return applicant.kind === 'organization' ? applicant.name.trim() : maskName(applicant.name);
}

/** Keeps the first four and last four characters of an identity number. */
export function maskIdNumber(idNumber: string): string {
  const chars = [...idNumber.trim()];
  if (chars.length <= 8) return '*'.repeat(chars.length);
  return chars.slice(0, 4).join('') + '*'.repeat(chars.length - 8) + chars.slice(-4).join('');
}

/** Keeps the first three and last four digits of a mobile number. */
export function maskPhone(phone: string): string {
  const chars = [...phone.trim()];
  if (chars.length <= 7) return '*'.repeat(chars.length);
  return chars.slice(0, 3).join('') + '*'.repeat(chars.length - 7) + chars.slice(-4).join('');
}
