/**
 * AES-256-GCM for the outbox: a data key per item, and the master key that wraps item keys in the
 * journal. A sealed value is `0x01 | IV (12) | ciphertext | tag (16)`; the item id is the
 * additional authenticated data, so ciphertext cannot be moved from one item to another.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 1;

export function newKey(): Buffer {
  return randomBytes(32);
}

export function seal(key: Uint8Array, aad: string, plaintext: Uint8Array): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION]), iv, body, cipher.getAuthTag()]);
}

export function open(key: Uint8Array, aad: string, sealed: Uint8Array): Buffer {
  if (sealed.length < 1 + 12 + 16 || sealed[0] !== VERSION) throw new Error('not a sealed value');
  const iv = sealed.subarray(1, 13);
  const tag = sealed.subarray(sealed.length - 16);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(sealed.subarray(13, sealed.length - 16)), decipher.final()]);
}
