/**
 * Provisioning on the host: the Ed25519 check of a payload (common/provisioning/payload.ts) with
 * the public keys that ship with the app, then enrollment with the platform it names.
 *
 * The only key shipped today is the DEMO key (its private half is in scripts/provisioning/, for
 * demos and tests). A production build must replace TRUSTED_PROVISIONING_KEYS with the
 * provisioning authority's public key(s) and must not trust the demo key.
 */
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { checkProvisioningPayload, type ProvisioningCheck, type SignatureCheck } from '../../common/provisioning/payload';

/** DEMO ONLY: the public half of scripts/provisioning/demo-private-key.pem. */
export const DEMO_PROVISIONING_PUBLIC_KEY = `-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEAt9YlWpEfMT6H0pqyr33eFb85Lsiqm8hnGebxRfwxUf0=
-----END PUBLIC KEY-----
`;

export const TRUSTED_PROVISIONING_KEYS: readonly string[] = [DEMO_PROVISIONING_PUBLIC_KEY];

/** Key id: the first 16 hex characters of the SHA-256 of the raw 32-byte Ed25519 public key. */
export function keyIdOf(key: KeyObject): string {
  const jwk = key.export({ format: 'jwk' });
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') throw new Error('not an Ed25519 public key');
  return createHash('sha256').update(Buffer.from(jwk.x, 'base64url')).digest('hex').slice(0, 16);
}

/** A signature check over the given PEM public keys. */
export function ed25519Check(publicKeysPem: readonly string[]): SignatureCheck {
  const keys = new Map<string, KeyObject>();
  for (const pem of publicKeysPem) {
    const key = createPublicKey(pem);
    keys.set(keyIdOf(key), key);
  }
  return (kid, message, signature) => {
    const key = keys.get(kid);
    if (!key) return null;
    try {
      return verify(null, message, key, signature);
    } catch {
      return false;
    }
  };
}

export function checkPayload(text: string, now: Date, publicKeysPem: readonly string[] = TRUSTED_PROVISIONING_KEYS): ProvisioningCheck {
  return checkProvisioningPayload(text, ed25519Check(publicKeysPem), now);
}
