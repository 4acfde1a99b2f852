/**
 * `kiosk-devices`: the technician's tool for the kiosk's peripherals. The contract (stdout JSON,
 * exit codes, error codes) is checked by independent tests; see HELP below, which is the reference.
 *
 * Rules kept here:
 * - stdout carries only the command's JSON (or --help); nothing is logged.
 * - Personal data appears only in the output of `idcard read`; never on stderr.
 * - exit 0 success, 1 usage error (message on stderr), 2 device-level failure with
 *   {"error":{"code","message"}} on stdout.
 */
import type { DeviceConnection } from '../../../common/config/device-connections';
import { ConnectionSpecError, parseDeviceConnection } from '../../../common/config/device-connections';
import type { ByteTransport } from '../../transport/byte-transport';
import { UsageError, parseFlags } from './args';
import type { FlagSpec, ParsedFlags } from './args';
import type { TestTemplate } from './test-print';
import type { EscPosPrinter } from '../../printer/index';

export const HELP = `kiosk-devices — check the kiosk's ID card reader, QR scanner and printers.

Usage:
  kiosk-devices list
  kiosk-devices idcard read   --port PATH [--baud 115200] [--timeout-ms 8000]
  kiosk-devices scanner listen --port PATH [--baud 115200] [--count N] [--timeout-ms T]
  kiosk-devices printer status --port PATH|tcp://HOST:PORT|usblp:PATH [--baud 115200]
  kiosk-devices printer test   --port PATH|tcp://HOST:PORT|usblp:PATH [--baud 115200]
                               [--template receipt|notice|ticket|test] [--width 80|58]
  kiosk-devices --help

Ports: a plain device path (/dev/ttyUSB0, /dev/ttyACM0, COM3) is a serial port opened at --baud
(9600, 19200, 38400, 57600 or 115200; default 115200). Printers also accept tcp://HOST:PORT (raw
9100) and usblp:/dev/usb/lp0. "serial:PATH?baud=N" is accepted too.

Output: JSON on stdout only. Exit 0 = success; 2 = device-level failure, with
  {"error":{"code":"…","message":"…"}} on stdout; 1 = usage error, message on stderr.

list
  {"serial":[{"path","vendorId","productId","manufacturer","serialNumber","guessedRole"}],
   "hid":[{"path","vendorId","productId","manufacturer","product","serialNumber",
           "usagePage","usage","interface","guessedRole"}]}
  ids are 4-digit lowercase hex strings (null when unknown); guessedRole is "idcard-reader",
  "qr-scanner", "receipt-printer" or null (a guess from vendor ids and the HID-POS usage page 0x8c).
  "warnings":[…] is added when a source could not be listed.

idcard read
  Waits up to --timeout-ms (default 8000) for a card, reads it and prints one object:
  cardType (resident|hmt-residence|foreign-permanent), name, sex (male|female|unknown|unstated),
  birthDate (YYYY-MM-DD), idNumber, validFrom, validUntil (YYYY-MM-DD or long-term),
  photo {"format":"wlt","length":1024}; resident: nationCode, nation, address, authority;
  hmt-residence: address, authority, passNumber, issueCount; foreign-permanent: englishName,
  nationality (ISO 3166 alpha-3), cardVersion (2017|2023).
  Error codes: no-card (the reader answered, no card came), timeout (the reader did not answer),
  checksum, read-failed, sam-fault, unsupported-card, port-unavailable.

scanner listen
  One JSON line per scan: {"text","encoding":"utf-8|gb18030|latin1","kind":"receipt|appointment|
  licence|text"} plus "uscc" for a licence. With --count N it exits 0 after N scans; if
  --timeout-ms passes first, the scans received are printed and then {"error":{"code":"timeout"}}
  with exit 2. Without --count it listens until --timeout-ms (exit 0) or until interrupted.
  Error codes: timeout, port-unavailable, disconnected.

printer status
  {"online","paperOut","paperNearEnd","coverOpen","error"} (booleans). Error codes: offline (the
  printer does not answer DLE EOT), port-unavailable.

printer test
  Prints the template (default test) with invented data at --width (default 80) mm as a
  transaction: the status is read first and nothing is printed when it cannot print. Success:
  {"printed":true,"template","width","bytes"}. Error codes: paper-out, cover-open, offline, error,
  port-unavailable.
`;

