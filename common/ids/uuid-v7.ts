/**
 * UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then random bits. Client ids of the
 * outbox are made with it when a thing is created and never change, so resends are idempotent.
 * common/ has no crypto global: the caller passes its source of random bytes (WebCrypto's
 * `crypto.getRandomValues` in the page, `randomBytes` in Node).
 */
export type RandomBytes = (length: number) => Uint8Array;

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function uuidv7(randomBytes: RandomBytes, nowMs: number = Date.now()): string {
  const bytes = new Uint8Array(16);
  bytes.set(randomBytes(10), 6);
  let ms = Math.max(0, Math.floor(nowMs));
  for (let i = 5; i >= 0; i -= 1) {
    bytes[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  bytes[6] = 0x70 | (bytes[6]! & 0x0f);
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  let out = '';
  for (let i = 0; i < 16; i += 1) {
    if (i === 4 || i === 6 || i === 8 || i === 10) out += '-';
    out += HEX[bytes[i]!]!;
  }
  return out;
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}
