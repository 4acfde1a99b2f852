/**
 * A technician's retry / set-aside on the page's outbox (fake-indexeddb): one transaction per
 * change; set-aside items are never delivered, purged or deleted, are counted apart from pending,
 * and the host's journal still treats them as held (and as lost if the storage loses them).
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { uuidv7 } from '../../../common/ids/uuid-v7';
import type { MethodName } from '../../../common/ipc/protocol';
import { OutboxDb, type OutboxRow } from '../../../renderer/src/outbox/outbox-db';
import { DexieIntakeOutbox } from '../../../renderer/src/outbox/dexie-outbox';
import { DeliveryEngine } from '../../../renderer/src/outbox/delivery-engine';
import type { HostCaller } from '../../../renderer/src/outbox/host-caller';
import { createMemoryOutbox } from '../../../renderer/src/outbox/memory-outbox';
import { OutboxHost } from '../../../host/outbox/outbox-host';
import type { PlatformClient } from '../../../host/platform/platform-client';
import type { TerminalService } from '../../../host/platform/terminal-service';
import type { Logger } from '../../../host/log';

const newId = () => uuidv7((n) => new Uint8Array(randomBytes(n)));
let dbSerial = 0;
let refSerial = 0;
const opened: OutboxDb[] = [];
const engines: DeliveryEngine[] = [];
afterEach(() => {
  for (const e of engines.splice(0)) e.stop();
  for (const db of opened.splice(0)) db.close();
});

function freshDb(): OutboxDb {
  dbSerial += 1;
  const db = new OutboxDb(`staff-actions-${dbSerial}-${newId()}`);
  opened.push(db);
  return db;
}

function row(id: string, state: OutboxRow['state'], createdAt: string, extra: Partial<OutboxRow> = {}): OutboxRow {
  return {
    id,
    kind: 'submission',
    state,
    createdAt,
    localReference: `L-0A1B-20261122-${String((refSerial += 1)).padStart(4, '0')}`,
    serviceName: null,
    hallId: null,
    sealedBody: new Uint8Array([1, 2, 3]).buffer,
    attachments: [],
    attempts: 4,
    nextAttemptAt: 0,
    retryKind: 'platform',
    lastStatus: 422,
    attention: state === 'needs-attention' ? { status: 422, code: 'validation-failed', title: 'The form is invalid' } : null,
    receiptNo: null,
    receivedAt: null,
    deliveredAt: null,
    purgeAfter: null,
    ...extra,
  };
}

/** A host that acknowledges every delivery and records what it was asked. */
function fakeHost(): HostCaller & { delivered: string[]; calls: MethodName[] } {
  const delivered: string[] = [];
  const calls: MethodName[] = [];
  return {
    delivered,
    calls,
    call: (async (method: MethodName, params: unknown) => {
      calls.push(method);
      if (method === 'outbox.deliver') {
        delivered.push((params as { itemId: string }).itemId);
        return { outcome: 'delivered', ack: { receiptNo: `R-${delivered.length}` } };
      }
      return {};
    }) as HostCaller['call'],
  };
}

/** Resolves once `check` holds, re-checked on each engine change (no sleeps). */
function engineWith(db: OutboxDb, host: HostCaller): { engine: DeliveryEngine; until(check: () => Promise<boolean>): Promise<void> } {
  const listeners = new Set<() => void>();
  const engine = new DeliveryEngine(db, host, { reportDepth: false, onChange: () => listeners.forEach((l) => l()) });
  engines.push(engine);
  return {
    engine,
    until: (check) =>
      new Promise<void>((resolve, reject) => {
        const probe = () =>
          void check().then((ok) => {
            if (ok) {
              listeners.delete(probe);
              resolve();
            }
          }, reject);
        listeners.add(probe);
        probe();
      }),
  };
}

