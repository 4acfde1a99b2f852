/**
 * Staff modes: sign-in, the audit log, provisioning and enrollment, diagnostics, device assignment,
 * and the hall manager's queue tools.
 *
 * Every staff-only method takes `session`, the token the host returned at sign-in; the host checks
 * it (unexpired, not signed out) and the role before doing anything, and writes an audit entry for
 * each action. A session ends on sign-out, after `idleTimeoutSeconds` without a staff call, or when
 * another staff member signs in (event `staff.sessionEnded`).
 */
import { z } from 'zod';
import { DEVICE_ROLES } from '../../devices/status';
import { deviceStatusSchema, printOutcomeSchema } from '../shapes';
import { UUID_PATTERN } from '../../ids/uuid-v7';
import { lostItemSchema } from './outbox';

export const STAFF_ROLES = ['technician', 'hall-manager', 'assistant'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

const sessionToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/);
const staffId = z.string().min(1).max(64);
const withSession = <T extends z.ZodRawShape>(shape: T) => z.object({ session: sessionToken, ...shape }).strict();
const sessionOnly = withSession({});
const empty = z.object({}).strict();

export const staffMemberSchema = z.object({ staffId: z.string(), name: z.string(), roles: z.array(z.enum(STAFF_ROLES)), pin: z.boolean(), card: z.boolean() }).strict();

export const lockoutSchema = z
  .object({
    /** Wrong credentials (wrong PINs, cards that are not staff cards here) since the last lockout (or success). */
    failures: z.number().int().nonnegative(),
    attemptsLeft: z.number().int().nonnegative(),
    /** ISO time until which staff entry is locked, or null. */
    lockedUntil: z.string().nullable(),
    /** How many lockouts in a row (the next one lasts 2^level minutes, capped). */
    level: z.number().int().nonnegative(),
  })
  .strict();
export type StaffLockout = z.infer<typeof lockoutSchema>;

export const staffSessionSchema = z
  .object({
    token: sessionToken,
    staffId: z.string(),
    name: z.string(),
    roles: z.array(z.enum(STAFF_ROLES)),
    method: z.enum(['pin', 'card']),
    startedAt: z.string(),
    expiresAt: z.string(),
    idleTimeoutSeconds: z.number().int().positive(),
  })
  .strict();
export type StaffSession = z.infer<typeof staffSessionSchema>;

const signInResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), session: staffSessionSchema }).strict(),
  z
    .object({
      ok: z.literal(false),
      reason: z.enum(['wrong-credential', 'unknown-card', 'locked', 'no-staff-list', 'timeout', 'cancelled', 'no-reader', 'busy']),
      message: z.string(),
      lockout: lockoutSchema,
    })
    .strict(),
]);

export const auditEntrySchema = z
  .object({
    seq: z.number().int().positive(),
    at: z.string(),
    staffId: z.string(),
    action: z.string(),
    outcome: z.enum(['ok', 'refused', 'failed']),
    detail: z.record(z.string(), z.unknown()).optional(),
    prevHash: z.string(),
    hash: z.string(),
  })
  .strict();
export type AuditEntryShape = z.infer<typeof auditEntrySchema>;

export const auditVerificationSchema = z.union([
  z.object({ ok: z.literal(true), entries: z.number().int() }).strict(),
  z.object({ ok: z.literal(false), entries: z.number().int(), brokenAtSeq: z.number().int(), problem: z.enum(['altered', 'removed', 'reordered', 'unreadable']), message: z.string() }).strict(),
]);

const provisioningResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), terminalId: z.string(), hallId: z.string(), hallName: z.string(), platform: z.string() }).strict(),
  z.object({ ok: z.literal(false), reason: z.enum(['malformed', 'unknown-key', 'bad-signature', 'expired', 'wrong-platform', 'enrollment-refused', 'unreachable']), message: z.string() }).strict(),
]);

const exportTargetSchema = z.object({ id: z.string(), label: z.string(), path: z.string(), removable: z.boolean() }).strict();

export const pauseReasons = ['staff-shortage', 'system-maintenance', 'quota-reached', 'closed-today', 'other'] as const;
export const pausedCategorySchema = z.object({ category: z.string(), reason: z.enum(pauseReasons), note: z.string().max(80).optional(), since: z.string() }).strict();
export type PausedCategory = z.infer<typeof pausedCategorySchema>;

const ticketPriority = z.enum(['normal', 'elderly', 'disabled', 'pregnant', 'green-channel']);

const heldJobSchema = z.object({ id: z.string(), kind: z.string(), createdAt: z.string(), reason: z.string(), display: z.string().optional() }).strict();

