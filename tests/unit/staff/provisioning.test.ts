import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { assemblePayload, base64UrlDecode, base64UrlEncode, checkProvisioningPayload, signedPart, type ProvisioningBody } from '../../../common/provisioning/payload';
import { checkPayload, DEMO_PROVISIONING_PUBLIC_KEY, ed25519Check, keyIdOf } from '../../../host/staff/provisioning';
import { createPrivateKey, createPublicKey } from 'node:crypto';

const SCRIPT = fileURLToPath(new URL('../../../scripts/make-provisioning-qr.mjs', import.meta.url));
const DEMO_PRIVATE = readFileSync(fileURLToPath(new URL('../../../scripts/provisioning/demo-private-key.pem', import.meta.url)), 'utf8');
const NOW = new Date('2026-11-20T02:00:00Z');
const DEMO_KID = keyIdOf(createPublicKey(DEMO_PROVISIONING_PUBLIC_KEY));

function signWith(privatePem: string | ReturnType<typeof createPrivateKey>, body: ProvisioningBody): string {
  const key = typeof privatePem === 'string' ? createPrivateKey(privatePem) : privatePem;
  return assemblePayload(body, sign(null, Buffer.from(signedPart(body), 'ascii'), key));
}

const body = (overrides: Partial<ProvisioningBody> = {}): ProvisioningBody => ({ v: 1, url: 'https://intake.example.gov.cn/api', hall: 'gz-th-zwzx', code: 'DEMO-ENROLL-7', exp: '2026-11-21T00:00:00Z', kid: DEMO_KID, ...overrides });

describe('provisioning payloads (BMKP1.<body>.<signature>, Ed25519)', () => {
  it('accepts a payload signed with the shipped (demo) key, and the script makes such payloads', () => {
    expect(DEMO_KID).toMatch(/^[0-9a-f]{16}$/);
    const good = checkPayload(signWith(DEMO_PRIVATE, body()), NOW);
    expect(good).toMatchObject({ ok: true, body: { hall: 'gz-th-zwzx', code: 'DEMO-ENROLL-7' } });
    const printed = execFileSync(process.execPath, [SCRIPT, '--url', 'embedded', '--hall', 'gz-th-zwzx', '--code', 'DEMO-ENROLL-8', '--expires', '2026-11-20T03:00:00Z'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    expect(printed.length).toBeLessThan(400);
    expect(checkPayload(printed, NOW)).toMatchObject({ ok: true, body: { url: 'embedded', code: 'DEMO-ENROLL-8' } });
  });

  it('refuses a forged signature: another key claiming the demo key id, or a body changed after signing', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    expect(checkPayload(signWith(privateKey, body()), NOW)).toMatchObject({ ok: false, reason: 'bad-signature' });
    const genuine = signWith(DEMO_PRIVATE, body());
    const [prefix, , signature] = genuine.split('.');
    const altered = `${prefix}.${base64UrlEncode(new TextEncoder().encode(JSON.stringify(body({ url: 'https://evil.example.com/api' }))))}.${signature}`;
    expect(checkPayload(altered, NOW)).toMatchObject({ ok: false, reason: 'bad-signature', message: expect.stringMatching(/altered|not issued/) });
  });

  it('refuses a key it does not know', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const payload = signWith(privateKey, body({ kid: keyIdOf(publicKey) }));
    expect(checkPayload(payload, NOW)).toMatchObject({ ok: false, reason: 'unknown-key' });
    // …which a terminal trusting that key accepts.
    expect(checkProvisioningPayload(payload, ed25519Check([publicKey.export({ type: 'spki', format: 'pem' }) as string]), NOW)).toMatchObject({ ok: true });
  });

  it('refuses an expired payload, saying when it expired', () => {
    const payload = signWith(DEMO_PRIVATE, body({ exp: '2026-11-20T01:59:59Z' }));
    expect(checkPayload(payload, NOW)).toMatchObject({ ok: false, reason: 'expired', message: expect.stringContaining('2026-11-20T01:59:59Z') });
  });

  it('refuses malformed payloads with a reason', () => {
    const genuine = signWith(DEMO_PRIVATE, body());
    const [prefix, encoded, signature] = genuine.split('.') as [string, string, string];
    const cases = [
      '',
      'hello',
      genuine.replace('BMKP1', 'BMKP2'),
      `${prefix}.${encoded}`,
      `${prefix}.${encoded}.${signature}.x`,
      `${prefix}.${encoded}!.${signature}`,
      `${prefix}.${encoded}.${signature.slice(0, 20)}`,
      `${prefix}.${base64UrlEncode(new TextEncoder().encode('not json'))}.${signature}`,
      'BMKP1.' + 'A'.repeat(700) + '.x',
    ];
    for (const text of cases) expect(checkPayload(text, NOW)).toMatchObject({ ok: false, reason: 'malformed' });
    // Well-signed but with bad fields: still malformed (fields are checked before anything is used).
    for (const bad of [body({ url: 'http://10.0.0.5/api' }), body({ url: 'ftp://x' }), body({ hall: 'a b' }), body({ code: '123' }), body({ exp: 'tomorrow' })]) {
      expect(checkPayload(signWith(DEMO_PRIVATE, bad), NOW)).toMatchObject({ ok: false, reason: 'malformed' });
    }
    const extra = { ...body(), extra: 1 } as unknown as ProvisioningBody;
    expect(checkPayload(signWith(DEMO_PRIVATE, extra), NOW)).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('round-trips base64url', () => {
    const bytes = new Uint8Array([0, 251, 255, 62, 63, 1]);
    expect([...base64UrlDecode(base64UrlEncode(bytes))]).toEqual([...bytes]);
    expect(base64UrlEncode(bytes)).not.toMatch(/[+/=]/);
  });
});
