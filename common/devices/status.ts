/**
 * One device model for every peripheral, after XFS4IoT / UnifiedPOS: the same lifecycle, the same
 * status vocabulary, and every fault says who must act (the citizen, branch staff, or a technician).
 * The UI, the heartbeat and the technician CLI all read this shape.
 */

export const DEVICE_ROLES = ['idcard-reader', 'qr-scanner', 'receipt-printer', 'ticket-printer'] as const;
export type DeviceRole = (typeof DEVICE_ROLES)[number];

/** The lifecycle every driver follows: open → ready ⇄ busy → closed; offline and fault can happen at any time. */
export const DEVICE_STATES = ['ready', 'busy', 'offline', 'fault'] as const;
export type DeviceState = (typeof DEVICE_STATES)[number];

/** Who can clear a fault. XFS4IoT's "clear" (staff) versus "maintenance" (technician), plus the citizen. */
export const ACTORS = ['citizen', 'staff', 'technician'] as const;
export type Actor = (typeof ACTORS)[number];

/**
 * Every fault the kiosk knows, with the person who must act. A driver reports the code; the actor is
 * fixed here so that the same fault always goes to the same person, whichever driver raised it.
 */
export const FAULT_ACTORS = {
  // The citizen can fix these at the terminal.
  'card-left-on-reader': 'citizen',
  'unsupported-card': 'citizen',
  'card-read-failed': 'citizen',
  // Branch staff can clear these without tools.
  'paper-out': 'staff',
  'cover-open': 'staff',
  'paper-jam': 'staff',
  'cutter-error': 'staff',
  'printer-recoverable-error': 'staff',
  // A technician is needed.
  'sam-fault': 'technician',
  'device-missing': 'technician',
  'port-unavailable': 'technician',
  'firmware-error': 'technician',
  'printer-unrecoverable-error': 'technician',
  'not-responding': 'technician',
  'not-configured': 'technician',
} as const satisfies Record<string, Actor>;
export type FaultCode = keyof typeof FAULT_ACTORS;

export function isFaultCode(code: string): code is FaultCode {
  return Object.prototype.hasOwnProperty.call(FAULT_ACTORS, code);
}

/** Conditions that do not stop the device but someone should know about (e.g. paper running low). */
export const DEVICE_WARNINGS = ['paper-near-end'] as const;
export type DeviceWarning = (typeof DEVICE_WARNINGS)[number];

export interface DeviceFault {
  code: FaultCode;
  actor: Actor;
  /** Technical detail for the technician's log; never personal data. */
  detail?: string;
}

export interface DeviceStatus {
  role: DeviceRole;
  state: DeviceState;
  /** Why the device cannot be used: always present when `state` is `fault`; also on `offline` when the reason is known (unplugged, not configured). */
  fault?: DeviceFault;
  warnings: DeviceWarning[];
  /** Model or driver name, e.g. "GA467 serial reader" or "simulated ESC/POS 80 mm". */
  model: string;
  /** Where the device is attached: a port path, tcp://host:port, or `simulator`. */
  connection: string;
  simulated: boolean;
  /** ISO time of the last state change. */
  since: string;
}

export function faultOf(code: FaultCode, detail?: string): DeviceFault {
  return detail === undefined ? { code, actor: FAULT_ACTORS[code] } : { code, actor: FAULT_ACTORS[code], detail };
}

/** Two statuses describe the same condition (ignoring when it began): used to report changes only. */
export function sameCondition(a: DeviceStatus, b: DeviceStatus): boolean {
  return (
    a.role === b.role &&
    a.state === b.state &&
    a.fault?.code === b.fault?.code &&
    a.warnings.length === b.warnings.length &&
    a.warnings.every((w, i) => b.warnings[i] === w) &&
    a.connection === b.connection
  );
}
