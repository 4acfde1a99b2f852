/**
 * The outbox master key's stores: the safeStorage-sealed one of the Electron shell (with a fake
 * safeStorage), the key file of the other shells, the hand-over from Electron main, and master-key
 * rotation with crashes between its steps.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { appendFileSync, chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  decodeKeyring,
  encodeKeyring,
  KeyStoreRefusedError,
  keyringFromHandOff,
  keyringToHandOff,
  loadMasterKey,
  readKeyFile,
  singleKeyring,
  writeKeyFile,
  type MasterKeyring,
} from '../../../host/outbox/master-key';
import { openSafeStorageMasterKey } from '../../../host/outbox/safe-storage-key';
import { Ledger } from '../../../host/outbox/ledger';
import { OutboxHost } from '../../../host/outbox/outbox-host';
import type { PlatformClient } from '../../../host/platform/platform-client';
import type { TerminalService } from '../../../host/platform/terminal-service';
import type { Logger } from '../../../host/log';
import { FakeSafeStorage } from '../electron/fake-electron';

const dirs: string[] = [];
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const SEALED = 'master.key.sealed';
const PLAIN = 'master.key';

describe('the safeStorage-sealed key store (Electron)', () => {
  it('creates a random key, seals it durably, and opens the same key next time', () => {
    const dir = join(tempDir('ss-'), 'host', 'outbox');
    const safeStorage = new FakeSafeStorage();
    const created = openSafeStorageMasterKey(dir, safeStorage, { platform: 'linux' });
    expect(created.origin).toBe('created');
    expect(created.backend).toBe('gnome_libsecret');
    const key = created.keyring.keys.get(1)!;
    expect(key).toHaveLength(32);
    const sealed = readFileSync(join(dir, SEALED));
    expect(sealed.includes(key)).toBe(false);
    expect(sealed.includes(Buffer.from(key.toString('base64')))).toBe(false);
    expect(statSync(join(dir, SEALED)).mode & 0o077).toBe(0);
    expect(existsSync(join(dir, `${SEALED}.tmp`))).toBe(false);
    expect(existsSync(join(dir, PLAIN))).toBe(false);

    const opened = openSafeStorageMasterKey(dir, safeStorage, { platform: 'linux' });
    expect(opened.origin).toBe('opened');
    expect(opened.keyring.keys.get(1)).toEqual(key);
    expect(safeStorage.encryptString).toHaveBeenCalledTimes(1);
  });

  it('migrates the plain key file of a terminal that ran before: seals it, then removes the plain file', () => {
    const dir = tempDir('ss-');
    const key = randomBytes(32);
    writeFileSync(join(dir, PLAIN), key, { mode: 0o600 });
    const safeStorage = new FakeSafeStorage();
    const migrated = openSafeStorageMasterKey(dir, safeStorage, { platform: 'linux' });
    expect(migrated.origin).toBe('migrated');
    expect(migrated.keyring.keys.get(1)).toEqual(key); // the journal's item keys stay readable
    expect(existsSync(join(dir, PLAIN))).toBe(false);
    expect(openSafeStorageMasterKey(dir, safeStorage, { platform: 'linux' })).toMatchObject({ origin: 'opened' });
    expect(openSafeStorageMasterKey(dir, safeStorage, { platform: 'linux' }).keyring.keys.get(1)).toEqual(key);
  });

  it('finishes a migration stopped after the sealed file was written (both files, the same key)', () => {
    const dir = tempDir('ss-');
    const key = randomBytes(32);
    const safeStorage = new FakeSafeStorage();
    writeFileSync(join(dir, SEALED), safeStorage.encryptString(key.toString('base64')));
    writeFileSync(join(dir, PLAIN), key, { mode: 0o600 });
    const result = openSafeStorageMasterKey(dir, safeStorage, { platform: 'linux' });
    expect(result).toMatchObject({ origin: 'migrated' });
    expect(result.keyring.keys.get(1)).toEqual(key);
    expect(existsSync(join(dir, PLAIN))).toBe(false);
  });

  it('refuses a sealed key beside a different plain one, and removes neither', () => {
    const dir = tempDir('ss-');
    const safeStorage = new FakeSafeStorage();
    writeFileSync(join(dir, SEALED), safeStorage.encryptString(randomBytes(32).toString('base64')));
    writeFileSync(join(dir, PLAIN), randomBytes(32), { mode: 0o600 });
    expect(() => openSafeStorageMasterKey(dir, safeStorage, { platform: 'linux' })).toThrow(expect.objectContaining({ reason: 'keys-conflict' }) as Error);
    expect(existsSync(join(dir, PLAIN))).toBe(true);
    expect(existsSync(join(dir, SEALED))).toBe(true);
  });

  it('refuses a plain key file others can read instead of sealing it', () => {
    const dir = tempDir('ss-');
    writeFileSync(join(dir, PLAIN), randomBytes(32));
    chmodSync(join(dir, PLAIN), 0o644);
    expect(() => openSafeStorageMasterKey(dir, new FakeSafeStorage(), { platform: 'linux' })).toThrow(/readable by other users/);
    expect(existsSync(join(dir, SEALED))).toBe(false);
  });

  it.each(['basic_text', 'unknown'])('refuses the %s backend (a fixed password) and writes nothing', (backend) => {
    const dir = tempDir('ss-');
    const safeStorage = new FakeSafeStorage();
    safeStorage.backend = backend;
    let error: unknown;
    try {
      openSafeStorageMasterKey(dir, safeStorage, { platform: 'linux' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(KeyStoreRefusedError);
    expect(error).toMatchObject({ reason: 'unsafe-backend', backend });
    expect((error as Error).message).toMatch(/fixed, publicly known password/);
    expect((error as Error).message).toMatch(/Install and unlock a secret store/);
    expect(safeStorage.encryptString).not.toHaveBeenCalled();
    expect(existsSync(join(dir, SEALED))).toBe(false);
  });

  it('refuses when encryption is not available, and says what to do', () => {
    const dir = tempDir('ss-');
    const safeStorage = new FakeSafeStorage();
    safeStorage.available = false;
    expect(() => openSafeStorageMasterKey(dir, safeStorage, { platform: 'linux' })).toThrow(expect.objectContaining({ reason: 'encryption-unavailable', message: expect.stringMatching(/secret store is missing or locked/) as string }) as Error);
    expect(existsSync(join(dir, SEALED))).toBe(false);
  });

  it('does not ask for the backend outside Linux (Windows: DPAPI)', () => {
    const dir = tempDir('ss-');
    const safeStorage = new FakeSafeStorage();
    safeStorage.backend = 'basic_text'; // what a stray call would say
    const result = openSafeStorageMasterKey(dir, safeStorage, { platform: 'win32' });
    expect(result.origin).toBe('created');
    expect(result.backend).toBeUndefined();
    expect(safeStorage.getSelectedStorageBackend).not.toHaveBeenCalled();
  });

  it('refuses a sealed key that does not open (damaged, or another keyring) and never replaces it', () => {
    const dir = tempDir('ss-');
    openSafeStorageMasterKey(dir, new FakeSafeStorage(0x11), { platform: 'linux' });
    const before = readFileSync(join(dir, SEALED));
    // The kiosk user's keyring was reset: the same file no longer decrypts.
    expect(() => openSafeStorageMasterKey(dir, new FakeSafeStorage(0x12), { platform: 'linux' })).toThrow(
      expect.objectContaining({ reason: 'sealed-key-unreadable', message: expect.stringMatching(/never replaced automatically/) as string }) as Error,
    );
    expect(readFileSync(join(dir, SEALED))).toEqual(before);
    // Decrypts, but not to a 32-byte key.
    const safeStorage = new FakeSafeStorage(0x11);
    writeFileSync(join(dir, SEALED), safeStorage.encryptString(randomBytes(16).toString('base64')));
    expect(() => openSafeStorageMasterKey(dir, safeStorage, { platform: 'linux' })).toThrow(expect.objectContaining({ reason: 'sealed-key-unreadable' }) as Error);
    // Truncated.
    writeFileSync(join(dir, SEALED), before.subarray(0, 10));
    expect(() => openSafeStorageMasterKey(dir, safeStorage, { platform: 'linux' })).toThrow(expect.objectContaining({ reason: 'sealed-key-unreadable' }) as Error);
    expect(safeStorage.encryptString).toHaveBeenCalledTimes(1); // only the test's own
  });

  it('seals a rotated keyring migrated from the key file as it is', () => {
    const dir = tempDir('ss-');
    const ring: MasterKeyring = { current: 3, keys: new Map([[2, randomBytes(32)], [3, randomBytes(32)]]) };
    writeKeyFile(join(dir, PLAIN), ring);
    const safeStorage = new FakeSafeStorage();
    expect(openSafeStorageMasterKey(dir, safeStorage, { platform: 'linux' }).keyring).toEqual(ring);
    expect(openSafeStorageMasterKey(dir, safeStorage, { platform: 'linux' }).keyring).toEqual(ring);
  });
});

describe('the key file (browser shell, headless) and the hand-over from Electron main', () => {
  it('uses the keys Electron main handed over without reading or making a file', () => {
    const dir = tempDir('kf-');
    const ring = singleKeyring(randomBytes(32));
    const source = loadMasterKey(join(dir, PLAIN), { provided: ring, safeStorageBackend: 'gnome_libsecret' });
    expect(source).toMatchObject({ kind: 'safe-storage', key: ring.keys.get(1) });
    expect(source.save).toBeUndefined();
    expect(existsSync(join(dir, PLAIN))).toBe(false);
  });

  it('refuses with the reason Electron main passed on, before anything else', () => {
    const dir = tempDir('kf-');
    expect(() => loadMasterKey(join(dir, PLAIN), { refused: 'sealed-key-unreadable', provided: singleKeyring(randomBytes(32)) })).toThrow(/does not open with this machine's secret store/);
    expect(() => loadMasterKey(join(dir, PLAIN), { refused: 'something-new' })).toThrow(KeyStoreRefusedError);
    expect(existsSync(join(dir, PLAIN))).toBe(false);
  });

  it('does not make a plain key beside a sealed one (that terminal belongs to the Electron shell)', () => {
    const dir = tempDir('kf-');
    openSafeStorageMasterKey(dir, new FakeSafeStorage(), { platform: 'linux' });
    expect(() => loadMasterKey(join(dir, PLAIN))).toThrow(/sealed by the Electron shell/);
    expect(existsSync(join(dir, PLAIN))).toBe(false);
  });

  it('keeps a lone version-1 key as 32 raw bytes, mode 0600', () => {
    const dir = tempDir('kf-');
    const source = loadMasterKey(join(dir, PLAIN));
    expect(readFileSync(join(dir, PLAIN))).toEqual(source.key);
    expect(statSync(join(dir, PLAIN)).mode & 0o777).toBe(0o600);
    expect(loadMasterKey(join(dir, PLAIN)).key).toEqual(source.key);
  });

  it('round-trips keyrings and the key message, and rejects malformed ones', () => {
    const ring: MasterKeyring = { current: 2, keys: new Map([[1, randomBytes(32)], [2, randomBytes(32)]]) };
    expect(decodeKeyring(encodeKeyring(ring))).toEqual(ring);
    expect(keyringFromHandOff(keyringToHandOff(ring))).toEqual(ring);
    const lone = singleKeyring(randomBytes(32));
    expect(keyringToHandOff(lone)).toEqual({ type: 'kiosk:master-key', key: lone.keys.get(1)!.toString('base64'), version: 1 });
    expect(keyringFromHandOff({ type: 'kiosk:master-key', key: randomBytes(32).toString('base64') })?.current).toBe(1);
    for (const bad of [null, 'x', { type: 'kiosk:connect' }, { type: 'kiosk:master-key', key: randomBytes(31).toString('base64') }, { type: 'kiosk:master-key', key: randomBytes(32).toString('base64'), version: 0 }, { type: 'kiosk:master-key', key: randomBytes(32).toString('base64'), older: [{ version: 1, key: 'AAAA' }] }]) {
      expect(keyringFromHandOff(bad)).toBeNull();
    }
    expect(decodeKeyring('{"format":"kiosk-master-keyring","current":3,"keys":{"2":"x"}}')).toBeNull();
  });
});

describe('master-key rotation', () => {
  const quiet: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
  const noTerminal = { current: { enrollment: null, config: null }, onChange: () => () => undefined } as unknown as TerminalService;

  function openHost(dataDir: string, extra: { masterKey?: MasterKeyring; log?: Logger } = {}): Promise<OutboxHost> {
    return OutboxHost.open({ dataDir, platform: {} as PlatformClient, terminal: noTerminal, log: extra.log ?? quiet, env: {}, ...(extra.masterKey ? { masterKey: extra.masterKey } : {}) });
  }
  const keyPath = (dataDir: string) => join(dataDir, 'host', 'outbox', PLAIN);
  const journalPath = (dataDir: string) => join(dataDir, 'host', 'outbox', 'journal.jsonl');

  /** Items in every state the journal keeps keys for, and their item keys. */
  async function fill(host: OutboxHost): Promise<Map<string, Buffer>> {
    const keys = new Map<string, Buffer>();
    keys.set('queued', await host.ledger.keyFor('queued', 'submission', 'L-0000-20261120-0001'));
    await host.confirm(['queued']);
    keys.set('sealed', await host.ledger.keyFor('sealed', 'submission', null));
    keys.set('attention', await host.ledger.keyFor('attention', 'ticket', null));
    await host.ledger.write({ t: 'confirm', id: 'attention' }, { t: 'attention', id: 'attention', code: 'conflict' });
    await host.ledger.keyFor('delivered', 'rating', null);
    await host.ledger.write({ t: 'delivered', id: 'delivered', ack: {} }, { t: 'shred', id: 'delivered' });
    return keys;
  }

  function expectKeys(ledger: Ledger, keys: Map<string, Buffer>): void {
    for (const [id, key] of keys) expect(ledger.key(id), id).toEqual(key);
    expect(ledger.key('delivered')).toBeNull();
  }

  it('rewraps every live item key under a new master key and destroys the old one', async () => {
    const dataDir = tempDir('rot-');
    const host = await openHost(dataDir);
    const keys = await fill(host);
    const oldMaster = readKeyFile(keyPath(dataDir)).keys.get(1)!;
    const oldWrapped = host.ledger.get('queued')!.wk!;

    expect(await host.rotateMasterKey()).toEqual({ version: 2, rewrapped: 3, kept: 0 });
    expect(host.masterKeyVersion).toBe(2);
    expectKeys(host.ledger, keys);
    keys.set('after', await host.ledger.keyFor('after', 'submission', null));
    expect(host.ledger.get('after')?.kv).toBe(2);
    await host.close();

    const ring = readKeyFile(keyPath(dataDir));
    expect([...ring.keys.keys()]).toEqual([2]);
    expect(ring.keys.get(2)).not.toEqual(oldMaster);
    expect(statSync(keyPath(dataDir)).mode & 0o777).toBe(0o600);
    expect(readFileSync(journalPath(dataDir), 'utf8')).not.toContain(oldWrapped);
    // The journal opens with the new key alone.
    const ledger = await Ledger.open(journalPath(dataDir), ring);
    expectKeys(ledger, keys);
    await ledger.close();

    const again = await openHost(dataDir);
    expect(await again.rotateMasterKey()).toMatchObject({ version: 3, rewrapped: 4 });
    expectKeys(again.ledger, keys);
    await again.close();
  });

  it('survives a crash after the new key was stored (step 1): both keys open the journal, and the next start finishes', async () => {
    const dataDir = tempDir('rot-');
    const host = await openHost(dataDir);
    const keys = await fill(host);
    expect(await host.beginMasterKeyRotation()).toBe(2);
    keys.set('new', await host.ledger.keyFor('new', 'submission', null)); // wrapped with the new key
    await host.close(); // the crash: nothing more happens

    const both = readKeyFile(keyPath(dataDir));
    expect(both.current).toBe(2);
    expect([...both.keys.keys()].sort()).toEqual([1, 2]);
    const ledger = await Ledger.open(journalPath(dataDir), both);
    expectKeys(ledger, keys);
    expect(ledger.versionsInUse()).toEqual(new Set([1, 2]));
    await ledger.close();

    const infos: string[] = [];
    const again = await openHost(dataDir, { log: { ...quiet, info: (message) => infos.push(message) } });
    expect(infos).toContain('outbox: finished an interrupted master-key rotation');
    expectKeys(again.ledger, keys);
    expect(again.ledger.versionsInUse()).toEqual(new Set([2]));
    await again.close();
    expect([...readKeyFile(keyPath(dataDir)).keys.keys()]).toEqual([2]);
  });

  it('survives a crash while the journal was being rewritten (the rekey line written, the file not replaced)', async () => {
    const dataDir = tempDir('rot-');
    const host = await openHost(dataDir);
    const keys = await fill(host);
    await host.beginMasterKeyRotation();
    await host.close();
    appendFileSync(journalPath(dataDir), '{"t":"rekey","kv":2}\n');

    const again = await openHost(dataDir);
    expectKeys(again.ledger, keys);
    expect(again.ledger.versionsInUse()).toEqual(new Set([2]));
    await again.close();
    expect([...readKeyFile(keyPath(dataDir)).keys.keys()]).toEqual([2]);
  });

  it('survives a crash after the journal was rewritten (step 2), before the old key was removed', async () => {
    const dataDir = tempDir('rot-');
    const host = await openHost(dataDir);
    const keys = await fill(host);
    await host.beginMasterKeyRotation();
    expect(await host.rewrapJournal()).toEqual({ rewrapped: 3, kept: 0 });
    await host.close();

    const both = readKeyFile(keyPath(dataDir));
    expect(both.keys.size).toBe(2);
    // The rewritten journal is durable: it opens with the new key alone.
    const ledger = await Ledger.open(journalPath(dataDir), { current: 2, keys: new Map([[2, both.keys.get(2)!]]) });
    expectKeys(ledger, keys);
    await ledger.close();

    const again = await openHost(dataDir);
    expectKeys(again.ledger, keys);
    await again.close();
    expect([...readKeyFile(keyPath(dataDir)).keys.keys()]).toEqual([2]);
  });

  it('never removes a key the journal still needs', async () => {
    const dataDir = tempDir('rot-');
    const host = await openHost(dataDir);
    const keys = await fill(host);
    await host.beginMasterKeyRotation();
    // Step 3 before step 2: the old key still wraps item keys, so it stays.
    expect(await host.retireOldMasterKeys()).toEqual([]);
    expect(readKeyFile(keyPath(dataDir)).keys.size).toBe(2);
    // An item key that does not unwrap (damaged) is kept as it is, and so is its master key.
    await host.ledger.write({ t: 'seal', id: 'damaged', k: 'rating', ref: null, at: new Date().toISOString(), wk: Buffer.alloc(40, 7).toString('base64') });
    expect(await host.finishMasterKeyRotation()).toEqual({ version: 2, rewrapped: 3, kept: 1 });
    expect([...readKeyFile(keyPath(dataDir)).keys.keys()].sort()).toEqual([1, 2]);
    expectKeys(host.ledger, keys);
    await host.close();
  });

  it('is refused for a key sealed by the Electron shell (main writes it), which the host uses as handed over', async () => {
    const dataDir = tempDir('rot-');
    const ring = singleKeyring(randomBytes(32));
    const host = await openHost(dataDir, { masterKey: ring });
    const key = await host.ledger.keyFor('a', 'submission', null);
    await expect(host.rotateMasterKey()).rejects.toThrow(/sealed by the Electron shell/);
    await host.close();
    expect(existsSync(keyPath(dataDir))).toBe(false);
    const again = await openHost(dataDir, { masterKey: ring });
    expect(again.ledger.key('a')).toEqual(key);
    await again.close();
  });

  it('keeps journals written before versions (no kv) readable with version 1', async () => {
    const dir = tempDir('rot-');
    mkdirSync(dir, { recursive: true });
    const master = randomBytes(32);
    const ledger = await Ledger.open(join(dir, 'journal.jsonl'), master);
    const key = await ledger.keyFor('old', 'submission', null);
    await ledger.close();
    expect(readFileSync(join(dir, 'journal.jsonl'), 'utf8')).not.toContain('"kv"');
    const again = await Ledger.open(join(dir, 'journal.jsonl'), singleKeyring(master));
    expect(again.key('old')).toEqual(key);
    await again.close();
  });
});