describe('retry and set aside (the page outbox)', () => {
  it('sets a needs-attention item aside: kept, counted apart, never delivered or purged; retry delivers it', async () => {
    const db = freshDb();
    const aside = newId();
    const other = newId();
    const old = new Date(Date.now() - 3600_000).toISOString();
    await db.items.bulkAdd([row(aside, 'needs-attention', old), row(other, 'queued', new Date().toISOString(), { attempts: 0, retryKind: null, lastStatus: null })]);
    let kicks = 0;
    let changes = 0;
    const outbox = new DexieIntakeOutbox(db, { host: () => null, kick: () => (kicks += 1) });
    outbox.onChange(() => (changes += 1));

    expect(await outbox.attentionItems()).toMatchObject([{ id: aside, state: 'needs-attention', problem: { code: 'validation-failed' }, setAside: null }]);
    expect(await outbox.setAsideItem(aside, 'set aside by TH-T01')).toBe('done');
    expect(changes).toBe(1);
    expect(kicks).toBe(0);
    const stored = await db.items.get(aside);
    expect(stored).toMatchObject({ state: 'set-aside', attention: { code: 'validation-failed' }, setAside: { note: 'set aside by TH-T01' } });
    expect(stored?.sealedBody?.byteLength).toBe(3); // the ciphertext is kept
    expect(await outbox.needingAttention()).toEqual([]);
    expect(await outbox.attentionItems()).toMatchObject([{ id: aside, state: 'set-aside' }]);
    expect(await outbox.summary()).toMatchObject({ pending: 1, needsAttention: 0, setAside: 1 });
    // A citizen looking the reference up is told it needs staff attention (no other wording exists for them).
    expect(await outbox.lookup(stored!.localReference!)).toMatchObject({ state: 'needs-attention' });
    // Only from needs-attention; unknown ids change nothing.
    expect(await outbox.setAsideItem(aside, 'again')).toBe('wrong-state');
    expect(await outbox.setAsideItem(other, 'x')).toBe('wrong-state');
    expect(await outbox.setAsideItem(newId(), 'x')).toBe('not-found');

    // The engine delivers the queued item and never touches the set-aside one, even when told
    // everything is due now (reconnect); the purge leaves it too, even with a retention time past.
    const host = fakeHost();
    const { engine, until } = engineWith(db, host);
    await engine.start();
    await until(async () => (await db.items.get(other))?.state === 'delivered');
    // An item waiting for the network is made due only by the reconnect: its delivery proves that pass ran.
    const waiting = newId();
    await db.items.add(row(waiting, 'queued', new Date().toISOString(), { nextAttemptAt: Date.now() + 3600_000, retryKind: 'network', attention: null }));
    engine.kick('reconnect');
    await until(async () => (await db.items.get(waiting))?.state === 'delivered');
    await db.items.update(aside, { purgeAfter: 1, deliveredAt: '2000-01-01T00:00:00.000Z' });
    expect(await engine.purge()).toBe(0);
    expect(host.delivered).toEqual([other, waiting]);
    expect((await db.items.get(aside))?.state).toBe('set-aside');

    // Retry: set-aside → queued with attempts reset, due now, delivery nudged; then delivered.
    expect(await outbox.retryItem(aside)).toBe('done');
    expect(kicks).toBe(1);
    const retried = await db.items.get(aside);
    expect(retried).toMatchObject({ attention: null, setAside: null, retryKind: null, lastStatus: null });
    expect(['queued', 'delivering', 'delivered']).toContain(retried?.state);
    engine.kick('enqueued');
    await until(async () => (await db.items.get(aside))?.state === 'delivered');
    expect(host.delivered).toEqual([other, waiting, aside]);
    expect((await db.items.get(aside))?.attempts).toBe(1); // reset to 0, then one claim
    expect(await outbox.retryItem(aside)).toBe('wrong-state');
  });

  it('retries a needs-attention item directly, and leaves queued or missing ones alone', async () => {
    const db = freshDb();
    const id = newId();
    await db.items.add(row(id, 'needs-attention', new Date().toISOString(), { nextAttemptAt: Date.now() + 3600_000 }));
    const outbox = new DexieIntakeOutbox(db, { host: () => null });
    const before = Date.now();
    expect(await outbox.retryItem(id)).toBe('done');
    const r = await db.items.get(id);
    expect(r).toMatchObject({ state: 'queued', attempts: 0, attention: null });
    expect(r!.nextAttemptAt).toBeGreaterThanOrEqual(before);
    expect(r!.nextAttemptAt).toBeLessThanOrEqual(Date.now());
    expect(await outbox.retryItem(id)).toBe('wrong-state');
    expect(await outbox.retryItem(newId())).toBe('not-found');
  });

  it('is mirrored by the memory outbox used in UI tests', async () => {
    const outbox = createMemoryOutbox({ terminalCode: 'T001' });
    const ref = await outbox.allocateLocalReference();
    await outbox.enqueueSubmission({ submissionId: 's1', body: { localReference: ref }, attachments: [], serviceName: '事项' });
    outbox.failItem(ref, { status: 409, code: 'conflict', title: 'Conflict' });
    expect(await outbox.summary()).toMatchObject({ pending: 0, needsAttention: 1, setAside: 0 });
    expect(await outbox.setAsideItem('s1', 'n')).toBe('done');
    expect(await outbox.summary()).toMatchObject({ pending: 0, needsAttention: 0, setAside: 1 });
    expect(await outbox.attentionItems()).toMatchObject([{ id: 's1', state: 'set-aside', problem: { code: 'conflict' } }]);
    expect(await outbox.retryItem('s1')).toBe('done');
    expect(await outbox.summary()).toMatchObject({ pending: 1, setAside: 0 });
  });
});

describe('the host journal and set-aside items', () => {
  it('treats an item the page holds (set aside) as held, and reports it lost if the storage lost it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'outbox-setaside-'));
    const quiet: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
    const faults: unknown[] = [];
    const host = await OutboxHost.open({
      dataDir: dir,
      platform: {} as PlatformClient,
      terminal: { current: { enrollment: null, config: null }, onChange: () => () => undefined } as unknown as TerminalService,
      log: quiet,
      env: {},
      emitFault: (f) => faults.push(f),
    });
    try {
      const id = newId();
      await host.ledger.keyFor(id, 'submission', 'L-0A1B-20261122-0001');
      await host.confirm([id]);
      await host.ledger.write({ t: 'attention', id, code: 'validation-failed' });
      // The page holds it (needs-attention or set aside, the journal does not care): nothing lost, key kept.
      expect((await host.reconcile([id])).lost).toEqual([]);
      expect(host.ledger.key(id)).not.toBeNull();
      expect(faults).toEqual([]);
      // The page's storage no longer has it: an undelivered item is lost, and said so.
      const { lost } = await host.reconcile([]);
      expect(lost).toMatchObject([{ itemId: id, localReference: 'L-0A1B-20261122-0001' }]);
      expect(faults).toHaveLength(1);
    } finally {
      await host.close();
    }
  });
});
