import { PROTOCOL_VERSION } from '../../common/ipc/protocol';
import type { MethodHandlers } from '../../common/ipc/rpc-server';
import type { HostContext } from '../host-context';

export function coreHandlers(ctx: HostContext): MethodHandlers {
  return {
    'host.hello': () => ({
      protocolVersion: PROTOCOL_VERSION,
      shell: ctx.launch.KIOSK_SHELL,
      terminal: ctx.terminalInfo(),
      devices: ctx.devices.statuses(),
      connectivity: ctx.platform.currentConnectivity(),
      simulated: ctx.simulated,
    }),
    'devices.list': () => ctx.devices.statuses(),
  };
}
