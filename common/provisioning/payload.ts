/**
 * The signed provisioning payload a technician scans (QR code) or types on a fresh terminal.
 *
 *   BMKP1.<base64url of the UTF-8 JSON body>.<base64url of the Ed25519 signature>
 *
 * The signature covers the ASCII bytes of `BMKP1.<base64url body>` (the prefix is part of what is
 * signed, so a signature cannot be replayed under another format version). The body:
 *
 *   { "v": 1, "url": "https://intake.example.gov.cn/api" | "embedded", "hall": "gz-th-zwzx",
 *     "code": "<enrollment code>", "exp": "2026-12-31T16:00:00Z", "kid": "<key id>" }
 *
 * `url` `embedded` means "the platform this kiosk was started with" (demo and tests). `kid` names the
 * signing key (first 16 hex characters of the SHA-256 of its raw 32-byte public key), so keys can be
 * rotated while old terminals still know which one to use. Pure: the signature check is passed in
 * (Node's crypto in the host), so this module runs anywhere.
 */
import { base64ToBytes, bytesToBase64 } from '../ids/base64';

export const PROVISIONING_PREFIX = 'BMKP1';
/** A QR code of this many characters still scans reliably at kiosk distance (version ≤ 15, level M). */
export const MAX_PAYLOAD_CHARS = 600;

export interface ProvisioningBody {
  v: 1;
  /** The platform API address (https, or http to this machine only), or `embedded`. */
  url: string;
  /** The hall the terminal is enrolled into. */
  hall: string;
  /** The one-time enrollment code issued to the technician. */
  code: string;
  /** RFC 3339 expiry; after it the payload is refused. */
  exp: string;
  /** Key id of the signing key. */
  kid: string;
}

export type ProvisioningRefusal = 'malformed' | 'unknown-key' | 'bad-signature' | 'expired';

export type ProvisioningCheck = { ok: true; body: ProvisioningBody; expiresAt: Date } | { ok: false; reason: ProvisioningRefusal; message: string };

/** Checks an Ed25519 signature of `message` by the key `kid`; returns null when the key is unknown. */
export type SignatureCheck = (kid: string, message: Uint8Array, signature: Uint8Array) => boolean | null;

const HALL_PATTERN = /^[A-Za-z0-9-]{2,64}$/;
const CODE_PATTERN = /^[A-Za-z0-9-]{6,64}$/;
const KID_PATTERN = /^[0-9a-f]{16}$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;
const HTTPS_URL = /^https:\/\/[A-Za-z0-9.-]+(?::\d{1,5})?(?:\/[A-Za-z0-9._~\-/]*)?$/;
const LOOPBACK_HTTP_URL = /^http:\/\/(?:127\.0\.0\.1|localhost|\[::1\])(?::\d{1,5})?(?:\/[A-Za-z0-9._~\-/]*)?$/;

export function base64UrlEncode(bytes: Uint8Array): string {
  return bytesToBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function base64UrlDecode(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('not base64url');
  return base64ToBytes(text.replace(/-/g, '+').replace(/_/g, '/'));
}

/** The bytes that are signed: `BMKP1.<base64url body>`. */
export function signedPart(body: ProvisioningBody): string {
  return `${PROVISIONING_PREFIX}.${base64UrlEncode(new TextEncoder().encode(JSON.stringify(body)))}`;
}

/** Assembles a payload from its body and a signature made over `signedPart(body)`. */
export function assemblePayload(body: ProvisioningBody, signature: Uint8Array): string {
  return `${signedPart(body)}.${base64UrlEncode(signature)}`;
}

function refuse(reason: ProvisioningRefusal, message: string): ProvisioningCheck {
  return { ok: false, reason, message };
}

/** Problems with the body's fields, for a technician (empty when it is well-formed). */
export function bodyProblems(body: unknown): string[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return ['the body is not a JSON object'];
  const b = body as Record<string, unknown>;
  const problems: string[] = [];
  const allowed = new Set(['v', 'url', 'hall', 'code', 'exp', 'kid']);
  for (const key of Object.keys(b)) if (!allowed.has(key)) problems.push(`unexpected field "${key}"`);
  if (b.v !== 1) problems.push('format version "v" must be 1');
  if (typeof b.url !== 'string' || !(b.url === 'embedded' || HTTPS_URL.test(b.url) || LOOPBACK_HTTP_URL.test(b.url))) problems.push('"url" must be an https:// platform address (http only to this machine) or "embedded"');
  if (typeof b.hall !== 'string' || !HALL_PATTERN.test(b.hall)) problems.push('"hall" must be a hall id (2–64 letters, digits or dashes)');
  if (typeof b.code !== 'string' || !CODE_PATTERN.test(b.code)) problems.push('"code" must be an enrollment code (6–64 letters, digits or dashes)');
  if (typeof b.exp !== 'string' || !RFC3339.test(b.exp) || Number.isNaN(Date.parse(b.exp))) problems.push('"exp" must be an RFC 3339 date-time');
  if (typeof b.kid !== 'string' || !KID_PATTERN.test(b.kid)) problems.push('"kid" must be 16 lower-case hex characters');
  return problems;
}

/**
 * Parses and checks a payload: shape, then the signature (before anything in the body is trusted),
 * then the expiry against `now`. Every refusal says why, in words a technician can act on.
 */
export function checkProvisioningPayload(text: string, verify: SignatureCheck, now: Date): ProvisioningCheck {
  const payload = text.trim();
  if (payload.length > MAX_PAYLOAD_CHARS) return refuse('malformed', `The code is too long (${payload.length} characters; at most ${MAX_PAYLOAD_CHARS}).`);
  const parts = payload.split('.');
  if (parts.length !== 3 || parts[0] !== PROVISIONING_PREFIX) return refuse('malformed', `This is not a provisioning code (expected ${PROVISIONING_PREFIX}.<body>.<signature>).`);
  let bodyBytes: Uint8Array;
  let signature: Uint8Array;
  try {
    bodyBytes = base64UrlDecode(parts[1]!);
    signature = base64UrlDecode(parts[2]!);
  } catch {
    return refuse('malformed', 'The provisioning code is damaged (not base64url). Scan it again or type it carefully.');
  }
  if (signature.length !== 64) return refuse('malformed', 'The provisioning code is damaged: its signature has the wrong length.');
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bodyBytes));
  } catch {
    return refuse('malformed', 'The provisioning code is damaged: its body is not JSON.');
  }
  const problems = bodyProblems(body);
  if (problems.length > 0) return refuse('malformed', `The provisioning code is not valid: ${problems.join('; ')}.`);
  const checked = body as ProvisioningBody;
  const verdict = verify(checked.kid, new TextEncoder().encode(`${parts[0]}.${parts[1]}`), signature);
  if (verdict === null) return refuse('unknown-key', `The provisioning code was signed with a key this terminal does not know (key ${checked.kid}). Ask for a code signed with the current provisioning key.`);
  if (!verdict) return refuse('bad-signature', 'The provisioning code\'s signature is not valid: it was altered or not issued by the provisioning authority. Do not use it; report it.');
  const expiresAt = new Date(checked.exp);
  if (expiresAt.getTime() <= now.getTime()) {
    return refuse('expired', `The provisioning code expired at ${checked.exp}; this terminal's clock says ${now.toISOString()}. Ask for a new code (or check the clock).`);
  }
  return { ok: true, body: checked, expiresAt };
}
