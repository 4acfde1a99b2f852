/**
 * The host's side of the outbox, composed: the master key, the journal with the item keys, the
 * deliverer, the disk floor, local references, and the depth the page reports for heartbeats.
 */
import { join } from 'node:path';
import type { HeartbeatFacts } from '../platform/terminal-service';
import type { PlatformClient } from '../platform/platform-client';
import type { TerminalService } from '../platform/terminal-service';
import type { Logger } from '../log';
import type { LostItem, OutboxItemKind } from '../../common/ipc/methods/outbox';
import { base64ToBytes, bytesToBase64 } from '../../common/ids/base64';
import { loadMasterKey } from './master-key';
import { Ledger } from './ledger';
import { Deliverer } from './deliverer';
import { diskFloorFromEnv, floorBytes, readDisk, type DiskFloor, type DiskReading } from './disk';
import { ReferenceCounter } from './references';
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
}

export type IntakeStatus = { ok: true } | { ok: false; reason: 'disk-low' | 'storage-lost' | 'not-enrolled' | 'key-store'; message: string };

/** A sealed-but-never-confirmed item younger than this may still be on its way into the page's storage. */
const ABANDON_AFTER_MS = 10 * 60_000;

export class OutboxHost {
  readonly deliverer: Deliverer;
  private readonly floor: DiskFloor;
  private reported: HeartbeatFacts['outbox'] = { pending: 0, failed: 0, oldestPendingAt: null };
  private diskCache: { at: number; reading: DiskReading } | null = null;

  private constructor(
    private readonly options: OutboxHostOptions,
    readonly ledger: Ledger,
    private readonly references: ReferenceCounter,
  ) {
    this.floor = diskFloorFromEnv(options.env ?? process.env);
    this.deliverer = new Deliverer({
      ledger,
      platform: options.platform,
      log: options.log,
      enrollment: () => options.terminal.current.enrollment,
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
    const master = loadMasterKey(join(dir, 'master.key'), { safeStorageBackend: env.KIOSK_SAFE_STORAGE_BACKEND });
    const ledger = await Ledger.open(join(dir, 'journal.jsonl'), master.key);
    options.log.info('outbox journal open', { items: ledger.size, masterKey: master.kind });
    return new OutboxHost(options, ledger, new ReferenceCounter(join(dir, 'references.json')));
  }

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

  async seal(itemId: string, kind: OutboxItemKind, ref: string | null, parts: string[]): Promise<string[]> {
    const status = this.intakeStatus();
    if (!status.ok) throw new Error(status.message);
    const key = await this.ledger.keyFor(itemId, kind, ref);
    return parts.map((part) => bytesToBase64(seal(key, itemId, base64ToBytes(part))));
  }

  async confirm(itemIds: string[]): Promise<void> {
    const records = itemIds.filter((id) => this.ledger.get(id)?.state === 'sealed').map((id) => ({ t: 'confirm' as const, id }));
    if (records.length > 0) await this.ledger.write(...records);
  }

  async forget(itemIds: string[]): Promise<void> {
    const records = itemIds.filter((id) => this.ledger.get(id)).map((id) => ({ t: 'forget' as const, id }));
    if (records.length > 0) await this.ledger.write(...records);
  }

  /** Compares the page's items with the journal (see the method's description in common/ipc/methods/outbox.ts). */
  async reconcile(heldIds: string[], now = Date.now()): Promise<{ lost: LostItem[]; confirmed: number; abandoned: number }> {
    const held = new Set(heldIds);
    const records: Parameters<Ledger['write']> = [];
    let confirmed = 0;
    let abandoned = 0;
    const newlyLost: string[] = [];
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
        abandoned += 1;
      } else if (entry.state === 'queued' || entry.state === 'attention') {
        records.push({ t: 'lost', id: entry.id });
        newlyLost.push(entry.id);
      }
    }
    if (records.length > 0) await this.ledger.write(...records);
    const lost = this.ledger.lostItems();
    if (lost.length > 0) {
      this.options.log.error('outbox: items accepted by this terminal are missing from the browser storage (storage lost or reset)', { count: lost.length, newly: newlyLost.length, itemIds: lost.map((l) => l.itemId) });
      this.options.emitFault?.({
        code: 'storage-lost',
        message: `The browser storage of this terminal was lost or reset: ${lost.length} accepted item(s) were not delivered and are gone from this terminal. Each is listed with the local reference printed on the citizen's receipt; contact those citizens through the hall. New intake is refused until a technician acknowledges this.`,
        items: lost,
      });
    }
    return { lost, confirmed, abandoned };
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
