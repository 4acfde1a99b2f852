/**
 * The master key that wraps every item key in the host's journal. Where it comes from decides how
 * much the encryption at rest is worth, so the host is strict about it:
 *
 * - **Electron** (`KIOSK_MASTER_KEY_SOURCE=parent`): the main process keeps the master key sealed by
 *   Electron's safeStorage (the OS secret store) in `<dataDir>/host/outbox/master.key.sealed` and
 *   hands it to the host over the utilityProcess's parentPort at each start
 *   (host/outbox/safe-storage-key.ts, host/transports/electron-parent-port.ts); the host reads no
 *   key file (`kind: 'safe-storage'`). A plain `master.key` left by an earlier version is sealed
 *   and removed the first time. When the key store is refused — safeStorage's `basic_text`
 *   (Linux without a secret store: a hard-coded password) or `unknown` backend, encryption not
 *   available, a sealed key that does not open — main still starts the host with
 *   `KIOSK_KEY_STORE_REFUSED` (and `KIOSK_SAFE_STORAGE_BACKEND`), and the host does not start, and
 *   says why in its log (`keyStoreRefusal`).
 * - **File** (browser shell, headless): `<dataDir>/host/outbox/master.key`, mode 0600 in a 0700
 *   directory, owned by the kiosk user. The host refuses a key file that other users can read, and
 *   refuses to make a new one beside a sealed key (that terminal's key is Electron's). This protects
 *   against IndexedDB/LevelDB residue being read from a copied disk only together with the file's
 *   permissions (an attacker with the kiosk account or root can read both); see
 *   renderer/src/outbox/README.md.
 *
 * Keys are versioned for rotation (`OutboxHost.rotateMasterKey`): a key store holds a keyring, the
 * current version (new item keys are wrapped with it) and, only while a rotation is under way, the
 * older ones. A lone version-1 key is stored as before (32 raw bytes in the file, its base64 when
 * sealed); a keyring otherwise (`encodeKeyring`).
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { HOST_MASTER_KEY_MESSAGE, type HostMasterKeyMessage } from '../../common/ipc/electron-bridge';
import { fsyncDirectory, writeFileDurably } from '../storage/durable';

/** The directory of the outbox's key store and journal under the kiosk's data directory. */
export function outboxDirOf(dataDir: string): string {
  return join(dataDir, 'host', 'outbox');
}

export const PLAIN_KEY_FILE = 'master.key';
export const SEALED_KEY_FILE = 'master.key.sealed';

/** Why a key store was refused; travels from Electron main to the host in `KIOSK_KEY_STORE_REFUSED`. */
export const KEY_STORE_REFUSALS = ['unsafe-backend', 'encryption-unavailable', 'sealed-key-unreadable', 'plain-key-unsafe', 'keys-conflict', 'key-store-failed'] as const;
export type KeyStoreRefusal = (typeof KEY_STORE_REFUSALS)[number];

export class KeyStoreRefusedError extends Error {
  constructor(
    message: string,
    /** What went wrong, for a log line without paths (`refused` when it has no code of its own). */
    readonly reason: KeyStoreRefusal | 'refused' = 'refused',
    /** Electron safeStorage's backend on Linux, when known. */
    readonly backend?: string,
  ) {
    super(message);
    this.name = 'KeyStoreRefusedError';
  }
}

const REFUSES = 'The outbox key store refuses to run';

/**
 * The refusal for a reason, with what a technician must do. The same words whether the host found
 * the problem itself or Electron main found it and passed the reason on.
 */
export function keyStoreRefusal(reason: KeyStoreRefusal, facts: { backend?: string; dir?: string; detail?: string } = {}): KeyStoreRefusedError {
  const where = facts.dir ?? '<dataDir>/host/outbox';
  const text: Record<KeyStoreRefusal, string> = {
    'unsafe-backend':
      `${REFUSES}: Electron safeStorage uses the "${facts.backend ?? 'unknown'}" backend, which falls back to a fixed, publicly known password on this machine. ` +
      'Install and unlock a secret store (gnome-keyring or KWallet, a Secret Service provider) for the kiosk user, then restart. ' +
      "Citizens' personal data would otherwise be encrypted with a key anyone can reconstruct.",
    'encryption-unavailable':
      `${REFUSES}: Electron safeStorage cannot encrypt on this machine${facts.backend ? ` (backend "${facts.backend}")` : ''}: the OS secret store is missing or locked. ` +
      'Make sure the kiosk user has a secret store (Linux: gnome-keyring or KWallet, unlocked at login; Windows: a normal user profile), then restart.',
    'sealed-key-unreadable':
      `${REFUSES}: the sealed master key ${join(where, SEALED_KEY_FILE)} does not open with this machine's secret store (it may be damaged, or the kiosk user's keyring was reset or replaced). ` +
      'It is never replaced automatically: the undelivered items on this terminal cannot be read without it. A technician must restore the kiosk user\'s keyring (or the file from a backup), then restart.',
    'plain-key-unsafe': `${REFUSES}: the master key file ${join(where, PLAIN_KEY_FILE)} is damaged or readable by other users${facts.detail ? ` (${facts.detail})` : ''}. A technician must check it (mode 0600, owned by the kiosk user, 32 bytes) or restore it, then restart.`,
    'keys-conflict':
      `${REFUSES}: both a sealed master key (${SEALED_KEY_FILE}) and a different plain one (${PLAIN_KEY_FILE}) are in ${where}. ` +
      'A technician must find out which one this terminal\'s journal uses (the terminal may have been started by another shell) before removing the other, then restart.',
    'key-store-failed': `${REFUSES}: the Electron shell could not read or write the master key in ${where}${facts.detail ? ` (${facts.detail})` : ''}. Check that directory's permissions and the disk, then restart.`,
  };
  return new KeyStoreRefusedError(text[reason], reason, facts.backend);
}

