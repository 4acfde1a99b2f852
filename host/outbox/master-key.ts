/**
 * The master key that wraps every item key in the host's journal. Where it comes from decides how
 * much the encryption at rest is worth, so the host is strict about it:
 *
 * - **Electron** (`KIOSK_SAFE_STORAGE_BACKEND` set by the main process from
 *   `safeStorage.getSelectedStorageBackend()`): `basic_text` (Linux without a secret store: a
 *   hard-coded password) and `unknown` are refused — the host does not start, and says why.
 * - **File** (browser shell, headless, and Electron until the main process hands over a
 *   safeStorage-wrapped key): 32 random bytes in `<dataDir>/host/outbox/master.key`, mode 0600,
 *   owned by the kiosk user. The host refuses a key file that other users can read. This protects
 *   against IndexedDB/LevelDB residue being read from a copied disk only together with the file's
 *   permissions (an attacker with the kiosk account or root can read both); see
 *   renderer/src/outbox/README.md.
 */
import { chmodSync, existsSync, mkdirSync, openSync, readFileSync, statSync, writeSync, closeSync, fsyncSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import { fsyncDirectory } from '../storage/durable';

export class KeyStoreRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyStoreRefusedError';
  }
}

/** Electron's safeStorage backends that do not protect anything. */
const UNSAFE_BACKENDS = new Set(['basic_text', 'unknown']);

export function checkSafeStorageBackend(backend: string | undefined): void {
  if (backend === undefined) return;
  if (UNSAFE_BACKENDS.has(backend)) {
    throw new KeyStoreRefusedError(
      `The outbox key store refuses to run: Electron safeStorage uses the "${backend}" backend, which falls back to a fixed, publicly known password on this machine. ` +
        'Install and unlock a secret store (gnome-keyring or KWallet, a Secret Service provider) for the kiosk user, then restart. ' +
        'Citizens\' personal data would otherwise be encrypted with a key anyone can reconstruct.',
    );
  }
}

export interface MasterKeySource {
  kind: 'file';
  path: string;
  key: Buffer;
}

export function loadMasterKey(path: string, options: { safeStorageBackend?: string } = {}): MasterKeySource {
  checkSafeStorageBackend(options.safeStorageBackend);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  if (!existsSync(path)) {
    const fd = openSync(path, 'wx', 0o600);
    try {
      writeSync(fd, randomBytes(32));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    fsyncDirectory(dirname(path));
  }
  if (process.platform !== 'win32') {
    const mode = statSync(path).mode & 0o777;
    if ((mode & 0o077) !== 0) {
      throw new KeyStoreRefusedError(`The outbox key store refuses to run: ${path} is readable by other users (mode ${mode.toString(8)}). Make it 0600 and owned by the kiosk user (chmod 600), then restart.`);
    }
    chmodSync(dirname(path), 0o700);
  }
  const key = readFileSync(path);
  if (key.length !== 32) throw new KeyStoreRefusedError(`The outbox key store refuses to run: ${path} is not a 32-byte key (it may be damaged). A technician must restore it; undelivered items cannot be read without it.`);
  return { kind: 'file', path, key };
}