const BAUDS = [9600, 19200, 38400, 57600, 115200] as const;

/** A device-level failure: exit 2 with {"error":{code,message}}. */
export class DeviceFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'DeviceFailure';
  }
}

export interface CliIo {
  stdout(line: string): void;
  stderr(line: string): void;
  /** Resolves when the user interrupts (Ctrl-C); used to end an open-ended `scanner listen`. */
  interrupted?: Promise<void>;
}

const portFlag: FlagSpec = { kind: 'string', required: true };
const baudFlag: FlagSpec = { kind: 'int', oneOf: BAUDS };

const COMMANDS: Record<string, { flags: Record<string, FlagSpec>; run: (flags: ParsedFlags, io: CliIo) => Promise<void> }> = {
  list: { flags: {}, run: runList },
  'idcard read': {
    flags: { port: portFlag, baud: baudFlag, 'timeout-ms': { kind: 'int', min: 1, max: 3_600_000 } },
    run: runIdcardRead,
  },
  'scanner listen': {
    flags: { port: portFlag, baud: baudFlag, count: { kind: 'int', min: 1, max: 1_000_000 }, 'timeout-ms': { kind: 'int', min: 1, max: 86_400_000 } },
    run: runScannerListen,
  },
  'printer status': { flags: { port: portFlag, baud: baudFlag }, run: runPrinterStatus },
  'printer test': {
    flags: { port: portFlag, baud: baudFlag, template: { kind: 'string', oneOf: ['receipt', 'notice', 'ticket', 'test'] }, width: { kind: 'int', oneOf: [80, 58] } },
    run: runPrinterTest,
  },
};

