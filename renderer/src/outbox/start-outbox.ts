/**
 * Starts the page's outbox: the IndexedDB store, the delivery worker, and their wiring to the host
 * link — calls from the worker go out on the page's connection; each (re)connection reconciles the
 * store with the host's journal and kicks delivery; the platform coming back online, the host's
 * `outbox.resume` and the browser's `online` event kick it too.
 */
import type { RpcClient } from '../../../common/ipc/rpc-client';
import { RpcError, type MethodName, type MethodParams } from '../../../common/ipc/protocol';
import type { HostLink } from '../host/host-connection';
import { DexieIntakeOutbox } from './dexie-outbox';
import { OUTBOX_CHANGES_CHANNEL, type HostCaller } from './host-caller';
import { OutboxDb } from './outbox-db';
import type { PageToWorker, WorkerToPage } from './worker-protocol';
import type { EventPayload } from '../../../common/ipc/protocol';

export interface OutboxRuntime {
  outbox: DexieIntakeOutbox;
  /** The latest technician fault the host raised about the outbox, if any. */
  lastFault(): EventPayload<'outbox.fault'> | null;
  onFault(listener: (fault: EventPayload<'outbox.fault'>) => void): () => void;
  /** Makes items waiting for the network or the host due now (e.g. a staff "retry now" button). */
  deliverNow(): void;
}

const runtimes = new WeakMap<HostLink, OutboxRuntime>();

/** One runtime per host link for the page's life (React StrictMode mounts twice; this does not start twice). */
export function startOutbox(link: HostLink): OutboxRuntime {
  const existing = runtimes.get(link);
  if (existing) return existing;

  const currentClient = (): RpcClient | null => {
    const state = link.getState();
    return state.status === 'connected' && !state.client.isClosed ? state.client : null;
  };
  const caller = (client: RpcClient): HostCaller => ({ call: (method, params, timeoutMs) => client.call(method, params, timeoutMs) });

  const db = new OutboxDb();
  const changes = new BroadcastChannel(OUTBOX_CHANGES_CHANNEL);
  const worker = new Worker(new URL('./delivery.worker.ts', import.meta.url), { type: 'module', name: 'outbox-delivery' });
  const kick = (reason: Extract<PageToWorker, { type: 'kick' }>['reason']) => worker.postMessage({ type: 'kick', reason } satisfies PageToWorker);

  const outbox = new DexieIntakeOutbox(db, {
    host: () => {
      const client = currentClient();
      return client ? caller(client) : null;
    },
    kick: () => kick('enqueued'),
    broadcast: () => changes.postMessage({ type: 'changed' }),
  });
  changes.onmessage = () => outbox.notify();

  worker.onmessage = (event: MessageEvent<WorkerToPage>) => {
    const message = event.data;
    if (message.type === 'changed') return outbox.notify();
    if (message.type !== 'call') return;
    const client = currentClient();
    const reply = (m: PageToWorker) => worker.postMessage(m);
    if (!client) return reply({ type: 'reply', id: message.id, ok: false, code: 'disconnected', message: 'Not connected to the device host.' });
    client
      .call(message.method as MethodName, message.params as MethodParams<MethodName>, message.timeoutMs)
      .then(
        (result) => reply({ type: 'reply', id: message.id, ok: true, result }),
        (error: unknown) => reply({ type: 'reply', id: message.id, ok: false, code: error instanceof RpcError ? error.code : 'failed', message: error instanceof Error ? error.message : 'failed' }),
      );
  };

  let fault: EventPayload<'outbox.fault'> | null = null;
  const faultListeners = new Set<(f: EventPayload<'outbox.fault'>) => void>();
  link.onConnected((client) => {
    client.on('connectivity.changed', (c) => {
      if (c.platform === 'online') kick('reconnect');
    });
    client.on('outbox.resume', () => kick('resume'));
    client.on('outbox.fault', (payload) => {
      fault = payload;
      for (const l of faultListeners) l(payload);
    });
    void outbox.reconcile().catch(() => undefined);
    void client
      .call('outbox.status', {})
      .then((status) => worker.postMessage({ type: 'configure', retentionMs: status.receiptRetentionMs } satisfies PageToWorker))
      .catch(() => undefined);
    kick('reconnect');
  });
  window.addEventListener('online', () => kick('reconnect'));

  const runtime: OutboxRuntime = {
    outbox,
    deliverNow: () => kick('reconnect'),
    lastFault: () => fault,
    onFault: (listener) => {
      faultListeners.add(listener);
      return () => faultListeners.delete(listener);
    },
  };
  runtimes.set(link, runtime);
  return runtime;
}
