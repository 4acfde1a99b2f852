/**
 * The platform's SQLite store: WAL with synchronous=FULL (a committed write survives power loss),
 * unique keys on every client id, migrations in code, one transaction per write.
 */
import Database from 'better-sqlite3';
import type { Database as DatabaseType } from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const MIGRATIONS: string[] = [
  `
  CREATE TABLE terminals (
    terminal_id TEXT PRIMARY KEY,
    hardware_id TEXT NOT NULL UNIQUE,
    enrollment_code_sha256 TEXT NOT NULL,
    token_sha256 TEXT NOT NULL UNIQUE,
    model TEXT NOT NULL,
    app_version TEXT NOT NULL,
    enrolled_at TEXT NOT NULL,
    enroll_count INTEGER NOT NULL DEFAULT 1,
    heartbeat_count INTEGER NOT NULL DEFAULT 0,
    last_heartbeat_at TEXT,
    last_heartbeat TEXT
  );
  CREATE TABLE attachments (
    sha256 TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    content_type TEXT NOT NULL,
    stored_at TEXT NOT NULL
  );
  CREATE TABLE submissions (
    id TEXT PRIMARY KEY,
    terminal_id TEXT NOT NULL,
    body_sha256 TEXT NOT NULL,
    body TEXT NOT NULL,
    service_code TEXT NOT NULL,
    service_name TEXT NOT NULL,
    receipt_no TEXT NOT NULL UNIQUE,
    received_at TEXT NOT NULL,
    received_ms INTEGER NOT NULL,
    promised_by TEXT NOT NULL,
    outstanding TEXT NOT NULL,
    applicant_key TEXT NOT NULL,
    applicant_masked TEXT NOT NULL
  );
  CREATE INDEX submissions_applicant ON submissions (applicant_key);
  CREATE TABLE receipt_serials (
    day TEXT PRIMARY KEY,
    last INTEGER NOT NULL
  );
  CREATE TABLE leases (
    id TEXT PRIMARY KEY,
    terminal_id TEXT NOT NULL,
    body_sha256 TEXT NOT NULL,
    hall_id TEXT NOT NULL,
    category TEXT NOT NULL,
    prefix TEXT NOT NULL,
    service_day TEXT NOT NULL,
    from_no INTEGER NOT NULL,
    to_no INTEGER NOT NULL,
    expires_at TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE TABLE lease_counters (
    hall_id TEXT NOT NULL,
    category TEXT NOT NULL,
    service_day TEXT NOT NULL,
    last INTEGER NOT NULL,
    PRIMARY KEY (hall_id, category, service_day)
  );
  CREATE TABLE tickets (
    id TEXT PRIMARY KEY,
    terminal_id TEXT NOT NULL,
    body_sha256 TEXT NOT NULL,
    hall_id TEXT NOT NULL,
    lease_id TEXT NOT NULL,
    category TEXT NOT NULL,
    service_day TEXT NOT NULL,
    number INTEGER NOT NULL,
    display TEXT NOT NULL,
    issued_ms INTEGER NOT NULL,
    priority TEXT NOT NULL,
    appointment_id TEXT,
    outcome_status INTEGER NOT NULL,
    outcome_code TEXT,
    registered_at TEXT NOT NULL,
    UNIQUE (hall_id, category, service_day, number)
  );
  CREATE TABLE appointment_checkins (
    appointment_id TEXT PRIMARY KEY,
    ticket_id TEXT NOT NULL,
    at TEXT NOT NULL
  );
  CREATE TABLE ratings (
    id TEXT PRIMARY KEY,
    terminal_id TEXT NOT NULL,
    body_sha256 TEXT NOT NULL,
    body TEXT NOT NULL,
    received_at TEXT NOT NULL
  );
  CREATE TABLE audit_entries (
    id TEXT PRIMARY KEY,
    terminal_id TEXT NOT NULL,
    body_sha256 TEXT NOT NULL,
    seq INTEGER NOT NULL,
    hash TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    body TEXT NOT NULL,
    received_at TEXT NOT NULL,
    UNIQUE (terminal_id, seq)
  );
  CREATE TABLE deliveries (
    n INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    item_id TEXT NOT NULL,
    outcome TEXT NOT NULL,
    status INTEGER NOT NULL,
    at TEXT NOT NULL
  );
  CREATE INDEX deliveries_item ON deliveries (kind, item_id);
  `,
];

export type Db = DatabaseType;

export function openDatabase(dataDir: string): Db {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, 'platform.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  cacheStatements(db);
  return db;
}

/**
 * Handlers prepare their SQL where they use it; compiling it again for every request cost more than
 * the query. Statements are reused by SQL text (none is iterated, so none is ever in use twice).
 */
function cacheStatements(db: Db): void {
  const compile = db.prepare.bind(db);
  const cache = new Map<string, ReturnType<Db['prepare']>>();
  db.prepare = ((sql: string) => {
    let statement = cache.get(sql);
    if (!statement) {
      statement = compile(sql);
      cache.set(sql, statement);
    }
    return statement;
  }) as Db['prepare'];
}

function migrate(db: Db): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  for (let i = version; i < MIGRATIONS.length; i += 1) {
    db.transaction(() => {
      db.exec(MIGRATIONS[i]!);
      db.pragma(`user_version = ${i + 1}`);
    }).immediate();
  }
}

export type DeliveryKind = 'submission' | 'ticket' | 'lease' | 'rating' | 'audit' | 'attachment';
export type DeliveryOutcome = 'created' | 'replayed' | 'conflict' | 'rejected';

/** One row per delivery attempt that reached a decision, so tests can count first deliveries. */
export function recordDelivery(db: Db, kind: DeliveryKind, itemId: string, outcome: DeliveryOutcome, status: number, at: string): void {
  db.prepare('INSERT INTO deliveries (kind, item_id, outcome, status, at) VALUES (?, ?, ?, ?, ?)').run(kind, itemId, outcome, status, at);
}