/** Runs the CLI; returns the exit code. Never throws. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h') || (argv.length === 1 && argv[0] === 'help')) {
    io.stdout(HELP.trimEnd());
    return 0;
  }
  try {
    if (argv.length === 0) throw new UsageError('no command given');
    const [first, second] = argv;
    let name = first!;
    let rest = argv.slice(1);
    if (!COMMANDS[name]) {
      name = `${first} ${second ?? ''}`.trim();
      rest = argv.slice(2);
    }
    const command = COMMANDS[name];
    if (!command) {
      const groups = ['idcard', 'scanner', 'printer'];
      if (groups.includes(first!)) throw new UsageError(second === undefined ? `${first}: which command? (see --help)` : `${first}: unknown command "${second}"`);
      throw new UsageError(`unknown command "${first}"`);
    }
    const flags = parseFlags(rest, command.flags, `kiosk-devices ${name}`);
    await command.run(flags, io);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`kiosk-devices: ${error.message}\nRun "kiosk-devices --help" for usage.`);
      return 1;
    }
    const failure = toFailure(error);
    io.stdout(JSON.stringify({ error: { code: failure.code, message: failure.message } }));
    return 2;
  }
}

function toFailure(error: unknown): DeviceFailure {
  if (error instanceof DeviceFailure) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (typeof code === 'string' && /^[a-z-]+$/.test(code)) return new DeviceFailure(code, message);
  return new DeviceFailure('error', message);
}

// ── ports ─────────────────────────────────────────────────────────────────────────────────────

type PortKind = 'serial' | 'tcp' | 'usblp';

export function portConnection(port: string, baud: number | undefined, allowed: readonly PortKind[]): DeviceConnection {
  const looksLikeSpec = /^(tcp:\/\/|serial:|usblp:|hid:)/.test(port);
  if (!looksLikeSpec) {
    return { kind: 'serial', path: port, baudRate: baud ?? 115200 };
  }
  try {
    const connection = parseDeviceConnection(port, allowed);
    if (connection.kind === 'serial' && baud !== undefined) return { ...connection, baudRate: baud };
    return connection;
  } catch (error) {
    if (error instanceof ConnectionSpecError) throw new UsageError(`--port ${error.message}`);
    throw error;
  }
}

async function openPort(connection: DeviceConnection): Promise<ByteTransport> {
  const { createTransport } = await import('../transports/index');
  const transport = createTransport(connection);
  try {
    await transport.open();
  } catch (error) {
    throw new DeviceFailure('port-unavailable', error instanceof Error ? error.message : String(error));
  }
  return transport;
}

// ── list ──────────────────────────────────────────────────────────────────────────────────────

async function runList(_flags: ParsedFlags, io: CliIo): Promise<void> {
  const { listDevices } = await import('./list');
  io.stdout(JSON.stringify(await listDevices()));
}

// ── idcard read ───────────────────────────────────────────────────────────────────────────────

const IDCARD_CODES = new Set(['no-card', 'timeout', 'checksum', 'read-failed', 'sam-fault', 'unsupported-card', 'port-unavailable']);

async function runIdcardRead(flags: ParsedFlags, io: CliIo): Promise<void> {
  const connection = portConnection(flags.port as string, flags.baud as number | undefined, ['serial']);
  const timeoutMs = (flags['timeout-ms'] as number | undefined) ?? 8000;
  const { SamReader, waitForCard, SamError } = await import('../../idcard/index');
  const transport = await openPort(connection);
  const reader = new SamReader(transport);
  const started = Date.now();
  try {
    // Check the SAM first: a reader whose SAM is dead answers "no card" to find forever, and the
    // technician must hear sam-fault, not no-card. Only a definite SAM fault stops here; anything
    // else (no answer yet, a garbled answer) is left to the card wait, which has the deadline.
    try {
      await reader.samStatus();
    } catch (error) {
      if (error instanceof SamError && error.code === 'sam-fault') throw error;
    }
    const read = await waitForCard(reader, { timeoutMs: Math.max(1, timeoutMs - (Date.now() - started)) });
    io.stdout(JSON.stringify(cardJson(read.card as unknown as Record<string, unknown>)));
  } catch (error) {
    if (error instanceof SamError) {
      // 'protocol' (the reader answers something that is not SAM_V) is reported as a failed read.
      throw new DeviceFailure(IDCARD_CODES.has(error.code) ? error.code : 'read-failed', error.message);
    }
    throw error;
  } finally {
    reader.dispose();
    await transport.close().catch(() => undefined);
  }
}

const CARD_KEYS: Record<string, readonly string[]> = {
  resident: ['cardType', 'name', 'sex', 'nationCode', 'nation', 'birthDate', 'address', 'idNumber', 'authority', 'validFrom', 'validUntil', 'photo'],
  'hmt-residence': ['cardType', 'name', 'sex', 'birthDate', 'address', 'idNumber', 'authority', 'validFrom', 'validUntil', 'passNumber', 'issueCount', 'photo'],
  'foreign-permanent': ['cardType', 'name', 'englishName', 'sex', 'birthDate', 'idNumber', 'nationality', 'validFrom', 'validUntil', 'cardVersion', 'photo'],
};

/** Exactly the contract's keys, in a stable order (nothing else the driver may carry). */
export function cardJson(card: Record<string, unknown>): Record<string, unknown> {
  const keys = CARD_KEYS[String(card.cardType)];
  if (!keys) throw new DeviceFailure('unsupported-card', `unsupported card type ${String(card.cardType)}`);
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    let value = card[key];
    if (key === 'name' && typeof value === 'string') value = value.trim();
    if (key === 'photo' && value && typeof value === 'object') {
      const photo = value as { format?: unknown; length?: unknown };
      value = { format: photo.format, length: photo.length };
    }
    out[key] = value;
  }
  return out;
}

// ── scanner listen ────────────────────────────────────────────────────────────────────────────

