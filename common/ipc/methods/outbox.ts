/**
 * The offline-first intake: item keys held by the host, its journal, and delivery through the
 * host's platform client. The page never holds a key or the credential: it sends plaintext bytes
 * once to be sealed, stores only ciphertext, and later hands the ciphertext back to the host, which
 * decrypts it in memory and PUTs exactly those bytes to the one contract path the operation names.
 */
import { z } from 'zod';
import { UUID_PATTERN } from '../../ids/uuid-v7';
import { BASE64_PATTERN } from '../../ids/base64';

export const OUTBOX_ITEM_KINDS = ['submission', 'ticket', 'rating'] as const;
export type OutboxItemKind = (typeof OUTBOX_ITEM_KINDS)[number];

/** Largest plaintext part the page may ask the host to seal (the message limit is 4 MiB of base64). */
export const MAX_SEALED_PART_BYTES = 2_800_000;

const clientId = z.string().regex(UUID_PATTERN);
const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const base64 = z.string().max(3_800_000).regex(BASE64_PATTERN);
const hallId = z.string().regex(/^[A-Za-z0-9-]{2,64}$/);
const localReference = z.string().regex(/^L-[0-9A-Z]{4}-\d{8}-\d{4,6}$/);

export const intakeStatusSchema = z.union([
  z.object({ ok: z.literal(true) }).strict(),
  z.object({ ok: z.literal(false), reason: z.enum(['disk-low', 'storage-lost', 'not-enrolled', 'key-store']), message: z.string() }).strict(),
]);

export const lostItemSchema = z
  .object({ itemId: clientId, kind: z.enum(OUTBOX_ITEM_KINDS), localReference: z.string().nullable(), sealedAt: z.string(), lastState: z.string() })
  .strict();
export type LostItem = z.infer<typeof lostItemSchema>;

/** What the page stores beside an item's sealed bytes, kept by the host with its copy so a row lost by the browser can be written again. */
export const restorableRowSchema = z
  .object({
    serviceName: z.string().max(200).nullable(),
    hallId: hallId.nullable(),
    attachments: z.array(z.object({ sha256, contentType: z.enum(['image/jpeg', 'image/png', 'application/pdf']), size: z.number().int().nonnegative() }).strict()).max(19),
  })
  .strict();
export type RestorableRow = z.infer<typeof restorableRowSchema>;

const problemSchema = z.object({ status: z.number().int(), code: z.string().max(100), title: z.string().max(500) }).strict();

const ackSchema = z
  .object({
    receiptNo: z.string().max(50).optional(),
    receivedAt: z.string().optional(),
    status: z.string().max(50).optional(),
    promisedBy: z.string().optional(),
    display: z.string().max(20).optional(),
    waitingAhead: z.number().int().optional(),
    note: z.string().max(100).optional(),
  })
  .strict();
export type DeliveryAck = z.infer<typeof ackSchema>;

export const deliveryOutcomeSchema = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('delivered'), ack: ackSchema }).strict(),
  /** An attachment is held by the platform (already, or now). */
  z.object({ outcome: z.literal('stored') }).strict(),
  z.object({ outcome: z.literal('missing-attachments'), missing: z.array(sha256).max(200) }).strict(),
  /** Try again later: network error, 408, 429, 5xx. `retryAfterMs` is the platform's Retry-After. */
  z.object({ outcome: z.literal('retry'), kind: z.enum(['network', 'platform', 'rate']), status: z.number().int().nullable(), retryAfterMs: z.number().int().nonnegative().nullable() }).strict(),
  /** A person must look (409, other 4xx, a key the host no longer holds). Never deleted. */
  z.object({ outcome: z.literal('attention'), problem: problemSchema }).strict(),
  /** Delivery is paused for every item (401: re-enrollment needed; not enrolled yet). */
  z.object({ outcome: z.literal('paused'), reason: z.enum(['unauthorized', 'not-enrolled']) }).strict(),
]);
export type DeliveryOutcome = z.infer<typeof deliveryOutcomeSchema>;

export const deliverParamsSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('attachment'), itemId: clientId, sha256, contentType: z.enum(['image/jpeg', 'image/png', 'application/pdf']), sealed: base64 }).strict(),
  z.object({ op: z.literal('submission'), itemId: clientId, sealed: base64 }).strict(),
  z.object({ op: z.literal('ticket'), itemId: clientId, hallId, sealed: base64 }).strict(),
  z.object({ op: z.literal('rating'), itemId: clientId, sealed: base64 }).strict(),
]);
export type DeliverParams = z.infer<typeof deliverParamsSchema>;

const ticketPriority = z.enum(['normal', 'elderly', 'disabled', 'pregnant', 'appointment', 'green-channel']);

