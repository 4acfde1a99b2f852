/**
 * The host's own copy of each accepted item's sealed bytes, kept until the platform acknowledges
 * the item. The crash test showed Chromium's IndexedDB losing transactions it had completed with
 * strict durability when the browser was killed a few seconds later; with this copy an item the
 * page's storage lost is restored into it instead of being lost. Only ciphertext is kept (the item
 * key lives in the journal, wrapped), and a copy is removed when its item is delivered, forgotten
 * or abandoned. One file per item, written durably (temp + fsync + rename + directory fsync) before
 * the page receives the sealed bytes.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { OutboxItemKind, RestorableRow } from '../../common/ipc/methods/outbox';
import { writeFileDurably } from '../storage/durable';

export interface SealedCopy {
  itemId: string;
  kind: OutboxItemKind;
  localReference: string | null;
  sealedAt: string;
  row: RestorableRow;
  /** Base64 ciphertext: the body, then each attachment in the order of `row.attachments`. */
  parts: string[];
}

export class SealedCopies {
  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }

  private path(itemId: string): string {
    // Item ids are validated UUIDs (common/ipc/methods/outbox.ts), safe as file names.
    return join(this.dir, `${itemId}.json`);
  }

  write(copy: SealedCopy): void {
    // Made again if something removed it: a missing directory must not stop intake.
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    writeFileDurably(this.path(copy.itemId), JSON.stringify(copy));
  }

  has(itemId: string): boolean {
    return existsSync(this.path(itemId));
  }

  read(itemId: string): SealedCopy | null {
    try {
      return JSON.parse(readFileSync(this.path(itemId), 'utf8')) as SealedCopy;
    } catch {
      return null;
    }
  }

  /** Once the platform holds the item, or it was never accepted: the copy is of no use. */
  remove(itemId: string): void {
    rmSync(this.path(itemId), { force: true });
    rmSync(`${this.path(itemId)}.tmp`, { force: true });
  }

  /** Item ids with a copy on disk (to clean up after a crash between an acknowledgement and the removal). */
  ids(): string[] {
    if (!existsSync(this.dir)) return [];
    return readdirSync(this.dir)
      .filter((name) => name.endsWith('.json'))
      .map((name) => name.slice(0, -'.json'.length));
  }
}
