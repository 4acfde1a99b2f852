/** Shapes shared by several methods and events of the UI–host protocol. */
import { z } from 'zod';
import { ACTORS, DEVICE_ROLES, DEVICE_STATES, DEVICE_WARNINGS, FAULT_ACTORS, type FaultCode } from '../devices/status';


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
    /**
     * `enrolling`: the shell gave the host an enrollment code (the embedded default) and it is
     * enrolling on its own; `needs-provisioning`: a technician must provision the terminal.
     */
    enrollment: z.enum(['enrolled', 'enrolling', 'needs-provisioning']),
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

export const printerRoleSchema = z.enum(['receipt-printer', 'ticket-printer']);

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
      z.object({ role: printerRoleSchema, paper: z.enum(['ok', 'near-end', 'out']), coverOpen: z.boolean() }).strict(),
    ),
    unplugged: z.array(z.enum(DEVICE_ROLES)),
    printed: z.array(z.object({ id: z.string(), role: printerRoleSchema, at: z.string(), text: z.string() }).strict()),
  })
  .strict();
export type SimulatorState = z.infer<typeof simulatorStateSchema>;

/** Parameters of a method that takes none. */
export const emptyParams = z.object({}).strict();

