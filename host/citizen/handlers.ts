import type { MethodHandlers } from '../../common/ipc/rpc-server';
import type { HostContext } from '../host-context';

/** Citizen services: catalog, lookups, queue, printing of citizen documents. */
export function citizenHandlers(_ctx: HostContext): MethodHandlers {
  return {};
}
