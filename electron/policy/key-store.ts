/**
 * The outbox master key in the Electron shell: main obtains it from the key store sealed by
 * safeStorage (host/outbox/safe-storage-key.ts) and decides what the device host is told. Pure:
 * safeStorage is passed in (main passes Electron's).
 *
 * - Obtained: the host is started with KIOSK_MASTER_KEY_SOURCE=parent and is sent `message` (the
 *   key, HOST_MASTER_KEY_MESSAGE) right after it starts; it reads no key file.
 * - Refused: the host is still started, with KIOSK_KEY_STORE_REFUSED=<reason> (and
 *   KIOSK_SAFE_STORAGE_BACKEND=<backend>), so that it refuses to open the outbox and says why in
 *   its log, in the words of host/outbox/master-key.ts. Main's own log has the reason code only.
 */
import type { HostMasterKeyMessage } from '../../common/ipc/electron-bridge';
import { KeyStoreRefusedError, keyringToHandOff, outboxDirOf, type KeyStoreRefusal } from '../../host/outbox/master-key';
import { openSafeStorageMasterKey, type SafeStorageLike } from '../../host/outbox/safe-storage-key';

/** Variables main sets (or clears) for the host about its key store; inherited values never pass through. */
export const KEY_STORE_ENV = ['KIOSK_MASTER_KEY_SOURCE', 'KIOSK_KEY_STORE_REFUSED', 'KIOSK_SAFE_STORAGE_BACKEND'] as const;

export type HostKeyHandOff =
  | { ok: true; env: Record<string, string>; message: HostMasterKeyMessage; origin: 'opened' | 'created' | 'migrated'; backend?: string }
  | { ok: false; env: Record<string, string>; reason: KeyStoreRefusal; backend?: string; error?: string };

export function hostKeyHandOff(dataDir: string, safeStorage: SafeStorageLike, platform: NodeJS.Platform = process.platform): HostKeyHandOff {
  try {
    const { keyring, origin, backend } = openSafeStorageMasterKey(outboxDirOf(dataDir), safeStorage, { platform });
    return {
      ok: true,
      env: { KIOSK_MASTER_KEY_SOURCE: 'parent', ...(backend === undefined ? {} : { KIOSK_SAFE_STORAGE_BACKEND: backend }) },
      message: keyringToHandOff(keyring),
      origin,
      ...(backend === undefined ? {} : { backend }),
    };
  } catch (error) {
    const refused = error instanceof KeyStoreRefusedError;
    const reason: KeyStoreRefusal = refused && error.reason !== 'refused' ? error.reason : 'key-store-failed';
    const backend = refused ? error.backend : undefined;
    return {
      ok: false,
      env: { KIOSK_KEY_STORE_REFUSED: reason, ...(backend === undefined ? {} : { KIOSK_SAFE_STORAGE_BACKEND: backend }) },
      reason,
      ...(backend === undefined ? {} : { backend }),
      // An errno code or class name, never a message (messages quote paths).
      ...(refused ? {} : { error: errorCode(error) }),
    };
  }
}

function errorCode(error: unknown): string {
  if (error instanceof Error) return typeof (error as NodeJS.ErrnoException).code === 'string' ? String((error as NodeJS.ErrnoException).code) : error.name;
  return 'unknown';
}