const isoTime = z
  .string()
  .max(40)
  .refine((v) => !Number.isNaN(Date.parse(v)), 'a date-time');
const outboxItemId = z.string().regex(UUID_PATTERN);
const outboxItemKind = z.enum(['submission', 'ticket', 'rating']);

/**
 * What the page's own outbox says of itself, sent with `staff.diagnostics` and its export: counts,
 * times, item ids and the platform's problem codes only. (The outbox lives in the page's IndexedDB;
 * the host knows only its journal of keys.) No local reference, title or note: nothing a citizen or
 * a technician typed.
 */
export const pageOutboxFiguresSchema = z
  .object({
    pending: z.number().int().nonnegative(),
    setAside: z.number().int().nonnegative(),
    oldestPendingAt: isoTime.nullable(),
    lastDeliveredAt: isoTime.nullable(),
    items: z
      .array(
        z
          .object({
            itemId: outboxItemId,
            kind: outboxItemKind,
            state: z.enum(['needs-attention', 'set-aside']),
            status: z.number().int().nullable(),
            code: z.string().max(100).nullable(),
          })
          .strict(),
      )
      .max(500),
  })
  .strict();
export type PageOutboxFigures = z.infer<typeof pageOutboxFiguresSchema>;

const diagnosticsAttentionItemSchema = z
  .object({ itemId: z.string(), kind: outboxItemKind, state: z.enum(['needs-attention', 'set-aside']), status: z.number().int().nullable(), reason: z.string() })
  .strict();

const diagnosticsSchema = z
  .object({
    generatedAt: z.string(),
    appVersion: z.string(),
    uptimeSeconds: z.number().int().nonnegative(),
    terminal: z.object({ terminalId: z.string().nullable(), hallId: z.string().nullable(), platform: z.string(), credential: z.enum(['ok', 'rejected', 'none']) }).strict(),
    outbox: z
      .object({
        /** `page`: the figures the page's outbox sent with the request; `unknown`: it sent none (its storage could not be read). */
        source: z.enum(['page', 'unknown']),
        pending: z.number().int().nullable(),
        /** Items a person must resolve, needing attention or set aside, with the platform's answer that stopped delivery. */
        needsAttention: z.array(diagnosticsAttentionItemSchema),
        setAside: z.number().int().nullable(),
        oldestPendingAt: z.string().nullable(),
        oldestAgeSeconds: z.number().int().nullable(),
        /** The last time the platform acknowledged an item of this terminal's outbox. */
        lastDeliveredAt: z.string().nullable(),
        lastDeliveredAgeSeconds: z.number().int().nullable(),
        /** The host's delivery state: `unauthorized` (401: re-enroll), `not-enrolled`, or null. */
        deliveryPaused: z.string().nullable(),
      })
      .strict(),
    audit: z.object({ entries: z.number().int(), undelivered: z.number().int(), lastDeliveredAt: z.string().nullable(), attention: z.number().int() }).strict(),
    platform: z
      .object({
        reachable: z.boolean(),
        status: z.number().int().nullable(),
        roundTripMs: z.number().int().nullable(),
        /** Platform clock minus local clock (ms), from the `Date` header; ±500 ms resolution. */
        clockOffsetMs: z.number().int().nullable(),
        lastContactAt: z.string().nullable(),
        reason: z.string().optional(),
      })
      .strict(),
    disk: z.object({ path: z.string(), freeBytes: z.number().nullable(), totalBytes: z.number().nullable() }).strict(),
    devices: z.array(deviceStatusSchema),
    recentFaults: z.array(z.object({ at: z.string(), role: z.string(), code: z.string(), actor: z.string() }).strict()),
  })
  .strict();
export type StaffDiagnostics = z.infer<typeof diagnosticsSchema>;

const connectionSpec = z.string().min(1).max(200);

export const OUTBOX_ITEM_ACTIONS = ['retry', 'set-aside'] as const;
export type OutboxItemAction = (typeof OUTBOX_ITEM_ACTIONS)[number];
/**
 * Why a technician sets an item aside (the choice on screen; audited). Any free text the technician
 * adds stays in the page's note on the item and is never sent here, so no citizen's data typed into
 * it can reach the audit log.
 */
export const SET_ASIDE_REASONS = ['platform-check', 'duplicate', 'handled-at-window', 'contact-applicant', 'other'] as const;
export type SetAsideReason = (typeof SET_ASIDE_REASONS)[number];

