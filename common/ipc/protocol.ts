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
import { ACTORS, DEVICE_ROLES, DEVICE_STATES, DEVICE_WARNINGS, FAULT_ACTORS, type FaultCode } from '../devices/status';
import { idCardSchema } from '../identity/id-card';

export const PROTOCOL_VERSION = 1;
/** Larger messages are refused before parsing: nothing the UI sends legitimately comes close. */
export const MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// Shared shapes

export const deviceStatusSchema = z
  .object({
    role: z.enum(DEVICE_ROLES),
    state: z.enum(DEVICE_STATES),
    fault: z
      .object({
        code: z.enum(Object.keys(FAULT_ACTORS) as [FaultCode, ...FaultCode[]]),
        actor: z.enum(ACTORS),
        detail: z.string().optional(),
      })
      .optional(),
    warnings: z.array(z.enum(DEVICE_WARNINGS)),
    model: z.string(),
    connection: z.string(),
    simulated: z.boolean(),
    since: z.string(),
  })
  .strict();

export const connectivitySchema = z
  .object({
    platform: z.enum(['online', 'offline', 'unknown']),
    /** ISO time of the last successful exchange with the platform, if any. */
    lastContactAt: z.string().nullable(),
    /** Why it is offline, in words for a technician (never personal data). */
    reason: z.string().optional(),
  })
  .strict();
export type Connectivity = z.infer<typeof connectivitySchema>;

export const terminalInfoSchema = z
  .object({
    terminalId: z.string().nullable(),
    hallId: z.string().nullable(),
    hallName: z.string().nullable(),
    hotline: z.string().nullable(),
    openingHours: z.string().nullable(),
    idleResetSeconds: z.number().int(),
    appVersion: z.string(),
  })
  .strict();
export type TerminalInfo = z.infer<typeof terminalInfoSchema>;

export const scanEventPayloadSchema = z
  .object({
    text: z.string().max(4096),
    encoding: z.enum(['utf-8', 'gb18030', 'latin1']),
    kind: z.enum(['receipt', 'appointment', 'licence', 'text']),
    uscc: z.string().optional(),
    source: z.enum(['serial', 'hid', 'wedge', 'camera', 'simulator']),
  })
  .strict();

const printerRole = z.enum(['receipt-printer', 'ticket-printer']);

export const printOutcomeSchema = z.union([
  z.object({ printed: z.literal(true) }).strict(),
  z.object({ printed: z.literal(false), reason: z.enum(['paper-out', 'cover-open', 'offline', 'error', 'no-printer']), message: z.string() }).strict(),
]);
export type PrintOutcome = z.infer<typeof printOutcomeSchema>;

export const simulatorStateSchema = z
  .object({
    cards: z.array(z.object({ index: z.number().int(), label: z.string(), cardType: z.string() }).strict()),
    presentCard: z.number().int().nullable(),
    networkCut: z.boolean(),
    printers: z.array(
      z.object({ role: printerRole, paper: z.enum(['ok', 'near-end', 'out']), coverOpen: z.boolean() }).strict(),
    ),
    unplugged: z.array(z.enum(DEVICE_ROLES)),
    printed: z.array(z.object({ id: z.string(), role: printerRole, at: z.string(), text: z.string() }).strict()),
  })
  .strict();
export type SimulatorState = z.infer<typeof simulatorStateSchema>;

const empty = z.object({}).strict();

// ---------------------------------------------------------------------------------------------
// Methods: name → parameter and result schemas. The host registers a handler for each it serves.

export const HOST_METHODS = {
  'host.hello': {
    params: z.object({ client: z.enum(['kiosk-ui', 'simulator-panel']), protocolVersion: z.number().int() }).strict(),
    result: z
      .object({
        protocolVersion: z.number().int(),
        shell: z.enum(['electron', 'browser', 'headless']),
        terminal: terminalInfoSchema,
        devices: z.array(deviceStatusSchema),
        connectivity: connectivitySchema,
        simulated: z.boolean(),
      })
      .strict(),
  },
  'devices.list': { params: empty, result: z.array(deviceStatusSchema) },
  'printer.printTestPage': { params: z.object({ role: printerRole }).strict(), result: printOutcomeSchema },
  'simulator.state': { params: empty, result: simulatorStateSchema },
  'simulator.placeCard': { params: z.object({ index: z.number().int().nonnegative() }).strict(), result: simulatorStateSchema },
  'simulator.removeCard': { params: empty, result: simulatorStateSchema },
  'simulator.scan': {
    params: z.object({ text: z.string().min(1).max(2048), encoding: z.enum(['utf-8', 'gb18030', 'latin1']).default('utf-8') }).strict(),
    result: simulatorStateSchema,
  },
  'simulator.setPrinter': {
    params: z.object({ role: printerRole, paper: z.enum(['ok', 'near-end', 'out']).optional(), coverOpen: z.boolean().optional() }).strict(),
    result: simulatorStateSchema,
  },
  'simulator.setNetwork': { params: z.object({ cut: z.boolean() }).strict(), result: simulatorStateSchema },
  'simulator.setPlugged': { params: z.object({ role: z.enum(DEVICE_ROLES), plugged: z.boolean() }).strict(), result: simulatorStateSchema },
  'simulator.printedImage': { params: z.object({ id: z.string().max(64) }).strict(), result: z.object({ pngDataUrl: z.string() }).strict() },
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
  'idcard.removed': empty,
  'scanner.scanned': scanEventPayloadSchema,
  'connectivity.changed': connectivitySchema,
  'simulator.changed': simulatorStateSchema,
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
