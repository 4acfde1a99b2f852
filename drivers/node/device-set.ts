/**
 * The set of devices the device host runs: the ID card reader, the QR scanner and the two printers,
 * each real or simulated, each a ManagedDevice (one lifecycle, automatic reconnection).
 *
 * - `simulator` connections run the simulator in-process, bound to the REAL driver through
 *   createMemoryTransportPair, so the driver's bytes are exercised exactly as on hardware.
 *   `simulatorControls.unplug(role)` pulls the virtual cable (the driver sees `disconnected`, the role
 *   goes offline/device-missing); `replug(role)` puts it back (ready again within ~0.5 s).
 * - serial / tcp / usblp / hid connections open the real port and reopen it when it comes back.
 * - `wedge` / `camera` scanners live in the page: the role is reported `ready` with that connection.
 * - `none`: the role is reported `offline` with fault `not-configured` (technician).
 *
 * Printers: the status is polled every ~2 s while idle, and read before and after each job, and is
 * reflected in DeviceStatus through statusToFault (paper-out / cover-open → staff; near end → warning).
 */
import type { DeviceConnection } from '../../common/config/device-connections';
import { describeConnection } from '../../common/config/device-connections';
import type { DeviceRole, DeviceStatus, FaultCode } from '../../common/devices/status';
import { DEVICE_ROLES } from '../../common/devices/status';
import type { ScanEvent } from '../../common/scan/scan-event';
import type { ByteTransport, TransportCloseReason, Unsubscribe } from '../transport/byte-transport';
import { TransportError, createMemoryTransportPair } from '../transport/byte-transport';
import { DeviceUnavailableError, ManagedDevice, staticStatus } from '../device/managed-device';
import type { DeviceContext, DeviceHealth, DriverSession } from '../device/managed-device';
import { CardPoller, SamError, SamReader, SamSimulator } from '../idcard/index';
import type { CardRead } from '../idcard/index';
import { EscPosPrinter, EscPosSimulator, statusToFault } from '../printer/index';
import type { PrintOutcome, PrinterStatus } from '../printer/index';
import { HidScanner, ScannerSimulator, SerialScanner } from '../scanner/index';
import { createTransport } from './transports/index';
import { openHidReportSource } from './transports/hid-transport';
import type { NodeHidReportSource } from './transports/hid-transport';

export type PrinterRole = 'receipt-printer' | 'ticket-printer';
export type PaperWidth = 80 | 58;

export interface DeviceConnections {
  'idcard-reader': DeviceConnection;
  'qr-scanner': DeviceConnection;
  'receipt-printer': DeviceConnection;
  'ticket-printer': DeviceConnection;
}

export interface DeviceSetOptions {
  paperWidth?: { receipt: PaperWidth; ticket: PaperWidth };
  /** Reopen interval for missing devices. Default 500 ms. */
  retryIntervalMs?: number;
  /** Printer status poll while idle. Default 2000 ms. */
  printerPollMs?: number;
  /** SAM status check. Default 5000 ms. */
  samCheckMs?: number;
  /** Card find poll. Default 300 ms. */
  cardPollMs?: number;
}

export interface SimulatorControls {
  /** Pulls the virtual cable of a simulated role: the driver sees `disconnected`. */
  unplug(role: DeviceRole): void;
  /** Puts it back: the ManagedDevice reopens it on its next retry. */
  replug(role: DeviceRole): void;
  isPlugged(role: DeviceRole): boolean;
}

export interface DeviceSet {
  statuses(): DeviceStatus[];
  onStatus(listener: (status: DeviceStatus) => void): Unsubscribe;
  onCard(listener: (read: CardRead) => void): Unsubscribe;
  onCardRemoved(listener: () => void): Unsubscribe;
  onScan(listener: (scan: ScanEvent) => void): Unsubscribe;
  /** Prints one job as a transaction; never rejects (an unusable printer gives reason 'offline'). */
  print(role: PrinterRole, job: Uint8Array): Promise<PrintOutcome>;
  /** Asks the printer now. Rejects when the printer is not open or does not answer. */
  printerStatus(role: PrinterRole): Promise<PrinterStatus>;
  simulators: { idcard?: SamSimulator; scanner?: ScannerSimulator; receiptPrinter?: EscPosSimulator; ticketPrinter?: EscPosSimulator };
  simulatorControls: SimulatorControls;
  /** Resolves once every device has made its first open attempt. */
  started(): Promise<void>;
  close(): Promise<void>;
}