/** Electron's safeStorage backends that do not protect anything. */
const UNSAFE_BACKENDS = new Set(['basic_text', 'unknown']);

export function isUnsafeBackend(backend: string | undefined): boolean {
  return backend !== undefined && UNSAFE_BACKENDS.has(backend);
}

export function checkSafeStorageBackend(backend: string | undefined): void {
  if (isUnsafeBackend(backend)) throw keyStoreRefusal('unsafe-backend', { backend });
}

//#region keyrings

/** The master keys: `current` wraps new item keys; the others exist only while a rotation is under way. */
export interface MasterKeyring {
  current: number;
  keys: ReadonlyMap<number, Buffer>;
}

export function singleKeyring(key: Buffer, version = 1): MasterKeyring {
  return { current: version, keys: new Map([[version, key]]) };
}

export function currentKey(ring: MasterKeyring): Buffer {
  const key = ring.keys.get(ring.current);
  if (!key) throw new Error('the keyring has no current key');
  return key;
}

const KEYRING_FORMAT = 'kiosk-master-keyring';

/** Text form of a keyring with more than one key or a version other than 1. */
export function encodeKeyring(ring: MasterKeyring): string {
  const keys: Record<string, string> = {};
  for (const [version, key] of ring.keys) keys[String(version)] = key.toString('base64');
  return JSON.stringify({ format: KEYRING_FORMAT, current: ring.current, keys });
}

/** The keyring in a text, or null if it is not one (or is damaged). */
export function decodeKeyring(text: string): MasterKeyring | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { format, current, keys } = value as { format?: unknown; current?: unknown; keys?: unknown };
  if (format !== KEYRING_FORMAT || !isVersion(current) || typeof keys !== 'object' || keys === null) return null;
  const map = new Map<number, Buffer>();
  for (const [name, encoded] of Object.entries(keys as Record<string, unknown>)) {
    const version = Number(name);
    const key = typeof encoded === 'string' ? decodeKey(encoded) : null;
    if (!isVersion(version) || !key) return null;
    map.set(version, key);
  }
  return map.has(current) ? { current, keys: map } : null;
}

export function isVersion(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1;
}

/** A 32-byte key from canonical base64, or null. */
export function decodeKey(base64: string): Buffer | null {
  if (!/^[A-Za-z0-9+/]{43}=$/.test(base64)) return null;
  const key = Buffer.from(base64, 'base64');
  return key.length === 32 && key.toString('base64') === base64 ? key : null;
}

/** The plain key file's bytes: 32 raw bytes (a lone version 1), or a keyring. */
export function keyringFromFileBytes(bytes: Buffer): MasterKeyring | null {
  if (bytes.length === 32) return singleKeyring(Buffer.from(bytes));
  return decodeKeyring(bytes.toString('utf8'));
}

export function keyringToFileBytes(ring: MasterKeyring): Buffer {
  if (ring.current === 1 && ring.keys.size === 1) return Buffer.from(currentKey(ring));
  return Buffer.from(encodeKeyring(ring), 'utf8');
}

/** What safeStorage seals: the base64 of a lone version-1 key, or a keyring. */
export function keyringToSealedText(ring: MasterKeyring): string {
  if (ring.current === 1 && ring.keys.size === 1) return currentKey(ring).toString('base64');
  return encodeKeyring(ring);
}

export function keyringFromSealedText(text: string): MasterKeyring | null {
  const key = decodeKey(text);
  return key ? singleKeyring(key) : decodeKeyring(text);
}

export function sameKeyring(a: MasterKeyring, b: MasterKeyring): boolean {
  if (a.current !== b.current || a.keys.size !== b.keys.size) return false;
  for (const [version, key] of a.keys) {
    const other = b.keys.get(version);
    if (!other || !other.equals(key)) return false;
  }
  return true;
}

/** A keyring with a new random key as the current version; the older keys stay until retired. */
export function withNewKey(ring: MasterKeyring): MasterKeyring {
  const version = Math.max(...ring.keys.keys()) + 1;
  return { current: version, keys: new Map([...ring.keys, [version, randomBytes(32)]]) };
}

