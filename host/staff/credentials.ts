/**
 * Staff credentials as provisioned in the terminal configuration (contract TerminalConfig.staff):
 *
 *   pinHash  = `scrypt$N$r$p$<salt base64>$<hash base64>`
 *   cardHash = hex SHA-256 of `<hallId>:<identity number>`
 *
 * PINs are compared in constant time after an asynchronous scrypt (the host's event loop keeps
 * serving devices meanwhile). A malformed or absurd hash (N too large: a denial of service) is
 * treated as no PIN at all.
 */
import { createHash, scrypt, timingSafeEqual } from 'node:crypto';
import { STAFF_ROLES, type StaffRole } from '../../common/ipc/methods/staff';

export interface StaffEntry {
  staffId: string;
  name: string;
  roles: StaffRole[];
  pinHash?: string;
  cardHash?: string;
}

interface ParsedPinHash {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  hash: Buffer;
}

const MAX_N = 2 ** 20;

export function parsePinHash(text: string): ParsedPinHash | null {
  const parts = text.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (!Number.isInteger(N) || N < 2 || N > MAX_N || (N & (N - 1)) !== 0) return null;
  if (!Number.isInteger(r) || r < 1 || r > 32 || !Number.isInteger(p) || p < 1 || p > 16) return null;
  const b64 = /^[A-Za-z0-9+/]+={0,2}$/;
  if (!b64.test(parts[4]!) || !b64.test(parts[5]!)) return null;
  const salt = Buffer.from(parts[4]!, 'base64');
  const hash = Buffer.from(parts[5]!, 'base64');
  if (salt.length < 8 || hash.length < 16 || hash.length > 64) return null;
  return { N, r, p, salt, hash };
}

function scryptAsync(pin: string, parsed: ParsedPinHash): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(pin, parsed.salt, parsed.hash.length, { N: parsed.N, r: parsed.r, p: parsed.p, maxmem: 256 * parsed.N * parsed.r + 1024 * 1024 }, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** A stand-in hash so an unknown staff id costs the same time as a known one. */
const DECOY = parsePinHash('scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=')!;

/** True when `pin` matches `pinHash`; false for a wrong PIN, a missing or malformed hash. */
export async function verifyPin(pin: string, pinHash: string | undefined): Promise<boolean> {
  const parsed = pinHash ? parsePinHash(pinHash) : null;
  const key = await scryptAsync(pin, parsed ?? DECOY);
  if (!parsed) return false;
  return key.length === parsed.hash.length && timingSafeEqual(key, parsed.hash);
}

export function cardHashOf(hallId: string, idNumber: string): string {
  return createHash('sha256').update(`${hallId}:${idNumber}`, 'utf8').digest('hex');
}

/** The staff whose card hash matches, compared in constant time. */
export function staffByCard(staff: StaffEntry[], hallId: string, idNumber: string): StaffEntry | undefined {
  const probe = Buffer.from(cardHashOf(hallId, idNumber), 'hex');
  let found: StaffEntry | undefined;
  for (const member of staff) {
    if (!member.cardHash || !/^[0-9a-f]{64}$/.test(member.cardHash)) continue;
    if (timingSafeEqual(probe, Buffer.from(member.cardHash, 'hex')) && !found) found = member;
  }
  return found;
}

/** The staff list of the cached terminal configuration, keeping only well-formed entries. */
export function staffListOf(config: Record<string, unknown> | null): StaffEntry[] {
  const raw = config?.staff;
  if (!Array.isArray(raw)) return [];
  const out: StaffEntry[] = [];
  for (const item of raw) {
    if (typeof item !== 'object' || item === null) continue;
    const s = item as Record<string, unknown>;
    if (typeof s.staffId !== 'string' || typeof s.name !== 'string' || !Array.isArray(s.roles)) continue;
    const roles = s.roles.filter((r): r is StaffRole => (STAFF_ROLES as readonly string[]).includes(r as string));
    out.push({
      staffId: s.staffId,
      name: s.name,
      roles,
      ...(typeof s.pinHash === 'string' ? { pinHash: s.pinHash } : {}),
      ...(typeof s.cardHash === 'string' ? { cardHash: s.cardHash.toLowerCase() } : {}),
    });
  }
  return out;
}
