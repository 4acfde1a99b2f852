/**
 * The host's journal of outbox items: ids, kinds, local references, states, and each item's data
 * key wrapped by the master key. No personal data: the citizen's data lives (encrypted) in the page.
 *
 * One JSON line per change, appended with fsync (group commit). Replaying the file rebuilds the
 * state; a torn last line (power cut mid-write) is ignored — its append never resolved, so nobody
 * was told it had happened. When dead lines outnumber live items the file is rewritten with only
 * the live items (durably), which also drops the wrapped keys of shredded items from the live file.
 *
 * Master-key rotation: each wrapped key records the version of the master key that wraps it (`kv`;
 * absent means 1). `rewrapAll` rewrites the file the same way, with every live item key wrapped
 * under the current version; it resolves once that file is durable, and only then may the older
 * master keys be destroyed (see OutboxHost.rotateMasterKey). Until then the journal opens with any
 * mix of versions, as long as the keyring still holds them.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DeliveryAck, LostItem, OutboxItemKind } from '../../common/ipc/methods/outbox';
import { AppendLog } from '../storage/durable';
import { newKey, open, seal } from './item-crypto';
import { currentKey, singleKeyring, type MasterKeyring } from './master-key';

export type LedgerState = 'sealed' | 'queued' | 'delivered' | 'attention' | 'lost';

export interface LedgerEntry {
  id: string;
  kind: OutboxItemKind;
  ref: string | null;
  sealedAt: string;
  state: LedgerState;
  /** The item key wrapped by the master key; null once shredded. */
  wk: string | null;
  /** The version of the master key that wraps `wk`; absent: 1. */
  kv?: number;
  ack?: DeliveryAck;
  attention?: string;
  /** Set when a technician acknowledged that this item was lost. */
  lostAck?: boolean;
}

type Record =
  | { t: 'seal'; id: string; k: OutboxItemKind; ref: string | null; at: string; wk: string; kv?: number }
  | { t: 'confirm'; id: string }
  | { t: 'delivered'; id: string; ack: DeliveryAck }
  | { t: 'attention'; id: string; code: string }
  | { t: 'shred'; id: string }
  | { t: 'forget'; id: string }
  | { t: 'lost'; id: string }
  | { t: 'lost-ack'; id: string }
  | { t: 'snap'; e: LedgerEntry }
  /** Marks a rewrap under master key `kv`: the file is rewritten right after it (no state of its own). */
  | { t: 'rekey'; kv: number };

export class Ledger {
  private readonly entries = new Map<string, LedgerEntry>();
  private dead = 0;
  private log!: AppendLog;
  /** Set by rewrapAll: the next compaction rewraps every live key under the current master key. */
  private rewrapPending = false;

  private constructor(
    private readonly path: string,
    private keyring: MasterKeyring,
  ) {}

  /** `master`: the master keyring, or a lone key (version 1). */
  static async open(path: string, master: Buffer | MasterKeyring): Promise<Ledger> {
    const ledger = new Ledger(path, Buffer.isBuffer(master) ? singleKeyring(master) : master);
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    if (existsSync(path)) {
      const text = readFileSync(path, 'utf8');
      for (const line of text.split('\n')) {
        if (line.length === 0) continue;
        let record: Record;
        try {
          record = JSON.parse(line) as Record;
        } catch {
          continue; // a torn last line
        }
        ledger.apply(record);
      }
    }
    ledger.log = await AppendLog.open(path, () => ledger.compactionText());
    return ledger;
  }

  get(id: string): LedgerEntry | undefined {
    return this.entries.get(id);
  }

  all(): IterableIterator<LedgerEntry> {
    return this.entries.values();
  }

  get size(): number {
    return this.entries.size;
  }

  /** Creates the item's key (or returns the one it has) and journals `sealed`. */
  async keyFor(id: string, kind: OutboxItemKind, ref: string | null): Promise<Buffer> {
    const existing = this.entries.get(id);
    if (existing) {
      if (!existing.wk) throw new Error('this item id was already delivered or discarded');
      if (existing.state !== 'sealed' && existing.state !== 'queued') throw new Error('this item id is already in the outbox');
      return this.unwrap(existing);
    }
    const key = newKey();
    const kv = this.keyring.current;
    await this.write({ t: 'seal', id, k: kind, ref, at: new Date().toISOString(), wk: this.wrap(id, key), ...(kv === 1 ? {} : { kv }) });
    return key;
  }

  /** The item's key, or null if it was shredded (or never made here). */
  key(id: string): Buffer | null {
    const entry = this.entries.get(id);
    return entry?.wk ? this.unwrap(entry) : null;
  }

