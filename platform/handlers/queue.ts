/**
 * The hall queue: number leases, tickets, appointments (预约签到) and the waiting summary.
 * The windows are simulated: each category calls its tickets in number order, one every
 * `averageServiceMinutes`, computed from the clock — there is no background timer.
 */
import type { Handler, Request, Services } from '../context';
import { parseJson, readJsonBody, replayOrConflict, requireUuid } from '../context';
import { recordDelivery } from '../db';
import type { Reply } from '../http';
import { json, problem, ReplyError } from '../http';
import type { Appointment, QueueCategory } from '../reference-data';
import { endOfServiceDay, rfc3339, serviceDay } from '../time';

const DEFAULT_SERVICE_MINUTES = 6;

function requireHall(s: Services, req: Request): string {
  const hallId = req.params[0]!;
  if (hallId !== s.ref.config().value.hallId) throw new ReplyError(problem(404, 'unknown-hall', 'This platform serves another hall.'));
  return hallId;
}

function category(s: Services, code: string): QueueCategory | undefined {
  return s.ref.config().value.queueCategories.find((c) => c.code === code);
}

function pace(c: QueueCategory | undefined): number {
  return c?.averageServiceMinutes ?? DEFAULT_SERVICE_MINUTES;
}

export function display(prefix: string, n: number): string {
  return `${prefix}${String(n).padStart(3, '0')}`;
}

interface LeaseRequest {
  leaseId: string;
  category: string;
  size: number;
}

interface LeaseRow {
  id: string;
  terminal_id: string;
  body_sha256: string;
  hall_id: string;
  category: string;
  prefix: string;
  service_day: string;
  from_no: number;
  to_no: number;
  expires_at: string;
}

function leaseBody(row: LeaseRow): Record<string, unknown> {
  return { leaseId: row.id, category: row.category, prefix: row.prefix, from: row.from_no, to: row.to_no, serviceDay: row.service_day, expiresAt: row.expires_at };
}

/** POST /v1/halls/{hallId}/queue/leases — idempotent by leaseId like every other write. */
export const postLease: Handler = async (s, req) => {
  const hallId = requireHall(s, req);
  const body = await readJsonBody(s, req);
  const lookup = (id: unknown): LeaseRow | undefined => (typeof id === 'string' ? (s.db.prepare('SELECT * FROM leases WHERE id = ?').get(id) as LeaseRow | undefined) : undefined);
  // The id is in the body, not the URL: find it before validating, so a replay is answered as one.
  let parsedId: unknown;
  try {
    parsedId = (JSON.parse(body.bytes.toString('utf8')) as { leaseId?: unknown }).leaseId;
  } catch {
    parsedId = undefined;
  }
  const held = lookup(parsedId);
  if (held) {
    replayOrConflict(s, 'lease', held.id, held, req, body);
    return json(200, leaseBody(held));
  }
  const r = parseJson<LeaseRequest>(s, body, 'LeaseRequest');
  const cat = category(s, r.category);
  if (!cat) return problem(422, 'unknown-category', 'The hall has no queue category with this code.', { errors: [{ path: '/category', message: 'unknown queue category' }] });
  const now = s.now();
  const day = serviceDay(now);
  return s.write((): Reply => {
    const again = lookup(r.leaseId);
    if (again) {
      replayOrConflict(s, 'lease', again.id, again, req, body);
      return json(200, leaseBody(again));
    }
    const counter = s.db
      .prepare(
        `INSERT INTO lease_counters (hall_id, category, service_day, last) VALUES (?, ?, ?, ?)
         ON CONFLICT(hall_id, category, service_day) DO UPDATE SET last = last + excluded.last RETURNING last`,
      )
      .get(hallId, r.category, day, r.size) as { last: number };
    const row: LeaseRow = {
      id: r.leaseId,
      terminal_id: req.terminal!.terminalId,
      body_sha256: body.sha256,
      hall_id: hallId,
      category: r.category,
      prefix: cat.prefix,
      service_day: day,
      from_no: counter.last - r.size + 1,
      to_no: counter.last,
      expires_at: rfc3339(endOfServiceDay(day)),
    };
    s.db
      .prepare(
        `INSERT INTO leases (id, terminal_id, body_sha256, hall_id, category, prefix, service_day, from_no, to_no, expires_at, created_at)
         VALUES (@id, @terminal_id, @body_sha256, @hall_id, @category, @prefix, @service_day, @from_no, @to_no, @expires_at, @created_at)`,
      )
      .run({ ...row, created_at: rfc3339(now) });
    recordDelivery(s.db, 'lease', row.id, 'created', 201, rfc3339(now));
    return json(201, leaseBody(row));
  });
};

