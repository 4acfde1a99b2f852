/**
 * The host's side of the outbox, composed: the master key, the journal with the item keys, the
 * deliverer, the disk floor, local references, and the depth the page reports for heartbeats.
 */
import { join } from 'node:path';
import type { HeartbeatFacts } from '../platform/terminal-service';
import type { PlatformClient } from '../platform/platform-client';
import type { TerminalService } from '../platform/terminal-service';
import type { Logger } from '../log';
import type { LostItem, OutboxItemKind, RestorableRow } from '../../common/ipc/methods/outbox';
import { base64ToBytes, bytesToBase64 } from '../../common/ids/base64';
import { currentKey, loadMasterKey, withNewKey, type MasterKeyring, type MasterKeySource } from './master-key';
import { Ledger } from './ledger';
import { Deliverer } from './deliverer';
import { diskFloorFromEnv, floorBytes, readDisk, type DiskFloor, type DiskReading } from './disk';
import { ReferenceCounter } from './references';
import { SealedCopies, type SealedCopy } from './sealed-copies';
import { seal } from './item-crypto';

export interface OutboxHostOptions {
  dataDir: string;
  platform: PlatformClient;
  terminal: TerminalService;
  log: Logger;
  env?: NodeJS.ProcessEnv;
  /** For tests: the disk reading. */
  readDisk?: (path: string) => DiskReading;
  /** How long a disk reading is reused (default 1 s). */
  diskCacheMs?: number;
  emitFault?(payload: { code: 'storage-lost' | 'credential-rejected'; message: string; items: LostItem[] }): void;
  emitResume?(reason: string): void;
  /**
   * The master keys, when Electron main handed them over (KIOSK_MASTER_KEY_SOURCE=parent; sealed at
   * rest by safeStorage). Without them the host uses the 0600 key file.
   */
  masterKey?: MasterKeyring;
}

export type IntakeStatus = { ok: true } | { ok: false; reason: 'disk-low' | 'storage-lost' | 'not-enrolled' | 'key-store'; message: string };

/** A sealed-but-never-confirmed item younger than this may still be on its way into the page's storage. */
const ABANDON_AFTER_MS = 10 * 60_000;