/** The message Electron main posts to the host with the keys. */
export function keyringToHandOff(ring: MasterKeyring): HostMasterKeyMessage {
  const older = [...ring.keys].filter(([version]) => version !== ring.current).map(([version, key]) => ({ version, key: key.toString('base64') }));
  return { type: HOST_MASTER_KEY_MESSAGE, key: currentKey(ring).toString('base64'), version: ring.current, ...(older.length > 0 ? { older } : {}) };
}

/** The keys in a message from Electron main, or null if it is not a valid key message. */
export function keyringFromHandOff(data: unknown): MasterKeyring | null {
  if (typeof data !== 'object' || data === null) return null;
  const { type, key, version, older } = data as { type?: unknown; key?: unknown; version?: unknown; older?: unknown };
  if (type !== HOST_MASTER_KEY_MESSAGE || typeof key !== 'string') return null;
  const current = version === undefined ? 1 : version;
  const currentBytes = decodeKey(key);
  if (!isVersion(current) || !currentBytes) return null;
  const keys = new Map<number, Buffer>([[current, currentBytes]]);
  if (older !== undefined) {
    if (!Array.isArray(older)) return null;
    for (const entry of older as unknown[]) {
      const { version: v, key: k } = (entry ?? {}) as { version?: unknown; key?: unknown };
      const bytes = typeof k === 'string' ? decodeKey(k) : null;
      if (!isVersion(v) || !bytes || keys.has(v)) return null;
      keys.set(v, bytes);
    }
  }
  return { current, keys };
}

//#endregion

//#region loading

/**
 * Where the master keys came from. `save` is there when the host itself can write the key store
 * (the file); a safeStorage-sealed key is written by Electron main only.
 */
export type MasterKeySource =
  | { kind: 'file'; path: string; key: Buffer; keyring: MasterKeyring; save(ring: MasterKeyring): void }
  | { kind: 'safe-storage'; key: Buffer; keyring: MasterKeyring; save?: undefined };

export interface LoadMasterKeyOptions {
  /** Electron safeStorage's backend (`KIOSK_SAFE_STORAGE_BACKEND`). */
  safeStorageBackend?: string;
  /** Electron main refused the key store (`KIOSK_KEY_STORE_REFUSED`): the host refuses with the same words. */
  refused?: string;
  /** The keys Electron main handed over (`KIOSK_MASTER_KEY_SOURCE=parent`): no file is read. */
  provided?: MasterKeyring;
}

/** The master keys for the journal in `dirname(path)`; `path` is the plain key file. */
export function loadMasterKey(path: string, options: LoadMasterKeyOptions = {}): MasterKeySource {
  const dir = dirname(path);
  checkSafeStorageBackend(options.safeStorageBackend);
  if (options.refused !== undefined) {
    const reason = (KEY_STORE_REFUSALS as readonly string[]).includes(options.refused) ? (options.refused as KeyStoreRefusal) : 'key-store-failed';
    throw keyStoreRefusal(reason, { backend: options.safeStorageBackend, dir });
  }
  if (options.provided) return { kind: 'safe-storage', key: currentKey(options.provided), keyring: options.provided };

  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!existsSync(path)) {
    if (existsSync(join(dir, SEALED_KEY_FILE))) {
      throw new KeyStoreRefusedError(
        `${REFUSES}: this terminal's master key is sealed by the Electron shell (${join(dir, SEALED_KEY_FILE)}); this shell cannot open it, and a new key would leave the undelivered items unreadable. Start the kiosk with the Electron shell.`,
      );
    }
    writeKeyFile(path, singleKeyring(randomBytes(32)));
  }
  const keyring = readKeyFile(path);
  return { kind: 'file', path, key: currentKey(keyring), keyring, save: (ring) => writeKeyFile(path, ring) };
}

/** Reads the plain key file, refusing one that others can read or that is not a key. */
export function readKeyFile(path: string): MasterKeyring {
  if (process.platform !== 'win32') {
    const mode = statSync(path).mode & 0o777;
    if ((mode & 0o077) !== 0) {
      throw new KeyStoreRefusedError(`${REFUSES}: ${path} is readable by other users (mode ${mode.toString(8)}). Make it 0600 and owned by the kiosk user (chmod 600), then restart.`, 'plain-key-unsafe');
    }
    chmodSync(dirname(path), 0o700);
  }
  const keyring = keyringFromFileBytes(readFileSync(path));
  if (!keyring) throw new KeyStoreRefusedError(`${REFUSES}: ${path} is not a 32-byte key (it may be damaged). A technician must restore it; undelivered items cannot be read without it.`, 'plain-key-unsafe');
  return keyring;
}

/** Replaces the plain key file durably (a crash leaves the old or the new one), mode 0600. */
export function writeKeyFile(path: string, ring: MasterKeyring): void {
  rmSync(`${path}.tmp`, { force: true }); // a leftover temp file would keep its mode
  writeFileDurably(path, keyringToFileBytes(ring));
}

/** Removes a file and makes the removal durable. */
export function removeFileDurably(path: string): void {
  rmSync(path, { force: true });
  fsyncDirectory(dirname(path));
}

//#endregion