export const STAFF_METHODS = {
  // ── Sign-in (no session) ──
  /** Who may sign in here (no hashes), whether the terminal is enrolled, and the lockout. */
  'staff.status': {
    params: empty,
    result: z
      .object({
        enrolled: z.boolean(),
        credentialRejected: z.boolean(),
        staff: z.array(staffMemberSchema),
        lockout: lockoutSchema,
        idleTimeoutSeconds: z.number().int(),
        cardSignInAvailable: z.boolean(),
        /** The reader is armed for a staff card now (a card placed from now on goes to staff sign-in). */
        cardWaiting: z.boolean(),
      })
      .strict(),
  },
  /** A staff member chosen on screen, and their PIN (checked against the provisioned scrypt hash). */
  'staff.signInWithPin': { params: z.object({ staffId, pin: z.string().regex(/^\d{4,12}$/) }).strict(), result: signInResultSchema },
  /** Arms the ID card reader: the next card presented is matched against staff cards and never reaches the citizen flow. */
  'staff.signInWithCard': { params: z.object({ timeoutSeconds: z.number().int().min(5).max(120).default(30) }).strict(), result: signInResultSchema },
  'staff.cancelCardSignIn': { params: empty, result: empty },
  'staff.session': { params: sessionOnly, result: z.object({ active: z.boolean(), session: staffSessionSchema.optional() }).strict() },
  /** Activity on a staff screen: postpones the inactivity timeout. */
  'staff.touch': { params: sessionOnly, result: z.object({ expiresAt: z.string() }).strict() },
  'staff.signOut': { params: sessionOnly, result: empty },

  // ── Assistant ──
  /** An assistant starts working the citizen screens on a citizen's behalf (代办/帮办): audited, the staff session stays open. */
  'staff.assisted.start': { params: sessionOnly, result: empty },

  // ── Audit log ──
  'staff.audit.recent': { params: withSession({ limit: z.number().int().min(1).max(200).default(50) }), result: z.array(auditEntrySchema) },
  'staff.audit.verify': { params: sessionOnly, result: auditVerificationSchema },
  /** Where an export may be written: removable media mounted now, and the data directory's exports folder. */
  'staff.exportTargets': { params: sessionOnly, result: z.array(exportTargetSchema) },
  'staff.audit.export': { params: withSession({ targetId: z.string().max(200) }), result: z.object({ path: z.string(), entries: z.number().int() }).strict() },

  // ── Provisioning (no session while the terminal is not enrolled; a technician's afterwards) ──
  /** Checks a scanned or typed payload without using it: what it would do, or why it is refused. */
  'staff.provisioning.inspect': {
    params: z.object({ payload: z.string().max(1000) }).strict(),
    result: z.discriminatedUnion('ok', [
      z.object({ ok: z.literal(true), platform: z.string(), hallId: z.string(), expiresAt: z.string() }).strict(),
      z.object({ ok: z.literal(false), reason: z.enum(['malformed', 'unknown-key', 'bad-signature', 'expired']), message: z.string() }).strict(),
    ]),
  },
  'staff.provisioning.apply': { params: z.object({ payload: z.string().max(1000), session: sessionToken.optional() }).strict(), result: provisioningResultSchema },

  // ── Technician ──
  /** `outbox`: the page's outbox figures (omitted when the page cannot read its outbox). */
  'staff.diagnostics': { params: withSession({ outbox: pageOutboxFiguresSchema.optional() }), result: diagnosticsSchema },
  'staff.diagnostics.export': { params: withSession({ targetId: z.string().max(200), outbox: pageOutboxFiguresSchema.optional() }), result: z.object({ path: z.string() }).strict() },
  'staff.devices.list': {
    params: sessionOnly,
    result: z
      .object({
        attached: z.array(z.object({ source: z.enum(['serial', 'hid']), id: z.string(), label: z.string(), guessedRole: z.enum(DEVICE_ROLES).nullable(), connection: z.string() }).strict()),
        warnings: z.array(z.string()),
        assigned: z.record(z.string(), z.string()),
        statuses: z.array(deviceStatusSchema),
      })
      .strict(),
  },
  'staff.devices.test': {
    params: withSession({ role: z.enum(DEVICE_ROLES), test: z.enum(['read-card', 'scan', 'print-test-page', 'printer-status']), timeoutSeconds: z.number().int().min(1).max(60).default(20) }),
    result: z.object({ ok: z.boolean(), message: z.string(), shown: z.record(z.string(), z.string()).optional() }).strict(),
  },
  /** Validates and writes the role → connection assignments into config.json (applied at the next start). */
  'staff.devices.save': {
    params: withSession({ assignments: z.partialRecord(z.enum(DEVICE_ROLES), connectionSpec) }),
    result: z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), path: z.string() }).strict(), z.object({ ok: z.literal(false), problems: z.array(z.string()) }).strict()]),
  },
  /** Restarts the device host (both shells restart it within a second) so saved assignments take effect. */
  'staff.devices.applyRestart': { params: sessionOnly, result: z.object({ restartingInMs: z.number().int() }).strict() },

  /**
   * A technician retries or sets aside an outbox item that needs attention. The outbox lives in the
   * page, so the page makes the change; it asks here FIRST: the host checks the technician session
   * and its own journal (the item is known, undelivered, its key held), writes the audit entry
   * (item id, kind and the platform's reason code from the journal, and for a set-aside the reason
   * the technician chose; nothing personal), and only on `ok: true` does the page change the item.
   * A refusal is audited as `refused`.
   */
  'staff.outbox.itemAction': {
    params: z.discriminatedUnion('action', [
      withSession({ itemId: outboxItemId, action: z.literal('retry') }),
      withSession({ itemId: outboxItemId, action: z.literal('set-aside'), setAsideReason: z.enum(SET_ASIDE_REASONS) }),
    ]),
    result: z.discriminatedUnion('ok', [
      z.object({ ok: z.literal(true), kind: z.string(), reasonCode: z.string() }).strict(),
      z.object({ ok: z.literal(false), reason: z.enum(['unknown-item', 'delivered', 'lost', 'unavailable']), message: z.string() }).strict(),
    ]),
  },
  /** The page could not apply an action the host had audited (the item was gone or had changed state): audited as `failed`. */
  'staff.outbox.itemActionFailed': {
    params: withSession({ itemId: outboxItemId, action: z.enum(OUTBOX_ITEM_ACTIONS), problem: z.enum(['not-found', 'wrong-state', 'storage-error']) }),
    result: empty,
  },

  /**
   * Items this terminal accepted that its browser storage lost before delivery (the host's journal
   * names them, with the local reference printed on each citizen's receipt). While any is
   * unacknowledged, new intake is refused.
   */
  'staff.outbox.lostItems': { params: sessionOnly, result: z.array(lostItemSchema) },
  /**
   * A technician has seen the lost items (and will have the hall contact those citizens): intake may
   * resume. Audited with the count and the items' local references; the ids stay in the journal.
   */
  'staff.outbox.acknowledgeLost': { params: sessionOnly, result: z.object({ acknowledged: z.number().int() }).strict() },

  // ── Hall manager ──
  'staff.queue.summary': {
    params: sessionOnly,
    result: z
      .object({
        live: z.boolean(),
        asOf: z.string().nullable(),
        categories: z.array(
          z.object({ code: z.string(), name: z.string(), prefix: z.string(), waiting: z.number().int().optional(), nowServing: z.string().optional(), averageServiceMinutes: z.number().optional(), open: z.boolean(), paused: pausedCategorySchema.optional() }).strict(),
        ),
      })
      .strict(),
  },
  /** Issues a ticket on a citizen's behalf, recorded with the staff id, and prints it. */
  'staff.queue.issueTicket': {
    params: withSession({ category: z.string().min(1).max(20), priority: ticketPriority }),
    result: z
      .object({
        ticket: z.object({ ticketId: z.string(), display: z.string(), category: z.string(), issuedAt: z.string(), hallId: z.string(), leaseId: z.string(), number: z.number().int(), body: z.record(z.string(), z.unknown()) }).strict(),
        print: z.union([printOutcomeSchema, z.object({ printed: z.literal(false), reason: z.string(), message: z.string(), heldId: z.string() }).strict()]),
        /** People waiting ahead in the category when it was issued (as printed); null when never known (printed as 0). */
        peopleAhead: z.number().int().nonnegative().nullable(),
      })
      .strict(),
  },
  'staff.queue.heldTickets': { params: sessionOnly, result: z.array(heldJobSchema) },
  'staff.queue.reprint': { params: withSession({ heldId: z.string().max(100) }), result: z.object({ printed: z.boolean(), reason: z.string().optional(), message: z.string().optional() }).strict() },
  'staff.queue.pause': { params: withSession({ category: z.string().min(1).max(20), reason: z.enum(pauseReasons), note: z.string().max(80).optional() }), result: z.array(pausedCategorySchema) },
  'staff.queue.resume': { params: withSession({ category: z.string().min(1).max(20) }), result: z.array(pausedCategorySchema) },
  /** Categories closed at this terminal by a hall manager (the citizen UI reads this; also event `queue.pausedChanged`). */
  'queue.pausedCategories': { params: empty, result: z.array(pausedCategorySchema) },
} as const;

/** Events the staff modes add to HOST_EVENTS. */
export const staffLockoutEventSchema = lockoutSchema;
export const staffSessionEndedSchema = z.object({ reason: z.enum(['signed-out', 'timeout', 'replaced']), staffId: z.string() }).strict();
export const pausedChangedSchema = z.object({ paused: z.array(pausedCategorySchema) }).strict();
