import type { MethodName, MethodParams, MethodResult } from '../../../common/ipc/protocol';

/** What the outbox needs of the host: typed calls. The page's RpcClient, or the worker's bridge to it. */
export interface HostCaller {
  call<M extends MethodName>(method: M, params: MethodParams<M>, timeoutMs?: number): Promise<MethodResult<M>>;
}

/** Change notifications between the page and the delivery worker (and other tabs). */
export const OUTBOX_CHANGES_CHANNEL = 'kiosk-outbox-changes';
