/**
 * What a scanned code is. Every payload is untrusted (anyone can print a QR code and hold it to the
 * kiosk), so the classifier only ever hands back short identifiers drawn from fixed character sets:
 * never a URL to navigate to, never markup to render. Input is capped and control characters are
 * removed before anything looks at it.
 *
 * ## The kiosk's own codes
 *
 * | Code                       | Payload                         | Field                                  |
 * |----------------------------|---------------------------------|----------------------------------------|
 * | Receipt (回执) QR printed by the kiosk | `BMK:R:<reference>`  | reference `[A-Za-z0-9-]{4,50}`: a platform receipt number (办件编号, an..50) or a local reference |
 * | Appointment (预约) QR      | `BMK:A:<code>`                  | code `[A-Za-z0-9-]{4,40}`               |
 * | Bare appointment code      | `YY-` + 4..37 of `[A-Z0-9-]`    | the whole text is the code (7..40 chars) |
 *
 * `BMK` stands for 便民自助终端 (bianmin kiosk). The prefix is upper case and the whole (trimmed)
 * payload must match: `BMK:R:abc` followed by anything else is plain text. A payload that starts
 * with `BMK:` but does not match is plain text too.
 *
 * ## Business licences (营业执照)
 *
 * The QR code on a licence is usually a URL of 国家企业信用信息公示系统 (`...?uniscid=<code>`) or text
 * holding the 18-character unified social credit code (统一社会信用代码, GB 32100-2015). The code is
 * extracted where it stands on its own (not inside a longer run of ASCII letters and digits), in the
 * upper-case charset `0-9A-HJ-NPQRTUWXY`, and its check character verified with checkUscc:
 * - a valid check character: 'licence', usccCheck 'valid';
 * - a mismatching check character: still 'licence' with usccCheck 'check-mismatch' (early pilot codes
 *   such as `91350203M0001QAY9B` are legal: warn, don't reject), but only when the code is plausibly
 *   one (registration authority character and six-digit region code in place) and either the payload
 *   is the code alone or it names the code (uniscid, 信用代码, creditCode, …). Otherwise any 18-digit
 *   order or serial number in a random QR code would be taken for a licence.
 * Anything else is 'text'.
 */
import { checkUscc } from '../identity/check-digits';

export const SCAN_KINDS = ['receipt', 'appointment', 'licence', 'text'] as const;
export type ScanKind = (typeof SCAN_KINDS)[number];

export type ScanClassification =
  | { kind: 'receipt'; reference: string }
  | { kind: 'appointment'; code: string }
  | { kind: 'licence'; uscc: string; usccCheck: 'valid' | 'check-mismatch' }
  | { kind: 'text' };

/** The longest payload looked at, in UTF-16 code units; anything longer is cut. */
export const MAX_SCAN_TEXT_LENGTH = 4096;

export const RECEIPT_PREFIX = 'BMK:R:';
export const APPOINTMENT_PREFIX = 'BMK:A:';

const RECEIPT_RE = /^BMK:R:([A-Za-z0-9-]{4,50})$/;
const APPOINTMENT_RE = /^BMK:A:([A-Za-z0-9-]{4,40})$/;
const BARE_APPOINTMENT_RE = /^YY-[A-Z0-9-]{4,37}$/;
/** 18 USCC characters not preceded or followed by an ASCII letter or digit. */
const USCC_CANDIDATE_RE = /(?<![0-9A-Za-z])[0-9A-HJ-NPQRTUWXY]{18}(?![0-9A-Za-z])/g;
/** Registration authority (first character) as allotted so far, then a category, then six region digits. */
const USCC_SHAPE_RE = /^[1-9ANY][0-9A-HJ-NPQRTUWXY]\d{6}/;
const LICENCE_CONTEXT_RE = /uniscid|creditcode|credit_code|shxydm|tyshxydm|信用代码|营业执照|gsxt\.gov\.cn|注册号/i;

/** Line breaks and tabs become a space; other controls (C0, DEL, C1) and bidi overrides are removed. */
const WHITESPACE_CONTROLS_RE = /[\t\n\v\f\r\u0085\u2028\u2029]/g;
// eslint-disable-next-line no-control-regex
const OTHER_CONTROLS_RE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/**
 * The form of a payload every consumer sees: at most MAX_SCAN_TEXT_LENGTH code units (never ending in
 * half a surrogate pair), line breaks and tabs turned into spaces, other control and bidi-override
 * characters removed, outer whitespace trimmed.
 */
export function sanitizeScanText(raw: string): string {
  let text = raw.length > MAX_SCAN_TEXT_LENGTH ? raw.slice(0, MAX_SCAN_TEXT_LENGTH) : raw;
  const last = text.charCodeAt(text.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) text = text.slice(0, -1);
  return text.replace(WHITESPACE_CONTROLS_RE, ' ').replace(OTHER_CONTROLS_RE, '').trim();
}

/** Classifies a scanned payload (sanitised first, so raw scanner text may be passed). */
export function classifyPayload(text: string): ScanClassification {
  const clean = sanitizeScanText(text);

  const receipt = RECEIPT_RE.exec(clean);
  if (receipt) return { kind: 'receipt', reference: receipt[1]! };
  const appointment = APPOINTMENT_RE.exec(clean);
  if (appointment) return { kind: 'appointment', code: appointment[1]! };
  if (BARE_APPOINTMENT_RE.test(clean)) return { kind: 'appointment', code: clean };

  const licence = findUscc(clean);
  if (licence) return { kind: 'licence', ...licence };
  return { kind: 'text' };
}

function findUscc(text: string): { uscc: string; usccCheck: 'valid' | 'check-mismatch' } | undefined {
  let mismatch: string | undefined;
  for (const match of text.matchAll(USCC_CANDIDATE_RE)) {
    const code = match[0];
    if (!USCC_SHAPE_RE.test(code)) continue;
    const verdict = checkUscc(code);
    if (verdict.kind === 'valid') return { uscc: code, usccCheck: 'valid' };
    if (verdict.kind === 'check-mismatch') mismatch ??= code;
  }
  if (mismatch !== undefined && (text === mismatch || LICENCE_CONTEXT_RE.test(text))) {
    return { uscc: mismatch, usccCheck: 'check-mismatch' };
  }
  return undefined;
}