export const OUTBOX_METHODS = {
  /** Whether new intake can be accepted (disk floor, storage integrity, enrollment, key store), and whether delivery is paused. */
  'outbox.status': {
    params: z.object({}).strict(),
    result: z
      .object({
        intake: intakeStatusSchema,
        deliveryPaused: z.enum(['unauthorized', 'not-enrolled']).nullable(),
        terminalId: z.string().nullable(),
        hallId: z.string().nullable(),
        disk: z.object({ freeBytes: z.number(), floorBytes: z.number() }).strict(),
        /** How long a delivered item's receipt number is kept for reprint and lookup (the terminal's configuration). */
        receiptRetentionMs: z.number().int().positive(),
      })
      .strict(),
  },
  /** A fresh reference to print before the platform answers; the host's durable counter never repeats one. */
  'outbox.allocateReference': { params: z.object({}).strict(), result: z.object({ localReference }).strict() },
  /**
   * Seals parts (the request body, then each attachment) with the item's own data key, created on
   * the first call for the item and journaled (fsync) as `sealed`. Refused below the disk floor.
   */
  'outbox.seal': {
    params: z
      .object({
        itemId: clientId,
        kind: z.enum(OUTBOX_ITEM_KINDS),
        localReference: localReference.nullable(),
        parts: z.array(base64).min(1).max(20),
        /** With it, the host keeps a durable copy of the sealed bytes until delivery (see host/outbox/sealed-copies.ts). */
        row: restorableRowSchema.optional(),
      })
      .strict(),
    result: z.object({ parts: z.array(base64) }).strict(),
  },
  /** The page committed these items (strict durability): the journal moves them from `sealed` to `queued`. */
  'outbox.confirm': { params: z.object({ itemIds: z.array(clientId).min(1).max(1000) }).strict(), result: z.object({}).strict() },
  /** Decrypts in memory and sends exactly the stored bytes to the contract path of `op`. Never more than one platform write. */
  'outbox.deliver': { params: deliverParamsSchema, result: deliveryOutcomeSchema },
  /** The page dropped these items for good (after the retention window, or abandoned): their keys are destroyed. */
  'outbox.forget': { params: z.object({ itemIds: z.array(clientId).min(1).max(1000) }).strict(), result: z.object({}).strict() },
  /**
   * At boot (and each reconnect) the page lists every item id it holds; the host compares with its
   * journal. Items it knows were accepted and not delivered that the page no longer has are lost:
   * a technician fault (event `outbox.fault`) naming each of them.
   */
  'outbox.reconcile': {
    params: z.object({ heldIds: z.array(clientId).max(200_000) }).strict(),
    result: z
      .object({
        lost: z.array(lostItemSchema),
        /** Accepted items the page no longer holds of which the host has a sealed copy: the page writes each back (`outbox.restore`). */
        restorable: z.array(clientId),
        confirmed: z.number().int(),
        abandoned: z.number().int(),
      })
      .strict(),
  },
  /** The host's sealed copy of an item the page's storage lost, to be stored again as it was. */
  'outbox.restore': {
    params: z.object({ itemId: clientId }).strict(),
    result: z
      .object({ itemId: clientId, kind: z.enum(OUTBOX_ITEM_KINDS), localReference: z.string().nullable(), sealedAt: z.string(), row: restorableRowSchema, parts: z.array(base64).min(1).max(20) })
      .strict(),
  },
  /** The page's outbox depth, reported in the heartbeat. */
  'outbox.report': {
    params: z.object({ pending: z.number().int().nonnegative(), failed: z.number().int().nonnegative(), oldestPendingAt: z.string().nullable() }).strict(),
    result: z.object({}).strict(),
  },
  /**
   * Issues the next queue number from this terminal's lease for the category (durably, before it
   * answers, so a number is never issued twice). The page then enqueues `body` with `outbox.enqueueTicket`.
   */
  'queue.issueTicket': {
    params: z
      .object({
        category: z.string().min(1).max(20),
        priority: ticketPriority,
        issuedBy: z.enum(['citizen', 'staff']),
        staffId: z.string().max(64).optional(),
        serviceCode: z.string().max(64).optional(),
        appointmentId: z.string().max(64).optional(),
      })
      .strict(),
    result: z
      .object({
        ticketId: clientId,
        hallId,
        leaseId: clientId,
        number: z.number().int().positive(),
        display: z.string(),
        category: z.string(),
        issuedAt: z.string(),
        body: z.record(z.string(), z.unknown()),
      })
      .strict(),
  },
  /** What is left of each category's leases (for staff screens and tests). */
  'queue.leaseStatus': {
    params: z.object({}).strict(),
    result: z.array(z.object({ category: z.string(), prefix: z.string(), remaining: z.number().int(), serviceDay: z.string().nullable() }).strict()),
  },
} as const;

/** Events the outbox adds to HOST_EVENTS. */
export const outboxFaultSchema = z
  .object({
    code: z.enum(['storage-lost', 'credential-rejected']),
    /** For a technician: what happened and what to do. Never personal data. */
    message: z.string(),
    items: z.array(lostItemSchema),
  })
  .strict();
export const outboxResumeSchema = z.object({ reason: z.string() }).strict();
