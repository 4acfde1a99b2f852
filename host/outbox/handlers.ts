import type { MethodHandlers } from '../../common/ipc/rpc-server';
import type { HostContext } from '../host-context';

/** The outbox's host side: item keys, the journal, delivery through the platform client. */
export function outboxHandlers(_ctx: HostContext): MethodHandlers {
  return {};
}
