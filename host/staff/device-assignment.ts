/**
 * Device assignment for technicians: what is attached (the kiosk-devices CLI's own listing and role
 * guesses, drivers/node/cli/list.ts), what each role uses now, a test of each on the spot, and saving
 * new assignments to config.json. They take effect when the host restarts (both shells restart it
 * within a second), which is the honest way: the running drivers are never swapped under a citizen.
 */
import type { DeviceRole } from '../../common/devices/status';
import { ROLE_CONNECTIONS, describeConnection, parseDeviceConnection, ConnectionSpecError } from '../../common/config/device-connections';
import { maskIdNumber, maskName } from '../../common/identity/mask';
import { listDevices, type DeviceListing, type GuessedRole } from '../../drivers/node/cli/list';
import { buildTestPage } from '../../drivers/printer';
import type { ENVIRONMENT_VARIABLES } from '../config/load-config';
import { updateConfigFile, type ConfigFileUpdate } from './config-file';
import type { StaffHost } from './staff-host';

export interface AttachedDevice {
  source: 'serial' | 'hid';
  id: string;
  label: string;
  guessedRole: GuessedRole;
  connection: string;
}

export async function attachedDevices(list: () => Promise<DeviceListing> = listDevices): Promise<{ attached: AttachedDevice[]; warnings: string[] }> {
  const listing = await list();
  const attached: AttachedDevice[] = [
    ...listing.serial.map((s) => ({
      source: 'serial' as const,
      id: s.path,
      label: [s.manufacturer, s.vendorId && s.productId ? `${s.vendorId}:${s.productId}` : null].filter(Boolean).join(' ') || s.path,
      guessedRole: s.guessedRole,
      connection: `serial:${s.path}`,
    })),
    ...listing.hid.map((h) => ({
      source: 'hid' as const,
      id: h.path ?? `${h.vendorId}:${h.productId}`,
      label: [h.manufacturer, h.product, `${h.vendorId}:${h.productId}`].filter(Boolean).join(' '),
      guessedRole: h.guessedRole,
      connection: `hid:${h.vendorId}:${h.productId}`,
    })),
  ];
  return { attached, warnings: listing.warnings ?? [] };
}

export function currentAssignments(staff: StaffHost): Record<DeviceRole, string> {
  const devices = staff.ctx.config.devices;
  return {
    'idcard-reader': describeConnection(devices['idcard-reader']),
    'qr-scanner': describeConnection(devices['qr-scanner']),
    'receipt-printer': describeConnection(devices['receipt-printer']),
    'ticket-printer': describeConnection(devices['ticket-printer']),
  };
}

const ROLE_ENV: Record<DeviceRole, keyof typeof ENVIRONMENT_VARIABLES> = {
  'idcard-reader': 'KIOSK_IDCARD_READER',
  'qr-scanner': 'KIOSK_QR_SCANNER',
  'receipt-printer': 'KIOSK_RECEIPT_PRINTER',
  'ticket-printer': 'KIOSK_TICKET_PRINTER',
};

/** Checks each spec, then writes them into config.json (validated by the host's own loader). */
export function saveAssignments(staff: StaffHost, assignments: Partial<Record<DeviceRole, string>>, env: NodeJS.ProcessEnv = process.env): ConfigFileUpdate {
  const problems: string[] = [];
  for (const [role, spec] of Object.entries(assignments) as [DeviceRole, string][]) {
    try {
      parseDeviceConnection(spec, ROLE_CONNECTIONS[role]);
    } catch (error) {
      if (!(error instanceof ConnectionSpecError)) throw error;
      problems.push(`${role}: ${error.message}`);
    }
    const envName = ROLE_ENV[role];
    if (env[envName]?.trim()) problems.push(`${role}: the environment variable ${envName} is set and would override config.json; remove it from the kiosk's service settings first.`);
  }
  if (problems.length > 0) return { ok: false, problems };
  return updateConfigFile(staff.ctx.config.dataDir, (file) => {
    const devices = typeof file.devices === 'object' && file.devices !== null ? (file.devices as Record<string, unknown>) : {};
    file.devices = { ...devices, ...assignments };
  });
}

