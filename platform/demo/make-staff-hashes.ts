/**
 * Recomputes the staff credentials in platform/demo/hall.json from the demo staff table below.
 *
 *   npx tsx platform/demo/make-staff-hashes.ts
 *
 * pinHash  = `scrypt$16384$8$1$<salt base64>$<hash base64>` (16-byte random salt, 32-byte key)
 * cardHash = hex SHA-256 of `<hallId>:<identity number>`
 *
 * Every person and every number here is invented; the PINs are demo credentials only and are
 * listed in platform/demo/README.md. Salts are random, so each run changes pinHash but not cardHash.
 */
import { createHash, randomBytes, scryptSync } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { withIdCheckChar } from '../../common/identity/check-digits';

type Role = 'technician' | 'hall-manager' | 'assistant';

export interface DemoStaff {
  staffId: string;
  name: string;
  roles: Role[];
  pin: string;
  /** First 17 digits of an invented resident ID; the check character is appended. */
  idFirst17?: string;
}

export const DEMO_STAFF: DemoStaff[] = [
  { staffId: 'TH-T01', name: '陈志强', roles: ['technician'], pin: '246810', idFirst17: '44010619850412213' },
  { staffId: 'TH-M01', name: '李慧敏', roles: ['hall-manager', 'assistant'], pin: '135790', idFirst17: '44010419880923046' },
  { staffId: 'TH-A01', name: '黄晓婷', roles: ['assistant'], pin: '864209', idFirst17: '44011119960205128' },
  { staffId: 'TH-A02', name: '梁俊杰', roles: ['assistant'], pin: '520134' },
];

export const SCRYPT = { N: 16384, r: 8, p: 1, saltBytes: 16, keyBytes: 32 } as const;

export function hashPin(pin: string, salt: Buffer = randomBytes(SCRYPT.saltBytes)): string {
  const key = scryptSync(pin, salt, SCRYPT.keyBytes, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p });
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export function cardHash(hallId: string, idNumber: string): string {
  return createHash('sha256').update(`${hallId}:${idNumber}`, 'utf8').digest('hex');
}

export function demoIdNumber(staff: DemoStaff): string | undefined {
  return staff.idFirst17 === undefined ? undefined : withIdCheckChar(staff.idFirst17);
}

function main(): void {
  const hallPath = fileURLToPath(new URL('./hall.json', import.meta.url));
  const hall = JSON.parse(readFileSync(hallPath, 'utf8')) as { hallId: string; staff?: unknown[] } & Record<string, unknown>;
  hall.staff = DEMO_STAFF.map((s) => {
    const idNumber = demoIdNumber(s);
    return {
      staffId: s.staffId,
      name: s.name,
      roles: s.roles,
      pinHash: hashPin(s.pin),
      ...(idNumber !== undefined ? { cardHash: cardHash(hall.hallId, idNumber) } : {}),
    };
  });
  writeFileSync(hallPath, JSON.stringify(hall, null, 2) + '\n');
  for (const s of DEMO_STAFF) console.log(`${s.staffId} ${s.name} [${s.roles.join(', ')}] PIN ${s.pin} ID ${demoIdNumber(s) ?? '—'}`);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) main();
