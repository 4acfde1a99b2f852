/**
 * The master key store of the Electron shell: the keyring sealed by Electron's safeStorage (the OS
 * secret store: DPAPI on Windows, the Secret Service or KWallet on Linux) in
 * `<outboxDir>/master.key.sealed`. Electron main calls this after `ready` with its `safeStorage` and
 * hands the keys to the host (which never imports electron). Pure Node: safeStorage is passed in
 * structurally, so this is unit-tested with a fake.
 *
 * - Refused (KeyStoreRefusedError, with what a technician must do): on Linux the `basic_text` or
 *   `unknown` backend (a fixed password), or encryption not available at all.
 * - `master.key.sealed` present: opened; one that does not open to a keyring is refused, never
 *   replaced (the undelivered items would become unreadable).
 * - Absent, but a plain `master.key` (the terminal ran before safeStorage was wired): migrated —
 *   sealed, written durably, then the plain file removed durably. A crash in between leaves both;
 *   the next start finds them equal and finishes by removing the plain one.
 * - Neither: a new random key, sealed.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { writeFileDurably } from '../storage/durable';
import {
  isUnsafeBackend,
  KeyStoreRefusedError,
  keyStoreRefusal,
  keyringFromSealedText,
  keyringToSealedText,
  PLAIN_KEY_FILE,
  readKeyFile,
  removeFileDurably,
  sameKeyring,
  SEALED_KEY_FILE,
  singleKeyring,
  type MasterKeyring,
} from './master-key';

/** The parts of Electron's `safeStorage` used here. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only. */
  getSelectedStorageBackend?(): string;
}

export interface SafeStorageMasterKey {
  keyring: MasterKeyring;
  /** What happened: for a log line (never the key or a path). */
  origin: 'opened' | 'created' | 'migrated';
  /** safeStorage's backend on Linux. */
  backend?: string;
}

export interface SafeStorageKeyOptions {
  /** Default: process.platform. The backend is only asked for on Linux. */
  platform?: NodeJS.Platform;
}

/** The master keys of the journal in `outboxDir`, from the safeStorage-sealed key store. Throws KeyStoreRefusedError. */
export function openSafeStorageMasterKey(outboxDir: string, safeStorage: SafeStorageLike, options: SafeStorageKeyOptions = {}): SafeStorageMasterKey {
  // isEncryptionAvailable() first: on Linux the backend is chosen when encryption is first set up.
  const available = safeStorage.isEncryptionAvailable();
  const backend = (options.platform ?? process.platform) === 'linux' && typeof safeStorage.getSelectedStorageBackend === 'function' ? safeStorage.getSelectedStorageBackend() : undefined;
  if (isUnsafeBackend(backend)) throw keyStoreRefusal('unsafe-backend', { backend, dir: outboxDir });
  if (!available) throw keyStoreRefusal('encryption-unavailable', { backend, dir: outboxDir });

  const sealedPath = join(outboxDir, SEALED_KEY_FILE);
  const plainPath = join(outboxDir, PLAIN_KEY_FILE);
  const withBackend = (result: Omit<SafeStorageMasterKey, 'backend'>): SafeStorageMasterKey => (backend === undefined ? result : { ...result, backend });

  if (existsSync(sealedPath)) {
    const keyring = unseal(safeStorage, readFileSync(sealedPath));
    if (!keyring) throw keyStoreRefusal('sealed-key-unreadable', { backend, dir: outboxDir });
    if (existsSync(plainPath)) {
      // A migration that stopped before the plain file was removed, if the two agree.
      if (!sameKeyring(readKeyFile(plainPath), keyring)) throw keyStoreRefusal('keys-conflict', { backend, dir: outboxDir });
      removeFileDurably(plainPath);
      return withBackend({ keyring, origin: 'migrated' });
    }
    return withBackend({ keyring, origin: 'opened' });
  }

  mkdirSync(outboxDir, { recursive: true, mode: 0o700 });
  if (process.platform !== 'win32') chmodSync(outboxDir, 0o700);
  if (existsSync(plainPath)) {
    const keyring = readKeyFile(plainPath);
    writeSealed(safeStorage, sealedPath, keyring);
    removeFileDurably(plainPath);
    return withBackend({ keyring, origin: 'migrated' });
  }
  const keyring = singleKeyring(randomBytes(32));
  writeSealed(safeStorage, sealedPath, keyring);
  return withBackend({ keyring, origin: 'created' });
}

function unseal(safeStorage: SafeStorageLike, sealed: Buffer): MasterKeyring | null {
  try {
    return keyringFromSealedText(safeStorage.decryptString(sealed));
  } catch {
    return null;
  }
}

/** Seals the keyring, checks that it opens again, and writes it durably (temp + fsync + rename + directory fsync). */
function writeSealed(safeStorage: SafeStorageLike, path: string, keyring: MasterKeyring): void {
  const sealed = safeStorage.encryptString(keyringToSealedText(keyring));
  const back = unseal(safeStorage, sealed);
  if (!back || !sameKeyring(back, keyring)) {
    throw new KeyStoreRefusedError('The outbox key store refuses to run: Electron safeStorage did not give back the key it sealed. Check the OS secret store of the kiosk user, then restart.', 'encryption-unavailable');
  }
  rmSync(`${path}.tmp`, { force: true }); // a leftover temp file would keep its mode
  writeFileDurably(path, sealed);
}
