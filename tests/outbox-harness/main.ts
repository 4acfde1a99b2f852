/**
 * A test-and-benchmark-only page that loads the real outbox (IndexedDB with strict durability, the
 * delivery Worker, the host link) and exposes a few functions to Playwright. Built by
 * tests/outbox-harness/build.ts into test-results/outbox-harness/ and served by a real device host
 * (KIOSK_UI_DIR); it is not part of the app's build and never shipped.
 */
import { HostLink } from '../../renderer/src/host/host-connection';
import { startOutbox } from '../../renderer/src/outbox/start-outbox';
import { submissionBody } from '../support/submission-body';
import { uuidv7 } from '../../common/ids/uuid-v7';
import type { RpcClient } from '../../common/ipc/rpc-client';

/**
 * Benchmarks set `window.outboxHoldDelivery` (an init script) to queue items before delivery starts:
 * the page then takes the delivery worker's Web Lock (the name is delivery.worker.ts's) before the
 * worker exists, so the worker's engine waits until `startDelivery()` releases it.
 */
let releaseDelivery: (() => void) | null = null;
if (window.outboxHoldDelivery) {
  await new Promise<void>((granted) => {
    void navigator.locks.request('kiosk-outbox-delivery', () => {
      granted();
      return new Promise<void>((release) => (releaseDelivery = release));
    });
  });
}

const link = new HostLink('kiosk-ui');
link.start();
const runtime = startOutbox(link);
const outbox = runtime.outbox;
const random = (n: number) => {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i += 65536) crypto.getRandomValues(out.subarray(i, Math.min(n, i + 65536)));
  return out;
};

async function sha256(bytes: Uint8Array): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes.slice().buffer));
  return Array.from(d, (b) => b.toString(16).padStart(2, '0')).join('');
}

async function connected(): Promise<{ terminalId: string }> {
  const client = await new Promise<RpcClient>((resolve) => {
    const off = link.onConnected((c) => {
      queueMicrotask(() => off());
      resolve(c);
    });
  });
  const status = await client.call('outbox.status', {});
  return { terminalId: status.terminalId ?? 'unknown' };
}

/** Enqueues one submission with `images` attachments of `imageBytes` random bytes; resolves when the citizen would be told "accepted". */
async function enqueueOne(terminalId: string, images: number, imageBytes: number): Promise<{ id: string; ms: number }> {
  const attachments = Array.from({ length: images }, () => ({ contentType: 'image/jpeg' as const, bytes: random(imageBytes) }));
  const hashes = await Promise.all(attachments.map((a) => sha256(a.bytes)));
  const started = performance.now();
  const localReference = await outbox.allocateLocalReference();
  const id = uuidv7(random);
  const body = submissionBody(terminalId, localReference, hashes);
  await outbox.enqueueSubmission({ submissionId: id, body, attachments, serviceName: '测试事项' });
  return { id, ms: performance.now() - started };
}

let looping = false;
declare global {
  interface Window {
    harness: unknown;
    outboxHoldDelivery?: boolean;
    reportAccepted?: (id: string) => Promise<void>;
  }
}

window.harness = {
  connected,
  enqueueOne,
  /** Enqueues `count` submissions without attachments, `parallel` at a time; resolves with their ids. */
  enqueueMany: async (terminalId: string, count: number, parallel: number) => {
    const ids: string[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(parallel, count) }, async () => {
        while (next < count) {
          next += 1;
          ids.push((await enqueueOne(terminalId, 0, 0)).id);
        }
      }),
    );
    return ids;
  },
  /** Lets the delivery worker's engine start (only with `outboxHoldDelivery`); false if it was not held. */
  startDelivery: () => {
    const release = releaseDelivery;
    releaseDelivery = null;
    release?.();
    return release !== null;
  },
  /** Enqueues continuously, reporting each accepted id to the test, until stopLoop(). Errors (the host was killed) are retried. */
  startLoop: async (images: number, imageBytes: number) => {
    // Set before any await: a stopLoop() that arrives while connecting must win.
    looping = true;
    const { terminalId } = await connected();
    while (looping) {
      try {
        const { id } = await enqueueOne(terminalId, images, imageBytes);
        await window.reportAccepted?.(id);
      } catch {
        await connected();
      }
    }
  },
  stopLoop: () => {
    looping = false;
  },
  summary: () => outbox.summary(),
  deliverNow: () => runtime.deliverNow(),
  states: async () => {
    const rows = await outbox.db.items.toArray();
    const counts: Record<string, number> = {};
    for (const r of rows) counts[`${r.state}/${r.retryKind ?? '-'}/${r.attempts}`] = (counts[`${r.state}/${r.retryKind ?? '-'}/${r.attempts}`] ?? 0) + 1;
    return counts;
  },
  lost: () => outbox.lost,
  /** What the page's storage holds for these ids (no ciphertext): for diagnosing a failed crash test. */
  describe: async (ids: string[]) => {
    const rows = await outbox.db.items.bulkGet(ids);
    return rows.map((r, i) => (r ? { id: r.id, state: r.state, attempts: r.attempts, retryKind: r.retryKind, receiptNo: r.receiptNo, deliveredAt: r.deliveredAt } : { id: ids[i], state: 'absent' }));
  },
  ids: async () => (await outbox.db.items.toCollection().primaryKeys()) as string[],
};
document.getElementById('status')!.textContent = 'outbox harness ready';
