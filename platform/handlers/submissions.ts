/**
 * Attachments (content-addressed), submissions (申办件), progress (办件查询) and ratings (好差评).
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Handler, Request, Services } from '../context';
import { parseJson, readBody, readJsonBody, replayOrConflict, requireUuid, sha256Hex } from '../context';
import type { FieldError } from '../contract';
import { toFieldErrors } from '../contract';
import { recordDelivery } from '../db';
import type { Reply } from '../http';
import { json, problem, ReplyError } from '../http';
import type { MaterialRequirement, ServiceItem } from '../reference-data';
import { addWorkingDays, rfc3339, serviceDay } from '../time';
import { checkIdNumber } from '../../common/identity/check-digits';
import { applicantName } from '../../common/identity/mask';

const ATTACHMENT_TYPES = new Set(['image/jpeg', 'image/png', 'application/pdf']);

function attachmentHeld(s: Services, sha256: string): boolean {
  return s.db.prepare('SELECT 1 FROM attachments WHERE sha256 = ?').get(sha256) !== undefined && existsSync(join(s.attachmentsDir, sha256));
}

function requireSha256(value: string): void {
  if (!/^[0-9a-f]{64}$/.test(value)) throw new ReplyError(problem(422, 'invalid-request', 'The id must be a lower-case hex SHA-256.', { errors: [] }));
}

export const headAttachment: Handler = (s, req) => {
  const sha = req.params[0]!;
  return { status: /^[0-9a-f]{64}$/.test(sha) && attachmentHeld(s, sha) ? 200 : 404 };
};

export const putAttachment: Handler = async (s, req) => {
  const sha = req.params[0]!;
  requireSha256(sha);
  const type = (req.raw.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (!ATTACHMENT_TYPES.has(type)) {
    return { ...problem(415, 'unsupported-media-type', 'Attachments are image/jpeg, image/png or application/pdf.'), close: true };
  }
  const bytes = await readBody(req.raw, s.maxAttachmentBytes);
  if (sha256Hex(bytes) !== sha) return problem(422, 'hash-mismatch', 'The bytes do not hash to the id.');
  if (attachmentHeld(s, sha)) return { status: 200 };
  // Write a temporary file, flush it, then rename: a held attachment is never partial.
  mkdirSync(s.attachmentsDir, { recursive: true });
  const tmp = join(s.attachmentsDir, `.${sha}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, bytes);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, join(s.attachmentsDir, sha));
  const dirFd = openSync(s.attachmentsDir, 'r');
  try {
    fsyncSync(dirFd);
  } finally {
    closeSync(dirFd);
  }
  const now = rfc3339(s.now());
  const created = s.db.prepare('INSERT OR IGNORE INTO attachments (sha256, size, content_type, stored_at) VALUES (?, ?, ?, ?)').run(sha, bytes.length, type, now);
  recordDelivery(s.db, 'attachment', sha, created.changes === 1 ? 'created' : 'replayed', created.changes === 1 ? 201 : 200, now);
  return { status: created.changes === 1 ? 201 : 200 };
};

interface Identity {
  kind: 'person';
  name: string;
  idType: string;
  idNumber: string;
}
interface Organization {
  kind: 'organization';
  uscc: string;
  name: string;
  agent: Identity;
}
interface SubmissionBody {
  serviceCode: string;
  applicant: Identity | Organization;
  form: Record<string, unknown>;
  materials: { code: string; provision: 'attached' | 'paper-at-window' | 'electronic-licence' | 'commitment' | 'tolerated'; attachments?: string[] }[];
}

interface SubmissionRow {
  id: string;
  terminal_id: string;
  body_sha256: string;
  service_name: string;
  receipt_no: string;
  received_at: string;
  received_ms: number;
  promised_by: string;
  outstanding: string;
  applicant_masked: string;
}

const STAGES: [stage: string, note: string][] = [
  ['received', '已接收'],
  ['accepted', '已受理'],
  ['in-review', '审查中'],
  ['approved', '审批通过'],
  ['completed', '已办结'],
];

/** How far a submission has got: one stage every progressStepSeconds after receipt (demo only). */
function stageIndex(s: Services, receivedMs: number): number {
  const step = s.progressStepSeconds * 1000;
  if (step <= 0) return STAGES.length - 1;
  return Math.max(0, Math.min(STAGES.length - 1, Math.floor((s.now().getTime() - receivedMs) / step)));
}

/**
 * SubmissionAck.status has no `in-review` or `approved` (Progress.status has): the
 * acknowledgement reports those as `accepted`.
 */
function ackStatus(stage: string): string {
  return stage === 'in-review' || stage === 'approved' ? 'accepted' : stage;
}

