/**
 * Times as people in the hall read them: China Standard Time (UTC+8, no daylight saving), whatever
 * the machine's own time zone is set to. Receipts, tickets and screens must agree to the minute.
 */
const CHINA_OFFSET_MS = 8 * 3600_000;

function shifted(at: Date | string): Date {
  return new Date(new Date(at).getTime() + CHINA_OFFSET_MS);
}

const two = (n: number) => String(n).padStart(2, '0');

/** `2026-11-22` */
export function chinaDay(at: Date | string): string {
  return shifted(at).toISOString().slice(0, 10);
}

/** `13:15` */
export function chinaClock(at: Date | string): string {
  const d = shifted(at);
  return `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
}

/** `2026-11-22 13:15`, as printed on receipts. */
export function chinaDateTime(at: Date | string): string {
  return `${chinaDay(at)} ${chinaClock(at)}`;
}
