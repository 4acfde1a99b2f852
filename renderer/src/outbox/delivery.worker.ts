/**
 * The delivery worker: the DeliveryEngine off the UI thread, on its own Dexie instance. It reaches
 * the host through the page (which owns the connection): each call is posted to the page and its
 * reply posted back. Only one engine runs per profile (a Web Lock), even with two pages open.
 */
/// <reference lib="webworker" />
import { RpcError, type RpcErrorCode } from '../../../common/ipc/protocol';
import { DeliveryEngine } from './delivery-engine';
import { OUTBOX_CHANGES_CHANNEL, type HostCaller } from './host-caller';
import { OUTBOX_DB_NAME, OutboxDb } from './outbox-db';
import type { PageToWorker, WorkerToPage } from './worker-protocol';

declare const self: DedicatedWorkerGlobalScope;

const post = (message: WorkerToPage) => self.postMessage(message);
const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
let nextId = 1;

const host: HostCaller = {
  call: (method, params, timeoutMs) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      post({ type: 'call', id, method, params, ...(timeoutMs ? { timeoutMs } : {}) });
    }),
};

const changes = new BroadcastChannel(OUTBOX_CHANGES_CHANNEL);
/**
 * Relaxed durability for delivery's own state changes (claimed, settled, purged): losing one in a
 * power cut costs a repeated request, never an item. The host's journal (fsync'd) is the record of
 * what the platform acknowledged, and it answers a repeated delivery of such an item from the journal
 * without writing to the platform again; a lost claim or retry time only means the item is tried
 * again sooner. New items are written by the page with strict durability (dexie-outbox.ts). Waiting
 * for the disk at every change made the flush, not the network, the limit of the drain rate.
 */
const db = new OutboxDb(OUTBOX_DB_NAME, 'relaxed');
const engine = new DeliveryEngine(db, host, {
  onChange: () => {
    changes.postMessage({ type: 'changed' });
    post({ type: 'changed' });
  },
});

self.onmessage = (event: MessageEvent<PageToWorker>) => {
  const message = event.data;
  if (message.type === 'reply') {
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.ok) waiter.resolve(message.result);
    else waiter.reject(new RpcError(message.code as RpcErrorCode, message.message));
  } else if (message.type === 'kick') {
    engine.kick(message.reason);
  } else if (message.type === 'configure') {
    engine.setRetention(message.retentionMs);
  }
};

const run = async () => {
  await engine.start();
  post({ type: 'started' });
  // Hold the lock for the worker's life.
  await new Promise<never>(() => undefined);
};
if (typeof navigator !== 'undefined' && 'locks' in navigator) void navigator.locks.request('kiosk-outbox-delivery', run);
else void run();
