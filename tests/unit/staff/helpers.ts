/**
 * A staff host on a real HostContext (simulated devices, a TerminalService over a real or absent
 * platform), served through the real protocol server, with a fake clock and a log that keeps its
 * lines so tests can check nothing personal was written.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTextChannelPair } from '../../../common/ipc/message-channel';
import { RpcClient } from '../../../common/ipc/rpc-client';
import { RpcServer } from '../../../common/ipc/rpc-server';
import type { EventName, EventPayload } from '../../../common/ipc/protocol';
import { createDeviceSet } from '../../../drivers/node/device-set';
import { createCanvasGlyphRasterizer } from '../../../drivers/node/printer';
import { loadKioskConfig } from '../../../host/config/load-config';
import type { HostContext } from '../../../host/host-context';
import { readLaunchParameters } from '../../../host/launch-parameters';
import type { Logger } from '../../../host/log';
import { PlatformClient } from '../../../host/platform/platform-client';
import { TerminalService } from '../../../host/platform/terminal-service';
import { staffHandlers, staffHostOf } from '../../../host/staff/handlers';
import { cardGateOf } from '../../../host/staff/card-gate';
import type { StaffHost, StaffHostOptions } from '../../../host/staff/staff-host';

export const DEMO_HALL_PATH = fileURLToPath(new URL('../../../platform/demo/hall.json', import.meta.url));
export const DEMO_HALL = JSON.parse(readFileSync(DEMO_HALL_PATH, 'utf8')) as Record<string, unknown> & { hallId: string };

/** Demo staff (platform/demo/README.md): invented people, demo PINs. */
export const DEMO = {
  technician: { staffId: 'TH-T01', pin: '246810', idNumber: '440106198504122135' },
  manager: { staffId: 'TH-M01', pin: '135790', idNumber: '440104198809230468' },
  assistant: { staffId: 'TH-A01', pin: '864209', idNumber: '440111199602051284' },
  assistantPinOnly: { staffId: 'TH-A02', pin: '520134' },
} as const;

export interface FakeClock {
  now: () => number;
  advance(ms: number): void;
}

export function fakeClock(iso = '2026-11-20T10:00:00+08:00'): FakeClock {
  let t = Date.parse(iso);
  return { now: () => t, advance: (ms) => (t += ms) };
}

export function tempDir(prefix = 'staff-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function collectingLogger(lines: string[]): Logger {
  const log = (level: string) => (message: string, facts?: Record<string, unknown>) => lines.push(JSON.stringify({ level, message, ...facts }));
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

/** Writes a cached enrollment and terminal configuration, as if the terminal had enrolled before. */
export function seedEnrollment(dataDir: string, config: Record<string, unknown> = DEMO_HALL, enrollment = { platformKey: 'embedded', terminalId: 'kiosk-test0001', token: 'seeded-token', hallId: DEMO_HALL.hallId, hallName: String(DEMO_HALL.hallName) }): void {
  const state = join(dataDir, 'host');
  mkdirSync(state, { recursive: true });
  writeFileSync(join(state, 'enrollment.json'), JSON.stringify(enrollment));
  writeFileSync(join(state, 'terminal-config.json'), JSON.stringify({ etag: null, config }));
}

export interface TestHost {
  ctx: HostContext;
  staff: StaffHost;
  client: RpcClient;
  server: RpcServer;
  events: { name: string; payload: unknown }[];
  logLines: string[];
  dataDir: string;
  close(): Promise<void>;
}

export async function startTestHost(options: { dataDir?: string; platformUrl?: string; hardwareId?: string; staffOptions?: StaffHostOptions; env?: NodeJS.ProcessEnv } = {}): Promise<TestHost> {
  const dataDir = options.dataDir ?? tempDir();
  const config = loadKioskConfig({ env: { ...options.env, ...(options.hardwareId ? { KIOSK_HARDWARE_ID: options.hardwareId } : {}) }, dataDir });
  const launch = readLaunchParameters(options.platformUrl ? { KIOSK_EMBEDDED_PLATFORM_URL: options.platformUrl } : {});
  const logLines: string[] = [];
  const log = collectingLogger(logLines);
  const devices = createDeviceSet(config.devices, { paperWidth: config.paperWidth, cardPollMs: 50, retryIntervalMs: 100 });
  const platform = new PlatformClient(config.platform.mode === 'remote' ? config.platform.url : (options.platformUrl ?? 'http://127.0.0.1:9/unconfigured'), { timeoutMs: 3000 });
  const terminal = new TerminalService(platform, {
    stateDir: join(dataDir, 'host'),
    platformKey: config.platform.mode === 'remote' ? config.platform.url : 'embedded',
    hardwareId: config.terminal.hardwareId,
    model: 'TEST-32P',
    appVersion: launch.KIOSK_APP_VERSION,
    log,
    heartbeatFacts: () => ({ outbox: { pending: 0, failed: 0, oldestPendingAt: null }, devices: [] }),
  });
  const events: { name: string; payload: unknown }[] = [];
  // eslint-disable-next-line prefer-const
  let server: RpcServer;
  const ctx: HostContext = {
    config,
    launch,
    log,
    devices,
    platform,
    terminal,
    rasterizer: createCanvasGlyphRasterizer(),
    server: () => server,
    terminalInfo: () => ({
      terminalId: terminal.current.enrollment?.terminalId ?? null,
      hallId: terminal.current.enrollment?.hallId ?? null,
      hallName: terminal.current.config?.hallName ?? null,
      hotline: null,
      openingHours: null,
      idleResetSeconds: 120,
      appVersion: launch.KIOSK_APP_VERSION,
      enrollment: terminal.current.enrollment ? 'enrolled' : 'needs-provisioning',
    }),
    simulated: true,
  };
  const handlers = staffHandlers(ctx, { restartProcess: () => undefined, exportRoots: [], ...options.staffOptions });
  server = new RpcServer(handlers, { warn: (m) => logLines.push(m) });
  // The same wiring as host/device-host.ts: a card the gate is waiting for never reaches the citizen flow.
  devices.onCard((read) => {
    if (cardGateOf(ctx).offer(read)) return;
    server.emit('idcard.presented', read.card);
  });
  const [hostEnd, uiEnd] = createTextChannelPair();
  server.connect(hostEnd, 'test');
  const client = new RpcClient(uiEnd, { timeoutMs: 10_000 });
  for (const name of ['staff.lockout', 'staff.sessionEnded', 'queue.pausedChanged', 'idcard.presented'] as EventName[]) {
    client.on(name, (payload: EventPayload<typeof name>) => events.push({ name, payload }));
  }
  return {
    ctx,
    staff: staffHostOf(ctx)!,
    client,
    server,
    events,
    logLines,
    dataDir,
    close: async () => {
      staffHostOf(ctx)?.stop();
      terminal.stop();
      server.closeAll();
      await devices.close();
    },
  };
}
