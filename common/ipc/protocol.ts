/**
 * The one message protocol between the UI (and the simulator panel) and the device host.
 * It is transport-neutral: the same JSON text travels over an Electron MessagePort or a loopback
 * WebSocket. Every message is validated at both ends; the host rejects and logs anything that is
 * not a known request with well-formed parameters.
 *
 *   request  { kind: 'request', id, method, params }       UI → host
 *   reply    { kind: 'reply', id, ok: true, result }         host → UI
 *            { kind: 'reply', id, ok: false, error }
 *   event    { kind: 'event', name, payload }                host → UI
 */
import { z } from 'zod';
import { idCardSchema } from '../identity/id-card';
import { connectivitySchema, deviceStatusSchema, scanEventPayloadSchema, simulatorStateSchema, terminalInfoSchema } from './shapes';
import { CORE_METHODS } from './methods/core';
import { PRINTING_METHODS } from './methods/printing';
import { SIMULATOR_METHODS } from './methods/simulator';
import { CITIZEN_METHODS } from './methods/citizen';
import { OUTBOX_METHODS } from './methods/outbox';
import { STAFF_METHODS } from './methods/staff';
import { outboxFaultSchema, outboxResumeSchema } from './methods/outbox';
import { pausedChangedSchema, staffLockoutEventSchema, staffSessionEndedSchema } from './methods/staff';

export * from './shapes';

export const PROTOCOL_VERSION = 1;
/** Larger messages are refused before parsing: nothing the UI sends legitimately comes close. */
export const MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// Methods: name → parameter and result schemas, one file per area under methods/. The host
// registers a handler for each method it serves.

export const HOST_METHODS = {
  ...CORE_METHODS,
  ...PRINTING_METHODS,
  ...SIMULATOR_METHODS,
  ...CITIZEN_METHODS,
  ...OUTBOX_METHODS,
  ...STAFF_METHODS,
} as const;

export type MethodName = keyof typeof HOST_METHODS;
export type MethodParams<M extends MethodName> = z.input<(typeof HOST_METHODS)[M]['params']>;
export type MethodParamsParsed<M extends MethodName> = z.output<(typeof HOST_METHODS)[M]['params']>;
export type MethodResult<M extends MethodName> = z.infer<(typeof HOST_METHODS)[M]['result']>;

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(HOST_METHODS, name);
}

// ---------------------------------------------------------------------------------------------
// Events: name → payload schema.

export const HOST_EVENTS = {
  'device.status': deviceStatusSchema,
  'idcard.presented': idCardSchema,
  'idcard.removed': z.object({}).strict(),
  'scanner.scanned': scanEventPayloadSchema,
  'connectivity.changed': connectivitySchema,
  /** The terminal's identity or hall configuration changed (enrollment, a new configuration from the platform). */
  'terminal.changed': terminalInfoSchema,
  'simulator.changed': simulatorStateSchema,
  /** A technician fault of the outbox: browser storage lost (with the affected items), or the credential rejected (401). */
  'outbox.fault': outboxFaultSchema,
  /** Delivery may resume (re-enrolled, or the platform answers again). */
  'outbox.resume': outboxResumeSchema,
  /** Staff entry locked after repeated wrong PINs (also written to the audit log). */
  'staff.lockout': staffLockoutEventSchema,
  /** The staff session ended (sign-out, inactivity, another sign-in): return to the citizen home screen. */
  'staff.sessionEnded': staffSessionEndedSchema,
  /** A hall manager closed or reopened a queue category at this terminal. */
  'queue.pausedChanged': pausedChangedSchema,
} as const;

export type EventName = keyof typeof HOST_EVENTS;
export type EventPayload<E extends EventName> = z.infer<(typeof HOST_EVENTS)[E]>;

export function isEventName(name: string): name is EventName {
  return Object.prototype.hasOwnProperty.call(HOST_EVENTS, name);
}

// ---------------------------------------------------------------------------------------------
// Envelopes

export const requestEnvelopeSchema = z
  .object({ kind: z.literal('request'), id: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER), method: z.string().max(100), params: z.unknown() })
  .strict();

export const ERROR_CODES = ['bad-message', 'unknown-method', 'invalid-params', 'failed', 'unavailable', 'timeout', 'disconnected'] as const;
export type RpcErrorCode = (typeof ERROR_CODES)[number];

const rpcErrorSchema = z.object({ code: z.enum(ERROR_CODES), message: z.string() }).strict();

export const replyEnvelopeSchema = z.union([
  z.object({ kind: z.literal('reply'), id: z.number().int(), ok: z.literal(true), result: z.unknown() }).strict(),
  z.object({ kind: z.literal('reply'), id: z.number().int(), ok: z.literal(false), error: rpcErrorSchema }).strict(),
]);

export const eventEnvelopeSchema = z.object({ kind: z.literal('event'), name: z.string(), payload: z.unknown() }).strict();

export type RequestEnvelope = z.infer<typeof requestEnvelopeSchema>;
export type ReplyEnvelope = z.infer<typeof replyEnvelopeSchema>;
export type EventEnvelope = z.infer<typeof eventEnvelopeSchema>;

export class RpcError extends Error {
  constructor(
    readonly code: RpcErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RpcError';
  }
}

/** A short description of what was wrong with a message, for the log: paths and issue codes only, never values. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.code}`)
    .join('; ');
}
