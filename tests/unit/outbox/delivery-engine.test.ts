/**
 * The delivery engine's flow control, on fake-indexeddb with a scripted host: how many items are
 * in flight, how many upload attachments at once, and that a slow item holds back no other.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { uuidv7 } from '../../../common/ids/uuid-v7';
import type { DeliverParams, DeliveryOutcome } from '../../../common/ipc/methods/outbox';
import { OutboxDb, type OutboxRow } from '../../../renderer/src/outbox/outbox-db';
import { DeliveryEngine } from '../../../renderer/src/outbox/delivery-engine';
import type { HostCaller } from '../../../renderer/src/outbox/host-caller';

const newId = () => uuidv7((n) => new Uint8Array(randomBytes(n)));
const opened: OutboxDb[] = [];
const engines: DeliveryEngine[] = [];
afterEach(() => {
  for (const e of engines.splice(0)) e.stop();
  for (const db of opened.splice(0)) db.close();
});

function queuedRow(attachments: number): OutboxRow {
  const id = newId();
  return {
    id,
    kind: 'submission',
    state: 'queued',
    createdAt: new Date().toISOString(),
    localReference: null,
    serviceName: null,
    hallId: null,
    sealedBody: new Uint8Array([1, 2, 3]).buffer,
    attachments: Array.from({ length: attachments }, (_, i) => ({ sha256: `${String(i).padStart(2, '0')}${id.replace(/-/g, '')}`.padEnd(64, 'a').slice(0, 64), contentType: 'image/jpeg' as const, size: 3, uploaded: false })),
    attempts: 0,
    nextAttemptAt: 0,
    retryKind: null,
    lastStatus: null,
    attention: null,
    receiptNo: null,
    receivedAt: null,
    deliveredAt: null,
    purgeAfter: null,
  };
}

/** A host whose answers the test releases, recording what is in progress at each moment. */
function scriptedHost() {
  const waiting: { params: DeliverParams; answer(outcome: DeliveryOutcome): void }[] = [];
  let arrived: (() => void) | null = null;
  const host: HostCaller = {
    call: ((method: string, params: unknown) => {
      if (method !== 'outbox.deliver') return Promise.resolve({});
      return new Promise((resolve) => {
        waiting.push({ params: params as DeliverParams, answer: resolve as (outcome: DeliveryOutcome) => void });
        arrived?.();
      });
    }) as HostCaller['call'],
  };
  return {
    host,
    waiting,
    /** Resolves once `count` calls are waiting (driven by the calls, not by time). */
    until: (count: number) =>
      new Promise<void>((resolve) => {
        const check = () => {
          if (waiting.length >= count) {
            arrived = null;
            resolve();
          } else arrived = check;
        };
        check();
      }),
  };
}

/** Stores the rows due in the order given (the engine claims the longest-due first). */
async function seeded(rows: OutboxRow[]): Promise<OutboxDb> {
  const db = new OutboxDb(`engine-${newId()}`);
  opened.push(db);
  await db.items.bulkAdd(rows.map((r, i) => ({ ...r, nextAttemptAt: i })));
  await db.blobs.bulkAdd(rows.flatMap((r) => r.attachments.map((a) => ({ itemId: r.id, sha256: a.sha256, sealed: new Uint8Array([9]).buffer }))));
  return db;
}

describe('delivery engine flow control', () => {
  it('keeps `concurrency` items in flight, of which at most `attachmentConcurrency` upload attachments', async () => {
    const withAttachments = Array.from({ length: 6 }, () => queuedRow(2));
    const bodiesOnly = Array.from({ length: 10 }, () => queuedRow(0));
    const db = await seeded([...withAttachments, ...bodiesOnly]);
    const script = scriptedHost();
    const engine = new DeliveryEngine(db, script.host, { concurrency: 12, attachmentConcurrency: 2, reportDepth: false });
    engines.push(engine);
    await engine.start();
    // 12 claimed, longest-due first: the 6 items with attachments share 2 upload permits, and 6 bodies go at once.
    await script.until(2 + 6);
    // Let any further blob reads of the waiting items finish: no third upload may start.
    for (let i = 0; i < 5; i += 1) await db.blobs.count();
    expect(engine.inFlight).toBe(12);
    const uploading = new Set(script.waiting.filter((w) => w.params.op === 'attachment').map((w) => w.params.itemId));
    expect(uploading.size).toBe(2);
    expect(script.waiting.filter((w) => w.params.op === 'submission')).toHaveLength(6);
  });

  it('settles each item as it is answered: a slow item holds back no other', async () => {
    const rows = Array.from({ length: 5 }, () => queuedRow(0));
    const db = await seeded(rows);
    const script = scriptedHost();
    const engine = new DeliveryEngine(db, script.host, { concurrency: 5, reportDepth: false });
    engines.push(engine);
    const delivered = new Promise<void>((resolve) => {
      const check = () => void db.items.where('state').equals('delivered').count().then((n) => (n === 4 ? resolve() : undefined));
      (engine as unknown as { options: { onChange?: () => void } }).options.onChange = check;
    });
    await engine.start();
    await script.until(5);
    const [slow, ...others] = script.waiting.splice(0);
    for (const call of others) call.answer({ outcome: 'delivered', ack: { receiptNo: 'R1' } });
    await delivered;
    expect((await db.items.get(slow!.params.itemId))?.state).toBe('delivering');
    slow!.answer({ outcome: 'retry', kind: 'network', status: null, retryAfterMs: null });
  });

  it('keeps receipts for the configured window, counted from delivery, and applies a new window to old receipts too', async () => {
    const rows = Array.from({ length: 3 }, () => queuedRow(0));
    const db = await seeded(rows);
    const forgotten: string[] = [];
    let clock = Date.parse('2026-11-22T08:00:00Z');
    const host: HostCaller = {
      call: ((method: string, params: unknown) => {
        if (method === 'outbox.deliver') return Promise.resolve({ outcome: 'delivered', ack: { receiptNo: 'R' } });
        if (method === 'outbox.forget') forgotten.push(...(params as { itemIds: string[] }).itemIds);
        return Promise.resolve({});
      }) as HostCaller['call'],
    };
    let settledAll!: () => void;
    const allDelivered = new Promise<void>((resolve) => (settledAll = resolve));
    const engine = new DeliveryEngine(db, host, {
      now: () => clock,
      reportDepth: false,
      onChange: () => void db.items.where('state').equals('delivered').count().then((n) => (n === 3 ? settledAll() : undefined)),
    });
    engines.push(engine);
    await engine.start();
    await allDelivered;
    clock += 23 * 3600_000;
    expect(await engine.purge()).toBe(0); // the default window is 24 hours
    clock += 2 * 3600_000;
    expect(await engine.purge()).toBe(3);
    expect(forgotten.sort()).toEqual(rows.map((r) => r.id).sort());
    expect(await db.items.count()).toBe(0);

    // A shorter window set later applies to receipts delivered before it was set.
    const more = queuedRow(0);
    await db.items.add({ ...more, state: 'delivered', sealedBody: null, deliveredAt: new Date(clock - 2 * 3600_000).toISOString() });
    engine.setRetention(3600_000);
    await engine.purge();
    expect(await db.items.get(more.id)).toBeUndefined();
    expect(forgotten).toContain(more.id);
  });
});