  write(...records: Record[]): Promise<void> {
    for (const record of records) this.apply(record);
    return this.log.append(records.map((r) => JSON.stringify(r)));
  }

  lostItems(): LostItem[] {
    return [...this.entries.values()]
      .filter((e) => e.state === 'lost' && !e.lostAck)
      .map((e) => ({ itemId: e.id, kind: e.kind, localReference: e.ref, sealedAt: e.sealedAt, lastState: 'queued' }));
  }

  close(): Promise<void> {
    return this.log.close();
  }

  /** The master keys from now on; new item keys are wrapped with the current one. Must hold every version in use. */
  setKeyring(keyring: MasterKeyring): void {
    currentKey(keyring);
    const missing = [...this.versionsInUse()].filter((v) => !keyring.keys.has(v));
    if (missing.length > 0) throw new Error(`master key version(s) ${missing.join(', ')} still wrap item keys in the journal`);
    this.keyring = keyring;
  }

  /** The master-key versions that wrap live item keys (shredded ones need none). */
  versionsInUse(): Set<number> {
    const versions = new Set<number>();
    for (const e of this.entries.values()) if (e.wk) versions.add(e.kv ?? 1);
    return versions;
  }

  /**
   * Rewraps every live item key under the current master key and rewrites the journal with the
   * result (temp file, fsync, rename, directory fsync). Resolves once the rewritten file is durable.
   * A key that does not unwrap stays as it was (and keeps its master key in use).
   */
  async rewrapAll(): Promise<{ rewrapped: number; kept: number }> {
    const missing = [...this.versionsInUse()].filter((v) => !this.keyring.keys.has(v));
    if (missing.length > 0) throw new Error(`master key version(s) ${missing.join(', ')} are missing: their item keys cannot be rewrapped`);
    this.rewrapPending = true;
    this.rewrapCounts = { rewrapped: 0, kept: 0 };
    await this.write({ t: 'rekey', kv: this.keyring.current });
    return this.rewrapCounts;
  }

  private rewrapCounts = { rewrapped: 0, kept: 0 };

  private wrap(id: string, key: Buffer): string {
    return seal(currentKey(this.keyring), `item-key:${id}`, key).toString('base64');
  }

  private unwrap(entry: LedgerEntry): Buffer {
    const version = entry.kv ?? 1;
    const master = this.keyring.keys.get(version);
    if (!master) throw new Error(`the master key (version ${version}) that wraps this item's key is missing`);
    return open(master, `item-key:${entry.id}`, Buffer.from(entry.wk!, 'base64'));
  }

  /** Rewraps the live keys not under the current master key (in memory; the snapshot written next carries them). */
  private rewrapInMemory(): void {
    const current = this.keyring.current;
    for (const entry of this.entries.values()) {
      if (!entry.wk || (entry.kv ?? 1) === current) continue;
      let key: Buffer;
      try {
        key = this.unwrap(entry);
      } catch {
        this.rewrapCounts.kept += 1;
        continue;
      }
      entry.wk = this.wrap(entry.id, key);
      if (current === 1) delete entry.kv;
      else entry.kv = current;
      this.rewrapCounts.rewrapped += 1;
    }
  }

  private apply(r: Record): void {
    this.dead += 1;
    if (r.t === 'snap') {
      this.entries.set(r.e.id, r.e);
      this.dead -= 1;
      return;
    }
    if (r.t === 'rekey') return;
    if (r.t === 'seal') {
      if (!this.entries.has(r.id)) this.entries.set(r.id, { id: r.id, kind: r.k, ref: r.ref, sealedAt: r.at, state: 'sealed', wk: r.wk, ...(r.kv === undefined ? {} : { kv: r.kv }) });
      return;
    }
    const e = this.entries.get(r.id);
    if (!e) return;
    switch (r.t) {
      case 'confirm':
        if (e.state === 'sealed') e.state = 'queued';
        break;
      case 'delivered':
        e.state = 'delivered';
        e.ack = r.ack;
        break;
      case 'attention':
        if (e.state !== 'delivered') e.state = 'attention';
        e.attention = r.code;
        break;
      case 'shred':
        e.wk = null;
        break;
      case 'forget':
        this.entries.delete(r.id);
        break;
      case 'lost':
        e.state = 'lost';
        break;
      case 'lost-ack':
        e.lostAck = true;
        break;
    }
  }

  private compactionText(): string | null {
    if (this.rewrapPending) {
      this.rewrapPending = false;
      this.rewrapInMemory();
    } else if (this.dead < 2000 || this.dead < this.entries.size * 2) return null;
    this.dead = 0;
    return [...this.entries.values()].map((e) => `${JSON.stringify({ t: 'snap', e } satisfies Record)}\n`).join('');
  }
}