function ack(s: Services, row: SubmissionRow): Record<string, unknown> {
  return {
    submissionId: row.id,
    receiptNo: row.receipt_no,
    status: ackStatus(STAGES[stageIndex(s, row.received_ms)]![0]),
    receivedAt: row.received_at,
    promisedBy: row.promised_by,
    outstandingMaterials: JSON.parse(row.outstanding) as string[],
  };
}

function progress(s: Services, row: SubmissionRow): Record<string, unknown> {
  const reached = stageIndex(s, row.received_ms);
  return {
    receiptNo: row.receipt_no,
    submissionId: row.id,
    serviceName: row.service_name,
    applicantMasked: row.applicant_masked,
    status: STAGES[reached]![0],
    promisedBy: row.promised_by,
    timeline: STAGES.slice(0, reached + 1).map(([stage, note], k) => ({
      at: rfc3339(new Date(row.received_ms + k * s.progressStepSeconds * 1000)),
      stage,
      note,
    })),
  };
}

/** The person whose number finds the application in 办件查询: the applicant, or an organisation's agent. */
function applicantPerson(applicant: Identity | Organization): Identity {
  return applicant.kind === 'organization' ? applicant.agent : applicant;
}

function applicantKey(idNumber: string): string {
  return sha256Hex(`applicant:${idNumber.trim().toUpperCase()}`);
}

/**
 * 一次性告知: every material the applicant still has to supply, in one list — required materials
 * not mentioned, and those to be brought to the window (paper-at-window), supplied after
 * acceptance (tolerated, 容缺), or claimed by a means the item does not allow (an electronic
 * licence where none exists, a commitment where 告知承诺 is not allowed, "attached" with nothing
 * attached).
 */
function outstandingMaterials(item: ServiceItem, materials: SubmissionBody['materials']): string[] {
  const given = new Map(materials.map((m) => [m.code, m]));
  const out: string[] = [];
  for (const req of item.materials as MaterialRequirement[]) {
    const m = given.get(req.code);
    if (!m) {
      if (req.necessity === 'required') out.push(req.name);
      continue;
    }
    const satisfied =
      (m.provision === 'attached' && (m.attachments?.length ?? 0) > 0) ||
      (m.provision === 'electronic-licence' && req.licenceType !== undefined) ||
      (m.provision === 'commitment' && req.commitmentAllowed === true);
    if (!satisfied) out.push(req.name);
  }
  return out;
}

function nextReceiptNo(s: Services, itemCode: string, day: string): string {
  const row = s.db
    .prepare('INSERT INTO receipt_serials (day, last) VALUES (?, 1) ON CONFLICT(day) DO UPDATE SET last = last + 1 RETURNING last')
    .get(day) as { last: number };
  // Guangdong style: 实施编码 + yyyyMMdd + a 4-digit serial (43 characters with a 31-character code).
  const serial = String(row.last).padStart(4, '0');
  const date = day.replace(/-/g, '');
  return `${itemCode.slice(0, 50 - date.length - serial.length)}${date}${serial}`;
}

/**
 * PUT /v1/submissions/{id}. Checks, in order: the replay rule, the Submission schema, the service
 * item, the applicant's identity number, the item's form schema, and last the attachments — so a
 * terminal is only asked to upload for a submission that will then be accepted.
 */
