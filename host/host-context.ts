/** What every area of the host's request handlers can reach. */
import type { RpcServer } from '../common/ipc/rpc-server';
import type { TerminalInfo } from '../common/ipc/protocol';
import type { GlyphRasterizer } from '../drivers/printer';
import type { DeviceSet } from '../drivers/node/device-set';
import type { KioskConfig } from './config/load-config';
import type { LaunchParameters } from './launch-parameters';
import type { Logger } from './log';
import type { PlatformClient } from './platform/platform-client';
import type { TerminalService } from './platform/terminal-service';
import type { OutboxHost } from './outbox/outbox-host';

export interface HostContext {
  config: KioskConfig;
  launch: LaunchParameters;
  log: Logger;
  devices: DeviceSet;
  platform: PlatformClient;
  terminal: TerminalService;
  rasterizer: GlyphRasterizer;
  /** The protocol server, for emitting events. */
  server: () => RpcServer;
  terminalInfo(): TerminalInfo;
  simulated: boolean;
  /** The outbox's host side (keys, journal, delivery); absent only in tests that do not need it. */
  outbox?: OutboxHost;
}
