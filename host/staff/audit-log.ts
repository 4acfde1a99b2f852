/**
 * The terminal's append-only staff audit log: one JSON line per entry in `<dataDir>/host/staff/audit.jsonl`,
 * written and fsync'd before the action's answer goes back to the page.
 *
 *   {"id":"<uuid v7, the entryId of PUT /v1/terminals/{tid}/audit/{entryId}>","entry":{seq, at, staffId, action, outcome, detail, prevHash, hash}}
 *
 * Entries are chained exactly as the contract's AuditEntry: `hash` = hex SHA-256 of the canonical
 * JSON (keys sorted at every level, no whitespace) of the entry without `hash`; `prevHash` = the hash
 * of entry seq-1, 64 zeros for seq 1. A separate head file holds the last seq and hash, so cutting
 * entries off the end is detected too. `detail` holds facts only: never a PIN, an identity number,
 * a name or anything else of a citizen in clear.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { uuidv7 } from '../../common/ids/uuid-v7';
import { writeJsonDurably } from '../platform/terminal-service';

export type AuditOutcome = 'ok' | 'refused' | 'failed';

export interface AuditEntry {
  seq: number;
  at: string;
  staffId: string;
  action: string;
  outcome: AuditOutcome;
  detail?: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export interface AuditRecord {
  id: string;
  entry: AuditEntry;
}

export type AuditVerification =
  | { ok: true; entries: number }
  | { ok: false; entries: number; brokenAtSeq: number; problem: 'altered' | 'removed' | 'reordered' | 'unreadable'; message: string };

export const ZERO_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every level and no whitespace (undefined members dropped). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const members = Object.keys(record)
      .filter((k) => record[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value);
}

export function auditEntryHash(entry: Omit<AuditEntry, 'hash'> & { hash?: string }): string {
  const { hash: _hash, ...rest } = entry;
  return createHash('sha256').update(canonicalJson(rest), 'utf8').digest('hex');
}

/** The exact bytes delivered to the platform for an entry: the same on every retry. */
export function auditBody(entry: AuditEntry): string {
  return canonicalJson(entry);
}

export interface AuditLogOptions {
  now?: () => number;
}

export class AuditLog {
  private records: AuditRecord[] = [];
  private readonly headPath: string;
  private readonly listeners = new Set<(record: AuditRecord) => void>();
  private readonly now: () => number;

  constructor(
    readonly path: string,
    options: AuditLogOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.headPath = join(dirname(path), 'audit-head.json');
    mkdirSync(dirname(path), { recursive: true });
    dropTornTail(path);
    this.records = readRecords(path).records;
  }

  get size(): number {
    return this.records.length;
  }

  all(): readonly AuditRecord[] {
    return this.records;
  }

  last(): AuditRecord | undefined {
    return this.records[this.records.length - 1];
  }

