/**
 * The kiosk's configuration: a JSON file in the app's data directory, overridden by environment
 * variables, validated with a message for every bad value that says where it came from and what
 * is expected. With no configuration at all the kiosk runs on simulated devices against the
 * embedded local platform, so it works with no hardware and no network.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir, hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { ConnectionSpecError, ROLE_CONNECTIONS, parseDeviceConnection, type DeviceConnection } from '../../common/config/device-connections';
import { DEVICE_ROLES, type DeviceRole } from '../../common/devices/status';

export const CONFIG_FILE_NAME = 'config.json';

export interface KioskConfig {
  dataDir: string;
  /** `embedded`: the local platform in platform/ is started beside the kiosk. */
  platform: { mode: 'embedded' } | { mode: 'remote'; url: string };
  terminal: { hardwareId: string; model: string };
  devices: Record<DeviceRole, DeviceConnection>;
  paperWidth: { receipt: 80 | 58; ticket: 80 | 58 };
  /** Port of the loopback server (UI in the browser shell, simulator panel, WebSocket). 0 picks a free one. */
  uiPort: number;
  /** The Chromium executable for the browser shell; null to search the usual places. */
  browserExecutable: string | null;
  language: 'zh-CN' | 'en';
  /** How long a delivered item's receipt number stays on the terminal for reprint and lookup (no personal data is kept with it). */
  receiptRetentionHours: number;
}

/** Environment variables, with the config-file key each overrides. */
export const ENVIRONMENT_VARIABLES = {
  KIOSK_DATA_DIR: 'the data directory (where config.json lives)',
  KIOSK_PLATFORM_URL: 'platform.url — `embedded` or an https:// URL of the intake platform API',
  KIOSK_IDCARD_READER: 'devices.idcard-reader',
  KIOSK_QR_SCANNER: 'devices.qr-scanner',
  KIOSK_RECEIPT_PRINTER: 'devices.receipt-printer',
  KIOSK_TICKET_PRINTER: 'devices.ticket-printer',
  KIOSK_RECEIPT_WIDTH: 'paperWidth.receipt (80 or 58)',
  KIOSK_TICKET_WIDTH: 'paperWidth.ticket (80 or 58)',
  KIOSK_HARDWARE_ID: 'terminal.hardwareId',
  KIOSK_TERMINAL_MODEL: 'terminal.model',
  KIOSK_UI_PORT: 'uiPort',
  KIOSK_BROWSER: 'browserExecutable',
  KIOSK_LANGUAGE: 'language (zh-CN or en)',
  KIOSK_RECEIPT_RETENTION_HOURS: 'outbox.receiptRetentionHours (1–720, default 24)',
} as const;

const ROLE_ENV: Record<DeviceRole, keyof typeof ENVIRONMENT_VARIABLES> = {
  'idcard-reader': 'KIOSK_IDCARD_READER',
  'qr-scanner': 'KIOSK_QR_SCANNER',
  'receipt-printer': 'KIOSK_RECEIPT_PRINTER',
  'ticket-printer': 'KIOSK_TICKET_PRINTER',
};

