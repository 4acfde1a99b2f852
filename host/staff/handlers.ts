import type { MethodHandlers } from '../../common/ipc/rpc-server';
import type { HostContext } from '../host-context';

/** Staff modes: sign-in, audit log, provisioning, diagnostics, device assignment. */
export function staffHandlers(_ctx: HostContext): MethodHandlers {
  return {};
}
