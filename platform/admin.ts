/**
 * The inspection surface outside /api, for tests and the demo. It carries ids, counts and hashes,
 * never a name or an identity number.
 */
import type { Db } from './db';

interface DeliveryCounts {
  firstDeliveries: number;
  replays: number;
  conflicts: number;
  rejected: number;
}

function deliveryCounts(db: Db, kind: string): Map<string, DeliveryCounts> {
  const rows = db
    .prepare(
      `SELECT item_id,
              SUM(outcome = 'created') AS created,
              SUM(outcome = 'replayed') AS replayed,
              SUM(outcome = 'conflict') AS conflict,
              SUM(outcome = 'rejected') AS rejected
       FROM deliveries WHERE kind = ? GROUP BY item_id`,
    )
    .all(kind) as { item_id: string; created: number; replayed: number; conflict: number; rejected: number }[];
  return new Map(rows.map((r) => [r.item_id, { firstDeliveries: r.created, replays: r.replayed, conflicts: r.conflict, rejected: r.rejected }]));
}

const EMPTY: DeliveryCounts = { firstDeliveries: 0, replays: 0, conflicts: 0, rejected: 0 };

export function records(db: Db): Record<string, unknown> {
  const list = (kind: string, sql: string) => {
    const counts = deliveryCounts(db, kind);
    const rows = db.prepare(sql).all() as { id: string }[];
    return { count: rows.length, items: rows.map((r) => ({ ...r, ...(counts.get(r.id) ?? EMPTY) })) };
  };
  const terminals = db
    .prepare('SELECT terminal_id AS terminalId, model, app_version AS appVersion, enrolled_at AS enrolledAt, enroll_count AS enrollCount, heartbeat_count AS heartbeatCount, last_heartbeat_at AS lastHeartbeatAt, last_heartbeat AS lastHeartbeat FROM terminals ORDER BY enrolled_at')
    .all() as { lastHeartbeat: string | null }[];
  return {
    terminals: terminals.map((t) => ({ ...t, lastHeartbeat: t.lastHeartbeat ? (JSON.parse(t.lastHeartbeat) as unknown) : null })),
    submissions: list('submission', 'SELECT id, terminal_id AS terminalId, service_code AS serviceCode, receipt_no AS receiptNo, received_at AS receivedAt FROM submissions ORDER BY received_ms, id'),
    tickets: list('ticket', 'SELECT id, terminal_id AS terminalId, category, service_day AS serviceDay, number, display, priority, outcome_code AS outcome FROM tickets ORDER BY service_day, category, number'),
    leases: list('lease', 'SELECT id, terminal_id AS terminalId, category, service_day AS serviceDay, from_no AS "from", to_no AS "to" FROM leases ORDER BY service_day, category, from_no'),
    ratings: list('rating', 'SELECT id, terminal_id AS terminalId, received_at AS receivedAt FROM ratings ORDER BY received_at, id'),
    audit: list('audit', 'SELECT id, terminal_id AS terminalId, seq FROM audit_entries ORDER BY terminal_id, seq'),
    attachments: list('attachment', 'SELECT sha256 AS id, size, content_type AS contentType FROM attachments ORDER BY stored_at, sha256'),
  };
}

/** How many of each kind the platform holds: cheap enough to poll while a terminal delivers. */
export function counts(db: Db): Record<string, number> {
  const count = (table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  return { submissions: count('submissions'), tickets: count('tickets'), leases: count('leases'), ratings: count('ratings'), audit: count('audit_entries'), attachments: count('attachments') };
}