const fileSchema = z
  .object({
    platform: z.object({ url: z.string() }).strict().optional(),
    terminal: z.object({ hardwareId: z.string().min(1).max(128).optional(), model: z.string().min(1).max(128).optional() }).strict().optional(),
    devices: z.object(Object.fromEntries(DEVICE_ROLES.map((role) => [role, z.string().optional()]))).strict().optional(),
    paperWidth: z.object({ receipt: z.union([z.literal(80), z.literal(58)]).optional(), ticket: z.union([z.literal(80), z.literal(58)]).optional() }).strict().optional(),
    uiPort: z.number().int().min(0).max(65535).optional(),
    browserExecutable: z.string().min(1).optional(),
    language: z.enum(['zh-CN', 'en']).optional(),
    outbox: z.object({ receiptRetentionHours: z.number().int().min(1).max(720).optional() }).strict().optional(),
  })
  .strict();

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`The kiosk configuration has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'bianmin-kiosk');
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'bianmin-kiosk');
}

export function loadKioskConfig(options: { env?: NodeJS.ProcessEnv; dataDir?: string } = {}): KioskConfig {
  const env = options.env ?? process.env;
  const dataDir = resolve(options.dataDir ?? nonEmpty(env.KIOSK_DATA_DIR) ?? defaultDataDir(env));
  const problems: string[] = [];

  const filePath = join(dataDir, CONFIG_FILE_NAME);
  let file: z.infer<typeof fileSchema> = {};
  if (existsSync(filePath)) {
    try {
      const parsed = fileSchema.safeParse(JSON.parse(readFileSync(filePath, 'utf8')));
      if (parsed.success) file = parsed.data;
      else for (const issue of parsed.error.issues) problems.push(`${filePath}: ${issue.path.join('.') || '(top level)'}: ${issue.message}`);
    } catch (error) {
      problems.push(`${filePath} is not valid JSON (${(error as Error).message}). Fix it or delete it to use the defaults.`);
    }
  }

  const platformUrl = nonEmpty(env.KIOSK_PLATFORM_URL) ?? file.platform?.url ?? 'embedded';
  const platformSource = env.KIOSK_PLATFORM_URL ? 'KIOSK_PLATFORM_URL' : 'platform.url';
  let platform: KioskConfig['platform'] = { mode: 'embedded' };
  if (platformUrl !== 'embedded') {
    const url = safeUrl(platformUrl);
    if (!url || !['https:', 'http:'].includes(url.protocol)) {
      problems.push(`${platformSource} is "${platformUrl}": expected "embedded" or the platform's API address, e.g. https://intake.example.gov.cn/api`);
    } else if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
      problems.push(`${platformSource} is "${platformUrl}": plain http is allowed only to this machine (127.0.0.1); use https for a remote platform`);
    } else {
      platform = { mode: 'remote', url: platformUrl.replace(/\/+$/, '') };
    }
  }

  const devices = {} as Record<DeviceRole, DeviceConnection>;
  for (const role of DEVICE_ROLES) {
    const envName = ROLE_ENV[role];
    const spec = nonEmpty(env[envName]) ?? file.devices?.[role] ?? 'simulator';
    try {
      devices[role] = parseDeviceConnection(spec, ROLE_CONNECTIONS[role]);
    } catch (error) {
      if (!(error instanceof ConnectionSpecError)) throw error;
      problems.push(`${env[envName] ? envName : `devices.${role}`}: ${error.message}`);
      devices[role] = { kind: 'none' };
    }
  }

  const paperWidth = {
    receipt: paperWidthFrom(env.KIOSK_RECEIPT_WIDTH, 'KIOSK_RECEIPT_WIDTH', file.paperWidth?.receipt, problems),
    ticket: paperWidthFrom(env.KIOSK_TICKET_WIDTH, 'KIOSK_TICKET_WIDTH', file.paperWidth?.ticket, problems),
  };

  let uiPort = file.uiPort ?? 0;
  if (nonEmpty(env.KIOSK_UI_PORT)) {
    const port = Number(env.KIOSK_UI_PORT);
    if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push(`KIOSK_UI_PORT is "${env.KIOSK_UI_PORT}": expected a port number 0–65535 (0 picks a free port)`);
    else uiPort = port;
  }

  let language = file.language ?? 'zh-CN';
  if (nonEmpty(env.KIOSK_LANGUAGE)) {
    if (env.KIOSK_LANGUAGE === 'zh-CN' || env.KIOSK_LANGUAGE === 'en') language = env.KIOSK_LANGUAGE;
    else problems.push(`KIOSK_LANGUAGE is "${env.KIOSK_LANGUAGE}": expected zh-CN or en`);
  }

  let receiptRetentionHours = file.outbox?.receiptRetentionHours ?? 24;
  if (nonEmpty(env.KIOSK_RECEIPT_RETENTION_HOURS)) {
    const hours = Number(env.KIOSK_RECEIPT_RETENTION_HOURS);
    if (!Number.isInteger(hours) || hours < 1 || hours > 720) problems.push(`KIOSK_RECEIPT_RETENTION_HOURS is "${env.KIOSK_RECEIPT_RETENTION_HOURS}": expected whole hours from 1 to 720`);
    else receiptRetentionHours = hours;
  }

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    dataDir,
    platform,
    terminal: {
      hardwareId: nonEmpty(env.KIOSK_HARDWARE_ID) ?? file.terminal?.hardwareId ?? `host-${hostname()}`.slice(0, 128),
      model: nonEmpty(env.KIOSK_TERMINAL_MODEL) ?? file.terminal?.model ?? 'bianmin-kiosk reference terminal',
    },
    devices,
    paperWidth,
    uiPort,
    browserExecutable: nonEmpty(env.KIOSK_BROWSER) ?? file.browserExecutable ?? null,
    language,
    receiptRetentionHours,
  };
}

function paperWidthFrom(envValue: string | undefined, envName: string, fileValue: 80 | 58 | undefined, problems: string[]): 80 | 58 {
  if (nonEmpty(envValue)) {
    if (envValue === '80' || envValue === '58') return Number(envValue) as 80 | 58;
    problems.push(`${envName} is "${envValue}": expected 80 or 58 (paper width in millimetres)`);
  }
  return fileValue ?? 80;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== '' ? value.trim() : undefined;
}

function safeUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

function isLoopback(hostname: string): boolean {
  return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]';
}