export class OutboxHost {
  readonly deliverer: Deliverer;
  private readonly floor: DiskFloor;
  private reported: HeartbeatFacts['outbox'] = { pending: 0, failed: 0, oldestPendingAt: null };
  private diskCache: { at: number; reading: DiskReading } | null = null;
  private rotation: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly options: OutboxHostOptions,
    readonly ledger: Ledger,
    private readonly references: ReferenceCounter,
    private master: MasterKeySource,
    private readonly copies: SealedCopies,
  ) {
    this.floor = diskFloorFromEnv(options.env ?? process.env);
    this.deliverer = new Deliverer({
      ledger,
      platform: options.platform,
      log: options.log,
      enrollment: () => options.terminal.current.enrollment,
      onDelivered: (itemId) => copies.remove(itemId),
      onUnauthorized: () =>
        options.emitFault?.({
          code: 'credential-rejected',
          message: 'The platform rejected this terminal\'s credential (401). Delivery is paused and nothing is dropped; a technician must re-enroll the terminal.',
          items: [],
        }),
    });
    let lastToken = options.terminal.current.enrollment?.token ?? null;
    options.terminal.onChange(() => {
      const token = options.terminal.current.enrollment?.token ?? null;
      if (token !== lastToken) {
        lastToken = token;
        this.deliverer.resume();
        options.emitResume?.('enrolled');
      }
    });
  }

  static async open(options: OutboxHostOptions): Promise<OutboxHost> {
    const dir = join(options.dataDir, 'host', 'outbox');
    const env = options.env ?? process.env;
    const master = loadMasterKey(join(dir, 'master.key'), {
      safeStorageBackend: env.KIOSK_SAFE_STORAGE_BACKEND || undefined,
      refused: env.KIOSK_KEY_STORE_REFUSED || undefined,
      provided: options.masterKey,
    });
    const ledger = await Ledger.open(join(dir, 'journal.jsonl'), master.keyring);
    options.log.info('outbox journal open', { items: ledger.size, masterKey: master.kind, keyVersion: master.keyring.current });
    const missing = [...ledger.versionsInUse()].filter((v) => !master.keyring.keys.has(v));
    if (missing.length > 0) options.log.error('outbox: the master key that wraps some item keys is missing; those items cannot be delivered until it is restored', { versions: missing });
    const copies = new SealedCopies(join(dir, 'sealed'));
    // Copies of items delivered or forgotten before a crash let their removal happen: drop them now.
    for (const id of copies.ids()) {
      const entry = ledger.get(id);
      if (!entry || entry.state === 'delivered' || !entry.wk) copies.remove(id);
    }
    const host = new OutboxHost(options, ledger, new ReferenceCounter(join(dir, 'references.json')), master, copies);
    if (master.save && master.keyring.keys.size > 1 && missing.length === 0) {
      // A rotation stopped by a crash: both keys open the journal; finish it.
      try {
        const done = await host.finishMasterKeyRotation();
        options.log.info('outbox: finished an interrupted master-key rotation', done);
      } catch (error) {
        options.log.warn('outbox: could not finish an interrupted master-key rotation; the older key is kept', { reason: (error as Error).message });
      }
    }
    return host;
  }

  //#region master-key rotation

  /**
   * Replaces the master key: every live item key is rewrapped under a new master key and the old
   * one is destroyed. Crash-safe in three durable steps, each leaving a journal that opens:
   * 1. `beginMasterKeyRotation`: the key store holds the old and the new key (new item keys use the new one);
   * 2. `rewrapJournal`: the journal is rewritten with every live item key under the new key;
   * 3. `retireOldMasterKeys`: the old key leaves the key store — only after step 2 is durable.
   * Opening after a crash between steps finishes the rotation (steps 2 and 3). Needs a key store the
   * host writes (the key file); a safeStorage-sealed key is Electron main's to write.
   */
  rotateMasterKey(): Promise<{ version: number; rewrapped: number; kept: number }> {
    return this.serially(async () => {
      this.beginMasterKeyRotationNow();
      return this.finishRotationNow();
    });
  }

  /** Step 1 (see rotateMasterKey). Returns the new version. */
  beginMasterKeyRotation(): Promise<number> {
    return this.serially(async () => this.beginMasterKeyRotationNow());
  }

  /** Steps 2 and 3 (see rotateMasterKey). */
  finishMasterKeyRotation(): Promise<{ version: number; rewrapped: number; kept: number }> {
    return this.serially(() => this.finishRotationNow());
  }

  /** Step 2 (see rotateMasterKey). */
  rewrapJournal(): Promise<{ rewrapped: number; kept: number }> {
    return this.serially(() => this.ledger.rewrapAll());
  }

  /** Step 3 (see rotateMasterKey): drops the master keys no live item key needs. Returns the versions dropped. */
  retireOldMasterKeys(): Promise<number[]> {
    return this.serially(async () => this.retireNow());
  }

  get masterKeyVersion(): number {
    return this.master.keyring.current;
  }

  private serially<T>(step: () => Promise<T>): Promise<T> {
    const next = this.rotation.then(step);
    this.rotation = next.catch(() => undefined);
    return next;
  }

  private writableStore(): (ring: MasterKeyring) => void {
    const save = this.master.save;
    if (!save) throw new Error('The master key is sealed by the Electron shell (safeStorage), which writes it; rotating it from the host is not supported.');
    return save;
  }

  private setKeyring(keyring: MasterKeyring): void {
    this.ledger.setKeyring(keyring);
    this.master = { ...this.master, keyring, key: currentKey(keyring) };
  }

  private beginMasterKeyRotationNow(): number {
    const save = this.writableStore();
    const next = withNewKey(this.master.keyring);
    save(next); // durable before any item key is wrapped with the new key
    this.setKeyring(next);
    this.options.log.info('outbox: master-key rotation started', { version: next.current });
    return next.current;
  }

  private async finishRotationNow(): Promise<{ version: number; rewrapped: number; kept: number }> {
    this.writableStore();
    const { rewrapped, kept } = await this.ledger.rewrapAll();
    const dropped = this.retireNow();
    this.options.log.info('outbox: master-key rotation done', { version: this.master.keyring.current, rewrapped, kept, retired: dropped.length });
    if (kept > 0) this.options.log.warn('outbox: some item keys could not be rewrapped; the master key that wraps them is kept', { count: kept });
    return { version: this.master.keyring.current, rewrapped, kept };
  }

  private retireNow(): number[] {
    const save = this.writableStore();
    const { current, keys } = this.master.keyring;
    const inUse = this.ledger.versionsInUse();
    const keep = new Map([...keys].filter(([version]) => version === current || inUse.has(version)));
    const dropped = [...keys.keys()].filter((version) => !keep.has(version));
    if (dropped.length === 0) return [];
    const next: MasterKeyring = { current, keys: keep };
    save(next); // the journal no longer needs the dropped keys (rewrapAll resolved after it was durable)
    this.setKeyring(next);
    return dropped;
  }

  //#endregion

  disk(): { freeBytes: number; floorBytes: number } {
    const now = Date.now();
    if (!this.diskCache || now - this.diskCache.at >= (this.options.diskCacheMs ?? 1000)) this.diskCache = { at: now, reading: (this.options.readDisk ?? readDisk)(this.options.dataDir) };
    const reading = this.diskCache.reading;
    return { freeBytes: reading.freeBytes, floorBytes: floorBytes(this.floor, reading) };
  }

  intakeStatus(): IntakeStatus {
    if (!this.options.terminal.current.enrollment) return { ok: false, reason: 'not-enrolled', message: 'This terminal is not enrolled with the intake platform yet; applications cannot be accepted. Please ask a member of staff.' };
    const lost = this.ledger.lostItems();
    if (lost.length > 0) return { ok: false, reason: 'storage-lost', message: `The terminal's storage was reset and ${lost.length} accepted item(s) were lost before delivery. A technician must check the terminal before it accepts new applications.` };
    const disk = this.disk();
    if (disk.freeBytes < disk.floorBytes) return { ok: false, reason: 'disk-low', message: 'The terminal is low on disk space and cannot accept new applications now. Applications already accepted will still be delivered. Please use a staffed window.' };
    return { ok: true };
  }

  allocateReference(): string {
    return this.references.next(this.options.terminal.current.enrollment?.terminalId ?? null);
  }

  async seal(itemId: string, kind: OutboxItemKind, ref: string | null, parts: string[], row?: RestorableRow): Promise<string[]> {
    const status = this.intakeStatus();
    if (!status.ok) throw new Error(status.message);
    const key = await this.ledger.keyFor(itemId, kind, ref);
    const sealed = parts.map((part) => bytesToBase64(seal(key, itemId, base64ToBytes(part))));
    // Durable before the page gets the bytes: whatever the browser's storage keeps, the host can give them back.
    if (row) this.copies.write({ itemId, kind, localReference: ref, sealedAt: this.ledger.get(itemId)?.sealedAt ?? new Date().toISOString(), row, parts: sealed });
    return sealed;
  }

  /** The sealed copy of an item the page's storage lost (only for an accepted, undelivered item). */
  restore(itemId: string): SealedCopy | null {
    const entry = this.ledger.get(itemId);
    if (!entry || (entry.state !== 'queued' && entry.state !== 'attention') || !entry.wk) return null;
    return this.copies.read(itemId);
  }

  async confirm(itemIds: string[]): Promise<void> {
    const records = itemIds.filter((id) => this.ledger.get(id)?.state === 'sealed').map((id) => ({ t: 'confirm' as const, id }));
    if (records.length > 0) await this.ledger.write(...records);
  }

  async forget(itemIds: string[]): Promise<void> {
    const records = itemIds.filter((id) => this.ledger.get(id)).map((id) => ({ t: 'forget' as const, id }));
    if (records.length > 0) await this.ledger.write(...records);
    for (const id of itemIds) this.copies.remove(id);
  }

  /** Compares the page's items with the journal (see the method's description in common/ipc/methods/outbox.ts). */
  async reconcile(heldIds: string[], now = Date.now()): Promise<{ lost: LostItem[]; restorable: string[]; confirmed: number; abandoned: number }> {
    const held = new Set(heldIds);
    const records: Parameters<Ledger['write']> = [];
    let confirmed = 0;
    let abandoned = 0;
    const newlyLost: string[] = [];
    const restorable: string[] = [];
    const abandonedIds: string[] = [];
    for (const entry of this.ledger.all()) {
      if (held.has(entry.id)) {
        if (entry.state === 'sealed') {
          records.push({ t: 'confirm', id: entry.id });
          confirmed += 1;
        }
        continue;
      }
      if (entry.state === 'sealed' && now - Date.parse(entry.sealedAt) > ABANDON_AFTER_MS) {
        // Sealed but never stored by the page: the citizen was never told it was accepted.
        records.push({ t: 'shred', id: entry.id }, { t: 'forget', id: entry.id });
        abandonedIds.push(entry.id);
        abandoned += 1;
      } else if ((entry.state === 'queued' || entry.state === 'attention') && entry.wk && this.copies.has(entry.id)) {
        // The browser lost it, the host did not: the page writes it back and delivery goes on.
        restorable.push(entry.id);
      } else if (entry.state === 'queued' || entry.state === 'attention') {
        records.push({ t: 'lost', id: entry.id });
        newlyLost.push(entry.id);
      }
    }
    if (records.length > 0) await this.ledger.write(...records);
    for (const id of abandonedIds) this.copies.remove(id);
    if (restorable.length > 0) this.options.log.warn('outbox: the browser storage lost accepted items; they are restored from the host\'s sealed copies', { count: restorable.length, itemIds: restorable });
    const lost = this.ledger.lostItems();
    if (lost.length > 0) {
      this.options.log.error('outbox: items accepted by this terminal are missing from the browser storage (storage lost or reset)', { count: lost.length, newly: newlyLost.length, itemIds: lost.map((l) => l.itemId) });
      this.options.emitFault?.({
        code: 'storage-lost',
        message: `The browser storage of this terminal was lost or reset: ${lost.length} accepted item(s) were not delivered and are gone from this terminal. Each is listed with the local reference printed on the citizen's receipt; contact those citizens through the hall. New intake is refused until a technician acknowledges this.`,
        items: lost,
      });
    }
    return { lost, restorable, confirmed, abandoned };
  }

  async acknowledgeLost(staffId: string): Promise<number> {
    const lost = this.ledger.lostItems();
    if (lost.length > 0) await this.ledger.write(...lost.map((l) => ({ t: 'lost-ack' as const, id: l.itemId })));
    this.options.log.info('outbox: a technician acknowledged lost items', { staffId, count: lost.length });
    return lost.length;
  }

  report(facts: HeartbeatFacts['outbox']): void {
    this.reported = facts;
  }

  heartbeatFacts(): HeartbeatFacts['outbox'] {
    return this.reported;
  }

  close(): Promise<void> {
    return this.ledger.close();
  }
}