interface QueueTicket {
  leaseId: string;
  category: string;
  number: number;
  issuedAt: string;
  priority: string;
  appointmentId?: string;
}

interface TicketRow {
  id: string;
  terminal_id: string;
  body_sha256: string;
  category: string;
  service_day: string;
  number: number;
  display: string;
  issued_ms: number;
  outcome_status: number;
  outcome_code: string | null;
}

interface Called {
  id: string;
  number: number;
  display: string;
  callMs: number;
}

/** The simulated windows of one category on one day: when each registered ticket is called. */
function simulate(s: Services, hallId: string, cat: string, day: string): Called[] {
  const rows = s.db
    .prepare('SELECT id, number, display, issued_ms FROM tickets WHERE hall_id = ? AND category = ? AND service_day = ? ORDER BY number')
    .all(hallId, cat, day) as { id: string; number: number; display: string; issued_ms: number }[];
  const step = pace(category(s, cat)) * 60_000;
  let last = -Infinity;
  return rows.map((r) => {
    last = Math.max(r.issued_ms, last + step);
    return { id: r.id, number: r.number, display: r.display, callMs: last };
  });
}

function position(s: Services, hallId: string, row: TicketRow): Record<string, unknown> {
  const now = s.now().getTime();
  const calls = simulate(s, hallId, row.category, row.service_day);
  const mine = calls.find((c) => c.id === row.id);
  const waitingAhead = calls.filter((c) => c.number < row.number && c.callMs > now).length;
  const wait = mine && mine.callMs > now ? Math.ceil((mine.callMs - now) / 60_000) : 0;
  return { display: row.display, waitingAhead, estimatedWaitMinutes: wait };
}

function findAppointment(s: Services, idOrCode: string): Appointment | undefined {
  return s.ref.appointments().find((a) => a.appointmentId === idOrCode || a.code === idOrCode);
}

/** Why an appointment check-in is not valid, or undefined when it is. */
function appointmentProblem(s: Services, t: QueueTicket, ticketId: string, issuedMs: number): string | undefined {
  if (t.appointmentId === undefined) return 'A ticket with priority appointment needs an appointmentId.';
  const a = findAppointment(s, t.appointmentId);
  if (!a) return 'No such appointment.';
  if (a.cancelled) return 'The appointment was cancelled.';
  if (a.category !== t.category) return 'The appointment is for another queue category.';
  if (serviceDay(a.slotStart) !== serviceDay(new Date(issuedMs)) || issuedMs > a.slotEnd.getTime()) return 'The appointment is not for this time.';
  const checkin = s.db.prepare('SELECT ticket_id FROM appointment_checkins WHERE appointment_id = ?').get(a.appointmentId) as { ticket_id: string } | undefined;
  if (checkin && checkin.ticket_id !== ticketId) return 'The appointment was already checked in.';
  return undefined;
}

function ticketReply(s: Services, hallId: string, row: TicketRow, replay: boolean): Reply {
  const pos = position(s, hallId, row);
  if (row.outcome_code === 'appointment-invalid') {
    // The ticket is registered as an ordinary one; the answer stays the 409 it was.
    return problem(409, 'appointment-invalid', 'The appointment code was not valid; the ticket stays an ordinary one.', pos);
  }
  return json(replay ? 200 : 201, pos);
}