async function runScannerListen(flags: ParsedFlags, io: CliIo): Promise<void> {
  const connection = portConnection(flags.port as string, flags.baud as number | undefined, ['serial']);
  const count = flags.count as number | undefined;
  const timeoutMs = flags['timeout-ms'] as number | undefined;
  const { SerialScanner } = await import('../../scanner/index');
  const transport = await openPort(connection);
  const scanner = new SerialScanner(transport);
  let received = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      scanner.onScan((scan) => {
        if (count !== undefined && received >= count) return;
        received += 1;
        const line: Record<string, unknown> = { text: scan.text, encoding: scan.encoding, kind: scan.kind };
        if (scan.uscc !== undefined) line.uscc = scan.uscc;
        io.stdout(JSON.stringify(line));
        if (count !== undefined && received >= count) resolve();
      });
      transport.onClose((reason) => {
        if (reason !== 'closed-by-us') reject(new DeviceFailure('disconnected', `${transport.description} closed (${reason}) after ${received} scan(s)`));
      });
      if (timeoutMs !== undefined) {
        timer = setTimeout(() => {
          if (count === undefined) resolve();
          else reject(new DeviceFailure('timeout', `received ${received} of ${count} scan(s) within ${timeoutMs} ms`));
        }, timeoutMs);
      }
      void io.interrupted?.then(() => resolve());
      scanner.start().catch((error: unknown) => reject(new DeviceFailure('port-unavailable', error instanceof Error ? error.message : String(error))));
    });
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    await scanner.stop().catch(() => undefined);
    await transport.close().catch(() => undefined);
  }
}

// ── printer ───────────────────────────────────────────────────────────────────────────────────

async function withPrinter<T>(flags: ParsedFlags, work: (printer: EscPosPrinter) => Promise<T>): Promise<T> {
  const connection = portConnection(flags.port as string, flags.baud as number | undefined, ['serial', 'tcp', 'usblp']);
  const { EscPosPrinter } = await import('../../printer/index');
  const transport = await openPort(connection);
  const printer = new EscPosPrinter(transport, { confirmTimeoutMs: 10_000 });
  try {
    return await work(printer);
  } finally {
    printer.dispose();
    await transport.close().catch(() => undefined);
  }
}

async function runPrinterStatus(flags: ParsedFlags, io: CliIo): Promise<void> {
  const status = await withPrinter(flags, async (printer) => {
    try {
      return await printer.queryStatus();
    } catch (error) {
      throw new DeviceFailure('offline', `the printer did not answer the status query: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
  io.stdout(JSON.stringify({ online: status.online, paperOut: status.paperOut, paperNearEnd: status.paperNearEnd, coverOpen: status.coverOpen, error: status.error }));
}

async function runPrinterTest(flags: ParsedFlags, io: CliIo): Promise<void> {
  const template = ((flags.template as string | undefined) ?? 'test') as TestTemplate;
  const width = ((flags.width as number | undefined) ?? 80) as 80 | 58;
  const { buildTestJobLazily } = await import('./test-print');
  const { bytes: job } = await buildTestJobLazily(template, width);
  const outcome = await withPrinter(flags, (printer) => printer.print(job));
  if (!outcome.printed) throw new DeviceFailure(outcome.reason, outcome.message);
  io.stdout(JSON.stringify({ printed: true, template, width, bytes: job.length }));
}


// ── process entry ─────────────────────────────────────────────────────────────────────────────

export async function main(): Promise<void> {
  let interrupt!: () => void;
  const interrupted = new Promise<void>((resolve) => (interrupt = resolve));
  process.once('SIGINT', () => interrupt());
  process.once('SIGTERM', () => interrupt());
  const code = await run(process.argv.slice(2), {
    stdout: (line) => process.stdout.write(`${line}\n`),
    stderr: (line) => process.stderr.write(`${line}\n`),
    interrupted,
  });
  // Flush stdout (a pipe may be asynchronous on some platforms) before exiting; exit explicitly so
  // that a native handle left behind by a driver can never keep the tool running.
  await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
  process.exit(code);
}