export type DeviceTest = 'read-card' | 'scan' | 'print-test-page' | 'printer-status';

export interface DeviceTestResult {
  ok: boolean;
  message: string;
  shown?: Record<string, string>;
}

/** Runs one test on the running device. A card is shown masked and is never logged or passed on. */
export async function testDevice(staff: StaffHost, role: DeviceRole, test: DeviceTest, timeoutMs: number): Promise<DeviceTestResult> {
  const { ctx } = staff;
  if (test === 'read-card') {
    if (role !== 'idcard-reader') return { ok: false, message: 'Reading a card tests the ID card reader.' };
    const wait = await staff.gate.arm('reader-test', timeoutMs);
    if (wait.kind !== 'card') return { ok: false, message: wait.kind === 'busy' ? 'The reader is already waiting for a card.' : 'No card was presented in time.' };
    const card = wait.read.card;
    return { ok: true, message: 'The card was read.', shown: { cardType: card.cardType, name: maskName(card.name), idNumber: maskIdNumber(card.idNumber), validUntil: card.validUntil } };
  }
  if (test === 'scan') {
    if (role !== 'qr-scanner') return { ok: false, message: 'Scanning tests the QR scanner.' };
    const connection = ctx.config.devices['qr-scanner'].kind;
    if (connection === 'wedge' || connection === 'camera') return { ok: false, message: `This scanner (${connection}) works inside the page; test it on the citizen screen.` };
    const scan = await new Promise<{ text: string; kind: string } | null>((resolve) => {
      const timer = setTimeout(() => {
        off();
        resolve(null);
      }, timeoutMs);
      const off = ctx.devices.onScan((event) => {
        clearTimeout(timer);
        off();
        resolve({ text: event.text, kind: event.kind });
      });
    });
    if (!scan) return { ok: false, message: 'Nothing was scanned in time.' };
    return { ok: true, message: 'A code was scanned.', shown: { kind: scan.kind, length: String(scan.text.length), text: maskScanned(scan.text) } };
  }
  if (role !== 'receipt-printer' && role !== 'ticket-printer') return { ok: false, message: 'Printer tests need a printer role.' };
  if (test === 'print-test-page') {
    const width = role === 'receipt-printer' ? ctx.config.paperWidth.receipt : ctx.config.paperWidth.ticket;
    const outcome = await ctx.devices.print(role, buildTestPage({ terminalId: ctx.terminal.current.enrollment?.terminalId ?? 'unenrolled', appVersion: ctx.launch.KIOSK_APP_VERSION }, { paperWidth: width, rasterizer: ctx.rasterizer }));
    return outcome.printed ? { ok: true, message: 'The test page was printed.' } : { ok: false, message: `The test page did not print: ${outcome.reason}. ${outcome.message}` };
  }
  try {
    const status = await ctx.devices.printerStatus(role);
    const shown = { online: yes(status.online), paperOut: yes(status.paperOut), paperNearEnd: yes(status.paperNearEnd), coverOpen: yes(status.coverOpen), error: yes(status.error) };
    const ok = status.online && !status.paperOut && !status.coverOpen && !status.error;
    return { ok, message: ok ? 'The printer is ready.' : 'The printer reports a problem.', shown };
  } catch (error) {
    return { ok: false, message: `The printer did not answer: ${(error as Error).message}` };
  }
}

function yes(value: boolean): string {
  return value ? 'yes' : 'no';
}

/** Scanned text may be a citizen's code: show its start and end only. */
function maskScanned(text: string): string {
  if (/^\d{17}[\dXx]$/.test(text)) return maskIdNumber(text);
  if (text.length <= 8) return text.replace(/\d/g, '*');
  return `${text.slice(0, 4)}…${text.slice(-4)}`;
}