/** PUT /v1/halls/{hallId}/queue/tickets/{ticketId} */
export const putTicket: Handler = async (s, req) => {
  const hallId = requireHall(s, req);
  const ticketId = req.params[1]!;
  requireUuid(ticketId, 'ticketId');
  const body = await readJsonBody(s, req);
  const held = s.db.prepare('SELECT * FROM tickets WHERE id = ?').get(ticketId) as TicketRow | undefined;
  if (held) {
    replayOrConflict(s, 'ticket', ticketId, held, req, body);
    return ticketReply(s, hallId, held, true);
  }
  const t = parseJson<QueueTicket>(s, body, 'QueueTicket');
  const now = s.now();
  return s.write((): Reply => {
    const numberConflict = (detail: string): Reply => {
      recordDelivery(s.db, 'ticket', ticketId, 'rejected', 409, rfc3339(now));
      return problem(409, 'number-conflict', detail);
    };
    const lease = s.db.prepare('SELECT * FROM leases WHERE id = ?').get(t.leaseId) as LeaseRow | undefined;
    if (!lease || lease.hall_id !== hallId || lease.terminal_id !== req.terminal!.terminalId) return numberConflict('The ticket names no lease of this terminal.');
    if (lease.category !== t.category) return numberConflict("The ticket's category is not its lease's.");
    if (t.number < lease.from_no || t.number > lease.to_no) return numberConflict(`The number is outside the lease (${lease.from_no}–${lease.to_no}).`);
    const used = s.db.prepare('SELECT id FROM tickets WHERE hall_id = ? AND category = ? AND service_day = ? AND number = ?').get(hallId, t.category, lease.service_day, t.number);
    if (used) return numberConflict('The number was already used by another ticket.');
    // A terminal clock ahead of ours must not push the ticket into the future.
    const issuedMs = Math.min(Date.parse(t.issuedAt), now.getTime());
    const isAppointment = t.priority === 'appointment' || t.appointmentId !== undefined;
    const appointmentTrouble = isAppointment ? appointmentProblem(s, t, ticketId, issuedMs) : undefined;
    const row: TicketRow = {
      id: ticketId,
      terminal_id: req.terminal!.terminalId,
      body_sha256: body.sha256,
      category: t.category,
      service_day: lease.service_day,
      number: t.number,
      display: display(lease.prefix, t.number),
      issued_ms: issuedMs,
      outcome_status: appointmentTrouble ? 409 : 201,
      outcome_code: appointmentTrouble ? 'appointment-invalid' : null,
    };
    s.db
      .prepare(
        `INSERT INTO tickets (id, terminal_id, body_sha256, hall_id, lease_id, category, service_day, number, display, issued_ms, priority, appointment_id, outcome_status, outcome_code, registered_at)
         VALUES (@id, @terminal_id, @body_sha256, @hall_id, @lease_id, @category, @service_day, @number, @display, @issued_ms, @priority, @appointment_id, @outcome_status, @outcome_code, @registered_at)`,
      )
      .run({
        ...row,
        hall_id: hallId,
        lease_id: t.leaseId,
        priority: appointmentTrouble ? (t.priority === 'appointment' ? 'normal' : t.priority) : t.priority,
        appointment_id: appointmentTrouble ? null : (t.appointmentId ?? null),
        registered_at: rfc3339(now),
      });
    if (isAppointment && !appointmentTrouble) {
      const a = findAppointment(s, t.appointmentId!)!;
      s.db.prepare('INSERT OR IGNORE INTO appointment_checkins (appointment_id, ticket_id, at) VALUES (?, ?, ?)').run(a.appointmentId, ticketId, rfc3339(now));
    }
    recordDelivery(s.db, 'ticket', ticketId, 'created', row.outcome_status, rfc3339(now));
    return ticketReply(s, hallId, row, false);
  });
};

export const getAppointment: Handler = (s, req) => {
  requireHall(s, req);
  const code = req.params[1]!;
  const a = s.ref.appointments().find((x) => x.code === code);
  if (!a) return problem(404, 'not-found', 'No appointment with this code.');
  const checkedIn = s.db.prepare('SELECT 1 FROM appointment_checkins WHERE appointment_id = ?').get(a.appointmentId) !== undefined;
  const status = a.cancelled ? 'cancelled' : checkedIn ? 'checked-in' : s.now().getTime() > a.slotEnd.getTime() ? 'expired' : 'booked';
  return json(200, {
    appointmentId: a.appointmentId,
    code: a.code,
    ...(a.serviceCode !== undefined ? { serviceCode: a.serviceCode } : {}),
    category: a.category,
    slotStart: rfc3339(a.slotStart),
    slotEnd: rfc3339(a.slotEnd),
    ...(a.applicantMasked !== undefined ? { applicantMasked: a.applicantMasked } : {}),
    status,
  });
};

/** GET /v1/halls/{hallId}/queue/summary. The simulated windows are always open. */
export const getQueueSummary: Handler = (s, req) => {
  const hallId = requireHall(s, req);
  const now = s.now();
  const day = serviceDay(now);
  const categories = s.ref.config().value.queueCategories.map((c) => {
    const calls = simulate(s, hallId, c.code, day);
    const called = calls.filter((x) => x.callMs <= now.getTime());
    const serving = called[called.length - 1];
    return {
      code: c.code,
      name: c.name,
      prefix: c.prefix,
      waiting: calls.length - called.length,
      ...(serving ? { nowServing: serving.display } : {}),
      averageServiceMinutes: pace(c),
      open: true,
    };
  });
  return json(200, { generatedAt: rfc3339(now), categories });
};