export const putSubmission: Handler = async (s, req) => {
  const id = req.params[0]!;
  requireUuid(id, 'submissionId');
  const body = await readJsonBody(s, req);
  const held = s.db.prepare('SELECT * FROM submissions WHERE id = ?').get(id) as SubmissionRow | undefined;
  if (held) {
    replayOrConflict(s, 'submission', id, held, req, body);
    return json(200, ack(s, held));
  }
  const sub = parseJson<SubmissionBody>(s, body, 'Submission');
  const catalog = s.ref.catalog();
  const item = catalog.byCode.get(sub.serviceCode);
  if (!item) {
    return problem(422, 'unknown-service', 'The catalog has no service item with this code.', { errors: [{ path: '/serviceCode', message: 'unknown service item' }] });
  }
  const person = applicantPerson(sub.applicant);
  if (person.idType === 'resident-id' && !checkIdNumber(person.idNumber).ok) {
    const path = sub.applicant.kind === 'organization' ? '/applicant/agent/idNumber' : '/applicant/idNumber';
    return problem(422, 'invalid-identity', 'The identity number is not valid.', { errors: [{ path, message: `not a valid resident identity number (${(checkIdNumber(person.idNumber) as { problem: string }).problem})` }] });
  }
  const validateForm = catalog.formValidator(item.code);
  if (!validateForm(sub.form)) {
    const errors: FieldError[] = toFieldErrors(validateForm.errors, '/form');
    return problem(422, 'invalid-form', "The form does not match the service item's form schema.", { errors });
  }
  const missing: string[] = [];
  for (const m of sub.materials) {
    for (const sha of m.attachments ?? []) if (!missing.includes(sha) && !attachmentHeld(s, sha)) missing.push(sha);
  }
  if (missing.length > 0) {
    return problem(422, 'missing-attachments', 'Upload these attachments, then deliver the submission again.', { missing });
  }

  const now = s.now();
  const day = serviceDay(now);
  const outstanding = outstandingMaterials(item, sub.materials);
  return s.write((): Reply => {
    // better-sqlite3 is synchronous, so nothing interleaves between this check and the insert;
    // the primary key would refuse a second row anyway.
    const again = s.db.prepare('SELECT * FROM submissions WHERE id = ?').get(id) as SubmissionRow | undefined;
    if (again) {
      replayOrConflict(s, 'submission', id, again, req, body);
      return json(200, ack(s, again));
    }
    const row: SubmissionRow = {
      id,
      terminal_id: req.terminal!.terminalId,
      body_sha256: body.sha256,
      service_name: item.name,
      receipt_no: nextReceiptNo(s, item.code, day),
      received_at: rfc3339(now),
      received_ms: now.getTime(),
      promised_by: addWorkingDays(day, item.timeLimit.promisedWorkingDays),
      outstanding: JSON.stringify(outstanding),
      // A person's name masked; an organisation's in full (public, not personal data).
      applicant_masked: applicantName(sub.applicant),
    };
    s.db
      .prepare(
        `INSERT INTO submissions (id, terminal_id, body_sha256, body, service_code, service_name, receipt_no, received_at, received_ms, promised_by, outstanding, applicant_key, applicant_masked)
         VALUES (@id, @terminal_id, @body_sha256, @body, @service_code, @service_name, @receipt_no, @received_at, @received_ms, @promised_by, @outstanding, @applicant_key, @applicant_masked)`,
      )
      .run({ ...row, body: body.bytes.toString('utf8'), service_code: item.code, applicant_key: applicantKey(person.idNumber) });
    recordDelivery(s.db, 'submission', id, 'created', 201, row.received_at);
    return json(201, ack(s, row));
  });
};

export const getSubmission: Handler = (s, req) => {
  const id = req.params[0]!;
  const row = s.db.prepare('SELECT * FROM submissions WHERE id = ? AND terminal_id = ?').get(id, req.terminal!.terminalId) as SubmissionRow | undefined;
  if (!row) return problem(404, 'not-found', 'No submission with this id was delivered by this terminal.');
  return json(200, progress(s, row));
};

interface ProgressLookup {
  idNumber: string;
  receiptNo?: string;
  submissionId?: string;
}

/** POST /v1/progress/lookup: matches need the applicant's number; the reply masks the name and carries no number. */
export const lookupProgress: Handler = async (s, req: Request) => {
  const body = await readJsonBody(s, req);
  const q = parseJson<ProgressLookup>(s, body, 'ProgressLookup');
  let sql = 'SELECT * FROM submissions WHERE applicant_key = ?';
  const args: unknown[] = [applicantKey(q.idNumber)];
  if (q.receiptNo !== undefined) {
    sql += ' AND receipt_no = ?';
    args.push(q.receiptNo);
  }
  if (q.submissionId !== undefined) {
    sql += ' AND id = ?';
    args.push(q.submissionId);
  }
  if (q.receiptNo === undefined && q.submissionId === undefined) {
    // "All of that person's recent applications": the last 180 days, newest first.
    sql += ' AND received_ms >= ?';
    args.push(s.now().getTime() - 180 * 86_400_000);
  }
  sql += ' ORDER BY received_ms DESC LIMIT 50';
  const rows = s.db.prepare(sql).all(...args) as SubmissionRow[];
  return json(200, { items: rows.map((row) => progress(s, row)) });
};

export const putRating: Handler = async (s, req) => {
  const id = req.params[0]!;
  requireUuid(id, 'ratingId');
  const body = await readJsonBody(s, req);
  const held = s.db.prepare('SELECT terminal_id, body_sha256 FROM ratings WHERE id = ?').get(id) as { terminal_id: string; body_sha256: string } | undefined;
  if (held) {
    replayOrConflict(s, 'rating', id, held, req, body);
    return { status: 200 };
  }
  parseJson(s, body, 'Rating');
  const now = rfc3339(s.now());
  const created = await s.write(() => {
    const r = s.db.prepare('INSERT OR IGNORE INTO ratings (id, terminal_id, body_sha256, body, received_at) VALUES (?, ?, ?, ?, ?)').run(id, req.terminal!.terminalId, body.sha256, body.bytes.toString('utf8'), now);
    if (r.changes === 1) recordDelivery(s.db, 'rating', id, 'created', 201, now);
    return r.changes === 1;
  });
  return { status: created ? 201 : 200 };
};
