/**
 * Enrollment, heartbeats, the terminal configuration, the catalog and the staff audit log.
 */
import { randomBytes } from 'node:crypto';
import type { Handler, Request, Services } from '../context';
import { parseJson, readJsonBody, replayOrConflict, requireUuid, sha256Hex } from '../context';
import { recordDelivery } from '../db';
import type { Reply } from '../http';
import { json, problem, ReplyError } from '../http';
import type { Served } from '../reference-data';
import { bareEtag, ifNoneMatchHits } from '../reference-data';
import { rfc3339 } from '../time';

interface EnrollmentRequest {
  enrollmentCode: string;
  hardwareId: string;
  model: string;
  appVersion: string;
}

/**
 * POST /v1/terminals/enroll.
 *
 * Contract doubt: the summary calls the code "one-time", but a technician re-enrolls the same
 * machine after a reinstall, and a demo or a test suite enrolls many terminals. The rule here:
 * a code given at start may be used once per hardwareId; using it again for the same hardwareId
 * re-enrolls that terminal (same terminalId, a new token; the old token stops working, which the
 * terminal sees as 401). A code not given at start is 403.
 */
export const enroll: Handler = async (s, req) => {
  const body = await readJsonBody(s, req);
  const r = parseJson<EnrollmentRequest>(s, body, 'EnrollmentRequest');
  if (!s.enrollmentCodes.has(r.enrollmentCode)) {
    return problem(403, 'enrollment-refused', 'The enrollment code is not valid.');
  }
  const config = s.ref.config().value;
  const token = randomBytes(32).toString('base64url');
  const now = s.now();
  const terminalId = s.db.transaction(() => {
    const existing = s.db.prepare('SELECT terminal_id FROM terminals WHERE hardware_id = ?').get(r.hardwareId) as { terminal_id: string } | undefined;
    if (existing) {
      s.db
        .prepare('UPDATE terminals SET token_sha256 = ?, enrollment_code_sha256 = ?, model = ?, app_version = ?, enrolled_at = ?, enroll_count = enroll_count + 1 WHERE terminal_id = ?')
        .run(sha256Hex(token), sha256Hex(r.enrollmentCode), r.model, r.appVersion, rfc3339(now), existing.terminal_id);
      return existing.terminal_id;
    }
    const id = `kiosk-${randomBytes(6).toString('hex')}`;
    s.db
      .prepare('INSERT INTO terminals (terminal_id, hardware_id, enrollment_code_sha256, token_sha256, model, app_version, enrolled_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(id, r.hardwareId, sha256Hex(r.enrollmentCode), sha256Hex(token), r.model, r.appVersion, rfc3339(now));
    return id;
  }).immediate();
  return json(201, { terminalId, token, hallId: config.hallId, hallName: config.hallName, serverTime: rfc3339(now) });
};

/** The token's terminal, or undefined. Only the token's SHA-256 is stored. */
export function terminalForToken(s: Services, token: string): { terminalId: string } | undefined {
  const row = s.db.prepare('SELECT terminal_id FROM terminals WHERE token_sha256 = ?').get(sha256Hex(token)) as { terminal_id: string } | undefined;
  return row ? { terminalId: row.terminal_id } : undefined;
}

/**
 * A terminal may act only as itself. Contract gap: the contract names no answer for another
 * terminal's id; this platform answers 403 `terminal-mismatch` (the caller is authenticated,
 * just not as that terminal).
 */
function requireOwnTerminal(req: Request): string {
  const tid = req.params[0]!;
  if (tid !== req.terminal!.terminalId) throw new ReplyError(problem(403, 'terminal-mismatch', 'A terminal may only use its own terminalId.'));
  return tid;
}

function servedWithEtag(req: Request, item: Served<unknown>): Reply {
  const headers = { ETag: item.etag, 'Cache-Control': 'no-cache' };
  if (ifNoneMatchHits(req.raw.headers['if-none-match'], item.etag)) return { status: 304, headers };
  return { status: 200, headers: { ...headers, 'Content-Type': 'application/json' }, body: item.bytes };
}

export const getCatalog: Handler = (s, req) => servedWithEtag(req, s.ref.catalog());

export const getConfig: Handler = (s, req) => {
  requireOwnTerminal(req);
  return servedWithEtag(req, s.ref.config());
};

interface Heartbeat {
  at: string;
  appVersion: string;
  uptimeSeconds: number;
  outbox: { pending: number; failed: number; oldestPendingAt?: string | null };
  devices: unknown[];
}

export const heartbeat: Handler = async (s, req) => {
  const tid = requireOwnTerminal(req);
  const body = await readJsonBody(s, req);
  const hb = parseJson<Heartbeat>(s, body, 'Heartbeat');
  const now = s.now();
  const last = JSON.stringify({ at: hb.at, receivedAt: rfc3339(now), appVersion: hb.appVersion, uptimeSeconds: hb.uptimeSeconds, outbox: hb.outbox, devices: hb.devices });
  s.db.prepare('UPDATE terminals SET heartbeat_count = heartbeat_count + 1, last_heartbeat_at = ?, last_heartbeat = ? WHERE terminal_id = ?').run(rfc3339(now), last, tid);
  return json(200, {
    serverTime: rfc3339(now),
    configEtag: bareEtag(s.ref.config().etag),
    catalogEtag: bareEtag(s.ref.catalog().etag),
  });
};

interface AuditEntry {
  seq: number;
  prevHash: string;
  hash: string;
  [key: string]: unknown;
}

/** JSON with object keys sorted at every level and no whitespace. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value as Record<string, unknown>)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

export function auditEntryHash(entry: Record<string, unknown>): string {
  const { hash: _hash, ...rest } = entry;
  return sha256Hex(canonicalJson(rest));
}

const ZERO_HASH = '0'.repeat(64);

/**
 * PUT /v1/terminals/{tid}/audit/{entryId}. Besides the contract's rule (prevHash must equal the
 * held entry seq-1's hash), an entry that arrives after its successor is checked against the
 * successor's prevHash, and a second entry with a held seq is a fork: both are `chain-broken`.
 */
export const putAudit: Handler = async (s, req) => {
  const tid = requireOwnTerminal(req);
  const entryId = req.params[1]!;
  requireUuid(entryId, 'entryId');
  const body = await readJsonBody(s, req);
  const held = s.db.prepare('SELECT terminal_id, body_sha256 FROM audit_entries WHERE id = ?').get(entryId) as { terminal_id: string; body_sha256: string } | undefined;
  if (held) {
    replayOrConflict(s, 'audit', entryId, held, req, body);
    return { status: 200 };
  }
  const entry = parseJson<AuditEntry>(s, body, 'AuditEntry');
  if (auditEntryHash(entry) !== entry.hash) {
    return problem(422, 'hash-mismatch', '`hash` is not the SHA-256 of the canonical JSON of the entry without `hash`.', {
      errors: [{ path: '/hash', message: 'does not match the entry' }],
    });
  }
  const now = rfc3339(s.now());
  return s.write((): Reply => {
    const chainBroken = (detail: string): Reply => {
      recordDelivery(s.db, 'audit', entryId, 'rejected', 409, now);
      return problem(409, 'chain-broken', detail);
    };
    if (entry.seq === 1 && entry.prevHash !== ZERO_HASH) return chainBroken('The first entry must have a prevHash of 64 zeros.');
    const sameSeq = s.db.prepare('SELECT id FROM audit_entries WHERE terminal_id = ? AND seq = ?').get(tid, entry.seq);
    if (sameSeq) return chainBroken(`Another entry with seq ${entry.seq} is already held.`);
    const prev = s.db.prepare('SELECT hash FROM audit_entries WHERE terminal_id = ? AND seq = ?').get(tid, entry.seq - 1) as { hash: string } | undefined;
    if (prev && prev.hash !== entry.prevHash) return chainBroken(`prevHash does not match the hash of entry ${entry.seq - 1}.`);
    const next = s.db.prepare('SELECT prev_hash FROM audit_entries WHERE terminal_id = ? AND seq = ?').get(tid, entry.seq + 1) as { prev_hash: string } | undefined;
    if (next && next.prev_hash !== entry.hash) return chainBroken(`The held entry ${entry.seq + 1} does not follow this one.`);
    s.db
      .prepare('INSERT INTO audit_entries (id, terminal_id, body_sha256, seq, hash, prev_hash, body, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(entryId, tid, body.sha256, entry.seq, entry.hash, entry.prevHash, body.bytes.toString('utf8'), now);
    recordDelivery(s.db, 'audit', entryId, 'created', 201, now);
    return { status: 201 };
  });
};