interface Attachable {
  attach(transport: ByteTransport): unknown;
}

interface IdcardSession extends DriverSession {
  reader: SamReader;
}
interface PrinterSession extends DriverSession {
  printer: EscPosPrinter;
}

type Role = DeviceRole;

export function createDeviceSet(connections: DeviceConnections, options: DeviceSetOptions = {}): DeviceSet {
  const retryIntervalMs = options.retryIntervalMs ?? 500;
  const paperWidth = options.paperWidth ?? { receipt: 80, ticket: 80 };
  const statusListeners = new Set<(status: DeviceStatus) => void>();
  const cardListeners = new Set<(read: CardRead) => void>();
  const removedListeners = new Set<() => void>();
  const scanListeners = new Set<(scan: ScanEvent) => void>();
  const emit = <T>(listeners: Set<(value: T) => void>, value: T): void => {
    for (const listener of [...listeners]) {
      try {
        listener(value);
      } catch {
        // A failing consumer must not stop the devices.
      }
    }
  };

  const simulators: DeviceSet['simulators'] = {};
  const plugged = new Map<Role, boolean>();
  const simulatorEnds = new Map<Role, ByteTransport>();

  /** Opens a memory pair with the simulator attached to the device end; fails while unplugged. */
  const simulatorTransport = (role: Role, simulator: Attachable) => async (): Promise<ByteTransport> => {
    if (plugged.get(role) === false) throw new TransportError('unavailable', `simulated ${role} is unplugged`);
    const [driverEnd, deviceEnd] = createMemoryTransportPair([`simulator:${role}`, `simulator:${role}:device`]);
    await driverEnd.open();
    await deviceEnd.open();
    simulator.attach(deviceEnd);
    simulatorEnds.set(role, driverEnd);
    return driverEnd;
  };

  const devices = new Map<Role, ManagedDevice<DriverSession>>();
  const fixed = new Map<Role, DeviceStatus>();

  const realTransport = (connection: DeviceConnection) => async (): Promise<ByteTransport> => {
    const transport = createTransport(connection);
    await transport.open();
    return transport;
  };

  const manage = <S extends DriverSession>(role: Role, connection: DeviceConnection, model: string, simulator: Attachable | undefined, attach: (t: ByteTransport, c: DeviceContext) => S | Promise<S>, healthIntervalMs?: number): ManagedDevice<S> => {
    const simulated = connection.kind === 'simulator';
    if (simulated) plugged.set(role, true);
    const device = new ManagedDevice<S>({
      role,
      model,
      connectionLabel: describeConnection(connection),
      simulated,
      openTransport: simulated ? simulatorTransport(role, simulator!) : connection.kind === 'hid' ? hidTransport(connection.vendorId, connection.productId) : realTransport(connection),
      attach,
      retryIntervalMs,
      ...(healthIntervalMs === undefined ? {} : { healthIntervalMs }),
    });
    device.onStatus((status) => emit(statusListeners, status));
    devices.set(role, device as unknown as ManagedDevice<DriverSession>);
    return device;
  };

  const notConfigured = (role: Role, model: string): void => {
    fixed.set(role, staticStatus({ role, model, connection: 'none', state: 'offline', fault: 'not-configured', detail: 'no connection configured for this role' }));
  };

  // ── ID card reader ──
  const idcard = connections['idcard-reader'];
  if (idcard.kind === 'none') notConfigured('idcard-reader', 'ID card reader');
  else {
    let simulator: SamSimulator | undefined;
    if (idcard.kind === 'simulator') simulators.idcard = simulator = new SamSimulator();
    manage<IdcardSession>(
      'idcard-reader',
      idcard,
      simulator ? 'simulated GA 467 SAM reader' : 'GA 467 SAM reader',
      simulator,
      (transport, context) => attachIdcard(transport, context, { cardPollMs: options.cardPollMs ?? 300, onCard: (read) => emit(cardListeners, read), onRemoved: () => emit(removedListeners, undefined) }),
      options.samCheckMs ?? 5000,
    );
  }

  // ── QR scanner ──
  const scanner = connections['qr-scanner'];
  if (scanner.kind === 'none') notConfigured('qr-scanner', 'QR scanner');
  else if (scanner.kind === 'wedge' || scanner.kind === 'camera') {
    fixed.set('qr-scanner', staticStatus({ role: 'qr-scanner', model: scanner.kind === 'wedge' ? 'keyboard-wedge scanner (in the page)' : 'camera decoder (in the page)', connection: scanner.kind, state: 'ready' }));
  } else {
    let simulator: ScannerSimulator | undefined;
    if (scanner.kind === 'simulator') simulators.scanner = simulator = new ScannerSimulator();
    const model = simulator ? 'simulated USB-CDC scanner' : scanner.kind === 'hid' ? 'HID-POS scanner' : 'USB-CDC serial scanner';
    manage('qr-scanner', scanner, model, simulator, async (transport) => {
      if (scanner.kind === 'hid') {
        const hid = new HidScanner({ onReport: (listener) => transport.onData(listener), close: () => undefined });
        hid.onScan((scan) => emit(scanListeners, scan));
        return { dispose: () => hid.close() };
      }
      const serial = new SerialScanner(transport, simulator ? { source: 'simulator' } : {});
      serial.onScan((scan) => emit(scanListeners, scan));
      await serial.start();
      return { dispose: () => serial.stop() };
    });
  }

  // ── printers ──
  const printerModel = (simulated: boolean, width: PaperWidth) => (simulated ? `simulated ESC/POS ${width} mm` : `ESC/POS printer ${width} mm`);
  for (const [role, key, width] of [
    ['receipt-printer', 'receiptPrinter', paperWidth.receipt],
    ['ticket-printer', 'ticketPrinter', paperWidth.ticket],
  ] as const) {
    const connection = connections[role];
    if (connection.kind === 'none') {
      notConfigured(role, printerModel(false, width));
      continue;
    }
    let simulator: EscPosSimulator | undefined;
    if (connection.kind === 'simulator') simulators[key] = simulator = new EscPosSimulator({ paperWidth: width });
    manage<PrinterSession>(role, connection, printerModel(simulator !== undefined, width), simulator, (transport) => attachPrinter(transport), options.printerPollMs ?? 2000);
  }

  const starting = Promise.all([...devices.values()].map((device) => device.start())).then(() => undefined);

  const simulatorControls: SimulatorControls = {
    unplug(role) {
      if (!plugged.has(role)) throw new Error(`${role} is not simulated`);
      plugged.set(role, false);
      const end = simulatorEnds.get(role) as (ByteTransport & { disconnect?: () => void }) | undefined;
      end?.disconnect?.();
    },
    replug(role) {
      if (!plugged.has(role)) throw new Error(`${role} is not simulated`);
      plugged.set(role, true);
    },
    isPlugged(role) {
      return plugged.get(role) === true;
    },
  };

  const printerDevice = (role: PrinterRole): ManagedDevice<PrinterSession> | undefined => devices.get(role) as ManagedDevice<PrinterSession> | undefined;

  return {
    statuses: () => DEVICE_ROLES.map((role) => devices.get(role)?.status() ?? fixed.get(role)!),
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    onCard(listener) {
      cardListeners.add(listener);
      return () => cardListeners.delete(listener);
    },
    onCardRemoved(listener) {
      removedListeners.add(listener);
      return () => removedListeners.delete(listener);
    },
    onScan(listener) {
      scanListeners.add(listener);
      return () => scanListeners.delete(listener);
    },
    async print(role, job) {
      const device = printerDevice(role);
      if (!device) return { printed: false, reason: 'offline', message: `${role} is not configured` };
      try {
        return await device.run((session) => session.printer.print(job));
      } catch (error) {
        if (error instanceof DeviceUnavailableError) return { printed: false, reason: 'offline', message: error.message };
        return { printed: false, reason: 'error', message: error instanceof Error ? error.message : String(error) };
      }
    },
    async printerStatus(role) {
      const session = printerDevice(role)?.session;
      if (!session) throw new DeviceUnavailableError(printerDevice(role)?.status() ?? fixed.get(role)!);
      return session.printer.queryStatus();
    },
    simulators,
    simulatorControls,
    started: () => starting,
    async close() {
      await starting.catch(() => undefined);
      await Promise.all([...devices.values()].map((device) => device.close()));
      statusListeners.clear();
      cardListeners.clear();
      removedListeners.clear();
      scanListeners.clear();
    },
  };
}

