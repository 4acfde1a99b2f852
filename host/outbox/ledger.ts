/**
 * The host's journal of outbox items: ids, kinds, local references, states, and each item's data
 * key wrapped by the master key. No personal data: the citizen's data lives (encrypted) in the page.
 *
 * One JSON line per change, appended with fsync (group commit). Replaying the file rebuilds the
 * state; a torn last line (power cut mid-write) is ignored — its append never resolved, so nobody
 * was told it had happened. When dead lines outnumber live items the file is rewritten with only
 * the live items (durably), which also drops the wrapped keys of shredded items from the live file.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DeliveryAck, LostItem, OutboxItemKind } from '../../common/ipc/methods/outbox';
import { AppendLog } from '../storage/durable';
import { newKey, open, seal } from './item-crypto';

export type LedgerState = 'sealed' | 'queued' | 'delivered' | 'attention' | 'lost';

export interface LedgerEntry {
  id: string;
  kind: OutboxItemKind;
  ref: string | null;
  sealedAt: string;
  state: LedgerState;
  /** The item key wrapped by the master key; null once shredded. */
  wk: string | null;
  ack?: DeliveryAck;
  attention?: string;
  /** Set when a technician acknowledged that this item was lost. */
  lostAck?: boolean;
}

type Record =
  | { t: 'seal'; id: string; k: OutboxItemKind; ref: string | null; at: string; wk: string }
  | { t: 'confirm'; id: string }
  | { t: 'delivered'; id: string; ack: DeliveryAck }
  | { t: 'attention'; id: string; code: string }
  | { t: 'shred'; id: string }
  | { t: 'forget'; id: string }
  | { t: 'lost'; id: string }
  | { t: 'lost-ack'; id: string }
  | { t: 'snap'; e: LedgerEntry };

export class Ledger {
  private readonly entries = new Map<string, LedgerEntry>();
  private dead = 0;
  private log!: AppendLog;

  private constructor(
    private readonly path: string,
    private readonly masterKey: Buffer,
  ) {}

  static async open(path: string, masterKey: Buffer): Promise<Ledger> {
    const ledger = new Ledger(path, masterKey);
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
    await this.write({ t: 'seal', id, k: kind, ref, at: new Date().toISOString(), wk: seal(this.masterKey, `item-key:${id}`, key).toString('base64') });
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

  private unwrap(entry: LedgerEntry): Buffer {
    return open(this.masterKey, `item-key:${entry.id}`, Buffer.from(entry.wk!, 'base64'));
  }

  private apply(r: Record): void {
    this.dead += 1;
    if (r.t === 'snap') {
      this.entries.set(r.e.id, r.e);
      this.dead -= 1;
      return;
    }
    if (r.t === 'seal') {
      if (!this.entries.has(r.id)) this.entries.set(r.id, { id: r.id, kind: r.k, ref: r.ref, sealedAt: r.at, state: 'sealed', wk: r.wk });
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
    if (this.dead < 2000 || this.dead < this.entries.size * 2) return null;
    this.dead = 0;
    return [...this.entries.values()].map((e) => `${JSON.stringify({ t: 'snap', e } satisfies Record)}\n`).join('');
  }
}
