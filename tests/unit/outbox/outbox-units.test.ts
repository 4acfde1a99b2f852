import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync, chmodSync, readFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uuidv7, isUuid } from '../../../common/ids/uuid-v7';
import { base64ToBytes, bytesToBase64 } from '../../../common/ids/base64';
import { retryDelayMs } from '../../../common/outbox/backoff';
import { parseRetryAfter } from '../../../host/outbox/deliverer';
import { checkSafeStorageBackend, KeyStoreRefusedError, loadMasterKey } from '../../../host/outbox/master-key';
import { Ledger } from '../../../host/outbox/ledger';
import { seal, open } from '../../../host/outbox/item-crypto';
import { floorBytes } from '../../../host/outbox/disk';
import { createMemoryOutbox } from '../../../renderer/src/outbox/memory-outbox';

const rnd = (n: number) => new Uint8Array(randomBytes(n));

describe('ids and encoding', () => {
  it('makes version-7 UUIDs ordered by time', () => {
    const a = uuidv7(rnd, 1_700_000_000_000);
    const b = uuidv7(rnd, 1_700_000_000_001);
    expect(isUuid(a)).toBe(true);
    expect(a[14]).toBe('7');
    expect(['8', '9', 'a', 'b']).toContain(a[19]);
    expect(a < b).toBe(true);
  });
  it('round-trips base64 like Node does', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const text = bytesToBase64(bytes);
        expect(text).toBe(Buffer.from(bytes).toString('base64'));
        expect(Buffer.from(base64ToBytes(text))).toEqual(Buffer.from(bytes));
      }),
    );
  });
});

describe('backoff', () => {
  it('uses full jitter under an exponential ceiling, capped, never below Retry-After', () => {
    const policy = { baseMs: 1000, capMs: 600_000 };
    expect(retryDelayMs(1, policy, () => 0.999)).toBeLessThan(1000);
    expect(retryDelayMs(4, policy, () => 0.999)).toBeLessThan(8000);
    expect(retryDelayMs(4, policy, () => 0.999)).toBeGreaterThan(7000);
    expect(retryDelayMs(40, policy, () => 0.999)).toBeLessThanOrEqual(600_000);
    expect(retryDelayMs(1, policy, () => 0, 5000)).toBe(5000);
  });
  it('reads Retry-After in seconds or as a date', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    const now = Date.parse('2026-11-20T02:00:00Z');
    expect(parseRetryAfter('Fri, 20 Nov 2026 02:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('soon')).toBeNull();
  });
});

describe('key store', () => {
  it('refuses Electron safeStorage backends that fall back to a fixed password', () => {
    expect(() => checkSafeStorageBackend('basic_text')).toThrow(KeyStoreRefusedError);
    expect(() => checkSafeStorageBackend('basic_text')).toThrow(/fixed, publicly known password/);
    expect(() => checkSafeStorageBackend('gnome_libsecret')).not.toThrow();
  });
  it('refuses a master key file other users can read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mk-'));
    const path = join(dir, 'master.key');
    writeFileSync(path, randomBytes(32));
    chmodSync(path, 0o644);
    expect(() => loadMasterKey(path)).toThrow(/readable by other users/);
    chmodSync(path, 0o600);
    expect(loadMasterKey(path).key.length).toBe(32);
  });
  it('binds a sealed value to its item', () => {
    const key = randomBytes(32);
    const sealed = seal(key, 'item-1', Buffer.from('湛江'));
    expect(open(key, 'item-1', sealed).toString()).toBe('湛江');
    expect(() => open(key, 'item-2', sealed)).toThrow();
  });
});

describe('journal', () => {
  it('survives a torn last line and replays states; shredded keys are gone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-'));
    const path = join(dir, 'journal.jsonl');
    const master = randomBytes(32);
    const ledger = await Ledger.open(path, master);
    const key = await ledger.keyFor('a', 'submission', 'L-0000-20261120-0001');
    await ledger.write({ t: 'confirm', id: 'a' });
    await ledger.keyFor('b', 'rating', null);
    await ledger.write({ t: 'delivered', id: 'b', ack: {} }, { t: 'shred', id: 'b' });
    await ledger.close();
    appendFileSync(path, '{"t":"confirm","id":"b'); // a power cut mid-write
    const again = await Ledger.open(path, master);
    expect(again.get('a')?.state).toBe('queued');
    expect(again.key('a')).toEqual(key);
    expect(again.get('b')?.state).toBe('delivered');
    expect(again.key('b')).toBeNull();
    expect(readFileSync(path, 'utf8')).not.toContain(key.toString('base64'));
    // The torn line is cut off, so what is appended next is read back whole (not glued to it).
    const keyC = await again.keyFor('c', 'ticket', null);
    await again.close();
    const third = await Ledger.open(path, master);
    expect(third.get('c')?.state).toBe('sealed');
    expect(third.key('c')).toEqual(keyC);
    await third.close();
  });
  it('compacts when dead lines outnumber live items, keeping live keys', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-'));
    const path = join(dir, 'journal.jsonl');
    const master = randomBytes(32);
    const ledger = await Ledger.open(path, master);
    const kept = await ledger.keyFor('keep', 'submission', null);
    for (let i = 0; i < 1100; i += 1) {
      await ledger.keyFor(`x${i}`, 'rating', null);
      await ledger.write({ t: 'shred', id: `x${i}` }, { t: 'forget', id: `x${i}` });
    }
    await ledger.keyFor('tail', 'rating', null);
    await ledger.close();
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    expect(lines.length).toBeLessThan(2000); // 3,300 lines were written: at least one compaction ran
    const again = await Ledger.open(path, master);
    expect(again.key('keep')).toEqual(kept);
    expect(again.get('x5')).toBeUndefined();
    await again.close();
  });
});

describe('disk floor', () => {
  it('is the larger of the absolute floor and the share of the volume', () => {
    expect(floorBytes({ minFreeBytes: 2 * 1024 ** 3, minFreePercent: 10 }, { freeBytes: 0, totalBytes: 64 * 1024 ** 3 })).toBe(Math.ceil(6.4 * 1024 ** 3));
    expect(floorBytes({ minFreeBytes: 2 * 1024 ** 3, minFreePercent: 10 }, { freeBytes: 0, totalBytes: 8 * 1024 ** 3 })).toBe(2 * 1024 ** 3);
  });
});

describe('memory outbox (for UI tests)', () => {
  it('accepts, looks up and shows receipts', async () => {
    const outbox = createMemoryOutbox({ terminalCode: 'T001' });
    const ref = await outbox.allocateLocalReference();
    let changes = 0;
    outbox.onChange(() => (changes += 1));
    await outbox.enqueueSubmission({ submissionId: 's1', body: { localReference: ref }, attachments: [], serviceName: '事项' });
    expect((await outbox.summary()).pending).toBe(1);
    outbox.deliver(ref, 'R-1');
    expect(await outbox.lookup('R-1')).toMatchObject({ localReference: ref, state: 'delivered', receiptNo: 'R-1' });
    expect(changes).toBe(2);
    outbox.refuse({ ok: false, reason: 'disk-low', message: 'low' });
    expect(await outbox.canAcceptIntake()).toMatchObject({ reason: 'disk-low' });
  });
});