// ── drivers bound to a transport ─────────────────────────────────────────────────────────────────

const SAM_FAULTS: Partial<Record<string, FaultCode>> = {
  'sam-fault': 'sam-fault',
  timeout: 'not-responding',
  checksum: 'not-responding',
  protocol: 'not-responding',
  'port-unavailable': 'port-unavailable',
  'read-failed': 'card-read-failed',
  'unsupported-card': 'unsupported-card',
};

/** Faults the citizen clears by lifting the card; the SAM check must not clear them. */
const CITIZEN_FAULTS = new Set<FaultCode>(['card-read-failed', 'unsupported-card']);

function attachIdcard(transport: ByteTransport, context: DeviceContext, options: { cardPollMs: number; onCard: (read: CardRead) => void; onRemoved: () => void }): IdcardSession {
  const reader = new SamReader(transport);
  // The ManagedDevice's health check runs samStatus; the poller need not do it too.
  const poller = new CardPoller(reader, { pollIntervalMs: options.cardPollMs, samCheckIntervalMs: 0 });
  let condition: DeviceHealth = {};
  const set = (health: DeviceHealth): void => {
    condition = health;
    context.report(health);
  };
  poller.onCard((read) => {
    if (condition.fault !== undefined) set({});
    options.onCard(read);
  });
  poller.onRemoved(() => {
    if (typeof condition.fault === 'string' && CITIZEN_FAULTS.has(condition.fault)) set({});
    options.onRemoved();
  });
  // Reading a presented card takes about a tenth of a second at 115200 baud (over a second at 9600): busy meanwhile.
  let releaseBusy: (() => void) | undefined;
  poller.onReading((reading) => {
    releaseBusy?.();
    releaseBusy = reading ? context.busy() : undefined;
  });
  poller.onError((error) => {
    const fault = SAM_FAULTS[error.code];
    // Never pass the message on: a read error may quote card data. The code and SW3 are enough.
    if (fault) set({ fault, detail: `SAM ${error.code}${error.sw3 === undefined ? '' : ` SW3=${error.sw3.toString(16).padStart(2, '0')}`}` });
  });
  poller.start();
  return {
    reader,
    async health() {
      try {
        await reader.samStatus();
      } catch (error) {
        if (error instanceof SamError) {
          const fault = SAM_FAULTS[error.code] ?? 'not-responding';
          if (!CITIZEN_FAULTS.has(fault)) return { fault, detail: `SAM status: ${error.code}` };
        } else throw error;
      }
      // The SAM answers: technician faults are over; a citizen's fault stays until the card is lifted.
      if (typeof condition.fault === 'string' && !CITIZEN_FAULTS.has(condition.fault)) condition = {};
      return condition;
    },
    dispose() {
      poller.stop();
      reader.dispose();
      releaseBusy?.();
      releaseBusy = undefined;
    },
  };
}