  onAppend(listener: (record: AuditRecord) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Appends one entry and fsyncs it (and the head) before returning. */
  append(fact: { staffId: string; action: string; outcome: AuditOutcome; detail?: Record<string, unknown> }): AuditRecord {
    const last = this.last();
    const nowMs = this.now();
    const base: Omit<AuditEntry, 'hash'> = {
      seq: (last?.entry.seq ?? 0) + 1,
      at: new Date(nowMs).toISOString(),
      staffId: fact.staffId,
      action: fact.action,
      outcome: fact.outcome,
      ...(fact.detail && Object.keys(fact.detail).length > 0 ? { detail: fact.detail } : {}),
      prevHash: last?.entry.hash ?? ZERO_HASH,
    };
    const entry: AuditEntry = { ...base, hash: auditEntryHash(base) };
    const record: AuditRecord = { id: uuidv7((n) => randomBytes(n), nowMs), entry };
    const fd = openSync(this.path, 'a', 0o600);
    try {
      writeSync(fd, `${JSON.stringify(record)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    writeJsonDurably(this.headPath, { seq: entry.seq, hash: entry.hash });
    this.records.push(record);
    for (const listener of this.listeners) listener(record);
    return record;
  }

  /** Re-reads the file as it is on disk now and checks every link of the chain and the head. */
  verify(): AuditVerification {
    const { records, unreadableLine } = readRecords(this.path);
    let expectedSeq = 1;
    let prevHash = ZERO_HASH;
    for (const { entry } of records) {
      if (entry.seq > expectedSeq) {
        const missing = entry.seq - expectedSeq === 1 ? `entry ${expectedSeq} is missing` : `entries ${expectedSeq}–${entry.seq - 1} are missing`;
        return { ok: false, entries: records.length, brokenAtSeq: expectedSeq, problem: 'removed', message: `The audit log was cut: ${missing}.` };
      }
      if (entry.seq < expectedSeq) return { ok: false, entries: records.length, brokenAtSeq: entry.seq, problem: 'reordered', message: `Entry ${entry.seq} appears again or out of order after entry ${expectedSeq - 1}.` };
      if (auditEntryHash(entry) !== entry.hash) return { ok: false, entries: records.length, brokenAtSeq: entry.seq, problem: 'altered', message: `Entry ${entry.seq} was altered: its content does not match its hash.` };
      if (entry.prevHash !== prevHash) {
        return { ok: false, entries: records.length, brokenAtSeq: entry.seq - 1, problem: 'altered', message: `Entry ${entry.seq - 1} was altered or replaced: entry ${entry.seq} was chained to a different one.` };
      }
      prevHash = entry.hash;
      expectedSeq += 1;
    }
    if (unreadableLine !== null) return { ok: false, entries: records.length, brokenAtSeq: expectedSeq, problem: 'unreadable', message: `Line ${unreadableLine} of the audit log cannot be read.` };
    const head = readHead(this.headPath);
    if (head && head.seq >= expectedSeq) {
      return { ok: false, entries: records.length, brokenAtSeq: expectedSeq, problem: 'removed', message: `The audit log was cut: it ends at entry ${expectedSeq - 1} but entry ${head.seq} had been written.` };
    }
    if (head && head.seq === expectedSeq - 1 && head.seq > 0 && head.hash !== prevHash) {
      return { ok: false, entries: records.length, brokenAtSeq: head.seq, problem: 'altered', message: `Entry ${head.seq} was replaced after it was written.` };
    }
    return { ok: true, entries: records.length };
  }

  /** Writes the whole log as JSON lines (the same lines as on disk) to `path`, fsync'd. */
  exportTo(path: string): number {
    const text = existsSync(this.path) ? readFileSync(this.path, 'utf8') : '';
    writeFileSync(path, text, { mode: 0o600 });
    const fd = openSync(path, 'r+');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    return this.records.length;
  }
}

/** A power cut mid-append can leave a last line without its newline: that entry was never acknowledged, so it is cut off before appending again. */
function dropTornTail(path: string): void {
  if (!existsSync(path)) return;
  const bytes = readFileSync(path);
  if (bytes.length === 0 || bytes[bytes.length - 1] === 0x0a) return;
  truncateSync(path, bytes.lastIndexOf(0x0a) + 1);
}

function readHead(path: string): { seq: number; hash: string } | null {
  if (!existsSync(path)) return null;
  try {
    const head = JSON.parse(readFileSync(path, 'utf8')) as { seq?: unknown; hash?: unknown };
    return typeof head.seq === 'number' && typeof head.hash === 'string' ? { seq: head.seq, hash: head.hash } : null;
  } catch {
    return null;
  }
}

/**
 * Reads every record. A last line without its newline is a write cut short by a power failure (the
 * entry was never acknowledged): it is left out. Any other line that cannot be read is reported.
 */
function readRecords(path: string): { records: AuditRecord[]; unreadableLine: number | null } {
  if (!existsSync(path)) return { records: [], unreadableLine: null };
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  // The element after the last newline is empty, or a torn last line: either way it is not a record.
  const complete = lines.slice(0, -1);
  const records: AuditRecord[] = [];
  let unreadableLine: number | null = null;
  complete.forEach((line, index) => {
    if (unreadableLine !== null) return;
    try {
      const record = JSON.parse(line) as AuditRecord;
      if (typeof record.id !== 'string' || typeof record.entry !== 'object' || record.entry === null || typeof record.entry.seq !== 'number') throw new Error('shape');
      records.push(record);
    } catch {
      unreadableLine = index + 1;
    }
  });
  return { records, unreadableLine };
}
