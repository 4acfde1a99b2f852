/**
 * The device host: one Node program that owns the drivers, print jobs, and the platform client
 * and its credential. Both shells run this same code: as an Electron utilityProcess (a crashing
 * driver cannot take down the UI) or as a plain Node process beside system Chromium.
 */
import { join } from 'node:path';
import { RpcServer, type MethodHandlers } from '../common/ipc/rpc-server';
import type { TerminalInfo } from '../common/ipc/protocol';
import type { TextChannel } from '../common/ipc/message-channel';
import { createCanvasGlyphRasterizer } from '../drivers/node/printer';
import { createDeviceSet, type DeviceSet } from '../drivers/node/device-set';
import type { KioskConfig } from './config/load-config';
import type { LaunchParameters } from './launch-parameters';
import type { Logger } from './log';
import { PlatformClient, PlatformUnreachableError } from './platform/platform-client';
import { TerminalService } from './platform/terminal-service';
import type { HostContext } from './host-context';
import { coreHandlers } from './handlers/core';
import { printingHandlers } from './handlers/printing';
import { simulatorHandlers } from './handlers/simulator';
import { citizenHandlers } from './citizen/handlers';
import { outboxHandlers } from './outbox/handlers';
import { OutboxHost } from './outbox/outbox-host';
import type { MasterKeyring } from './outbox/master-key';
import { staffHandlers } from './staff/handlers';
import { cardGateOf } from './staff/card-gate';

export interface DeviceHost {
  server: RpcServer;
  devices: DeviceSet;
  connect(channel: TextChannel, label: string): void;
  simulated: boolean;
  close(): Promise<void>;
}

export interface DeviceHostOptions {
  /** The outbox master keys Electron main handed over (KIOSK_MASTER_KEY_SOURCE=parent); otherwise the key file. */
  masterKey?: MasterKeyring;
}

export async function startDeviceHost(config: KioskConfig, launch: LaunchParameters, log: Logger, options: DeviceHostOptions = {}): Promise<DeviceHost> {
  const devices = createDeviceSet(config.devices, { paperWidth: config.paperWidth });
  const simulated = Object.values(config.devices).some((c) => c.kind === 'simulator');

  const platformUrl = config.platform.mode === 'remote' ? config.platform.url : launch.KIOSK_EMBEDDED_PLATFORM_URL;
  const platform = new PlatformClient(platformUrl ?? 'http://127.0.0.1:9/unconfigured');
  const terminal = new TerminalService(platform, {
    stateDir: join(config.dataDir, 'host'),
    platformKey: config.platform.mode === 'remote' ? config.platform.url : 'embedded',
    hardwareId: config.terminal.hardwareId,
    model: config.terminal.model,
    appVersion: launch.KIOSK_APP_VERSION,
    log,
    heartbeatFacts: () => ({
      // The depth the page reports (outbox.report); zeros until it has.
      outbox: outbox.heartbeatFacts(),
      devices: devices.statuses().map((s) => ({ kind: s.role, state: s.state, model: s.model, ...(s.fault ? { fault: s.fault.code } : {}) })),
    }),
  });

  // Refuses to start (and says why) when the key store would fall back to a fixed password.
  const outbox: OutboxHost = await OutboxHost.open({
    dataDir: config.dataDir,
    platform,
    terminal,
    log,
    emitFault: (payload) => server.emit('outbox.fault', payload),
    emitResume: (reason) => server.emit('outbox.resume', { reason }),
    ...(options.masterKey ? { masterKey: options.masterKey } : {}),
  });

  // The embedded default hands the host a code; a real terminal is provisioned by a technician.
  const autoEnrollmentCode = platformUrl ? launch.KIOSK_ENROLLMENT_CODE : undefined;
  const terminalInfo = (): TerminalInfo => {
    const { enrollment, config: hall } = terminal.current;
    return {
      terminalId: enrollment?.terminalId ?? null,
      hallId: enrollment?.hallId ?? null,
      hallName: hall?.hallName ?? enrollment?.hallName ?? null,
      hotline: hall?.hotline ?? null,
      openingHours: hall?.openingHours ?? null,
      idleResetSeconds: hall?.idleResetSeconds ?? 120,
      appVersion: launch.KIOSK_APP_VERSION,
      enrollment: enrollment ? 'enrolled' : autoEnrollmentCode ? 'enrolling' : 'needs-provisioning',
    };
  };

  const ctx: HostContext = {
    config,
    launch,
    log,
    devices,
    platform,
    terminal,
    rasterizer: createCanvasGlyphRasterizer(),
    // Handlers emit events through the server built from them just below.
    server: () => server,
    terminalInfo,
    simulated,
    outbox,
  };
  const handlers: MethodHandlers = {
    ...coreHandlers(ctx),
    ...printingHandlers(ctx),
    ...simulatorHandlers(ctx),
    ...citizenHandlers(ctx),
    ...outboxHandlers(ctx),
    ...staffHandlers(ctx),
  };
  const server: RpcServer = new RpcServer(handlers, { warn: (message) => log.warn(message) });

  devices.onStatus((status) => server.emit('device.status', status));
  devices.onCard((read) => {
    // A card a staff sign-in (or a reader test) is waiting for never reaches the citizen flow.
    if (cardGateOf(ctx).offer(read)) return;
    server.emit('idcard.presented', read.card);
  });
  devices.onCardRemoved(() => server.emit('idcard.removed', {}));
  devices.onScan((scan) => server.emit('scanner.scanned', scan));
  platform.onConnectivity((connectivity) => server.emit('connectivity.changed', connectivity));
  terminal.onChange(() => server.emit('terminal.changed', terminalInfo()));

  // Enrollment and the first configuration fetch happen in the background: the UI comes up at once
  // and works offline from the cache; connectivity events tell it when the platform answers.
  // An automatic enrollment is retried until the platform answers.
  let stopped = false;
  void (async () => {
    for (let attempt = 0; !stopped; attempt += 1) {
      try {
        if (!terminal.current.enrollment && autoEnrollmentCode) await terminal.enroll(autoEnrollmentCode);
        await terminal.refreshConfig();
        break;
      } catch (error) {
        if (!(error instanceof PlatformUnreachableError)) log.warn('could not reach the platform at start', { reason: (error as Error).message });
        if (terminal.current.enrollment || !autoEnrollmentCode) break;
        await new Promise((resolve) => setTimeout(resolve, Math.min(30_000, 1000 * 2 ** attempt)));
      }
    }
    if (!stopped) terminal.startHeartbeats(launch.KIOSK_HEARTBEAT_SECONDS);
  })();

  return {
    server,
    devices,
    simulated,
    connect: (channel, label) => server.connect(channel, label),
    close: async () => {
      stopped = true;
      terminal.stop();
      server.closeAll();
      await devices.close();
      await outbox.close();
    },
  };
}