function attachPrinter(transport: ByteTransport): PrinterSession {
  const printer = new EscPosPrinter(transport);
  return {
    printer,
    async health() {
      const report = await printer.queryStatusReport();
      const assessment = statusToFault(report.status, report.errors);
      const health: DeviceHealth = { warnings: assessment.warnings };
      if (assessment.fault) health.fault = assessment.fault;
      return health;
    },
    dispose() {
      printer.dispose();
    },
  };
}

/** A HID report source presented as a (read-only) ByteTransport: each report is one data chunk. */
class HidReportTransport implements ByteTransport {
  constructor(private readonly source: NodeHidReportSource) {}
  get description(): string {
    return this.source.description;
  }
  get isOpen(): boolean {
    return this.source.isOpen;
  }
  async open(): Promise<void> {}
  async write(): Promise<void> {
    throw new TransportError('write-failed', 'HID scanners take no output reports here');
  }
  onData(listener: (bytes: Uint8Array) => void): Unsubscribe {
    return this.source.onReport(listener);
  }
  onClose(listener: (reason: TransportCloseReason) => void): Unsubscribe {
    return this.source.onClose(listener);
  }
  close(): Promise<void> {
    return this.source.close();
  }
}

function hidTransport(vendorId: number, productId: number) {
  return async (): Promise<ByteTransport> => new HidReportTransport(await openHidReportSource(vendorId, productId));
}
