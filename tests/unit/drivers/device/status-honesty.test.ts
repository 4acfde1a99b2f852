/**
 * The status a UI shows must be honest and calm:
 * - before the first open attempt has ended a device is `offline` with no fault (nobody must act),
 *   never `device-missing` ("technician needed");
 * - the ID card reader is `busy` while it reads a presented card, and ready again afterwards;
 * - a driver's own busy marker (DeviceContext.busy) is counted with jobs and released once.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ManagedDevice } from '../../../../drivers/device/managed-device';
import type { DeviceContext, DriverSession } from '../../../../drivers/device/managed-device';
import { createMemoryTransportPair } from '../../../../drivers/transport/byte-transport';
import type { ByteTransport } from '../../../../drivers/transport/byte-transport';
import { createDeviceSet } from '../../../../drivers/node/device-set';
import type { DeviceConnections, DeviceSet } from '../../../../drivers/node/device-set';
import { CardPoller, DEMO_CARDS, SamReader, SamSimulator } from '../../../../drivers/idcard/index';
import type { DeviceStatus } from '../../../../common/devices/status';

const states = (seen: DeviceStatus[]) => seen.map((s) => (s.fault ? `${s.state}:${s.fault.code}` : s.state));

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('initial status', () => {
  it('is offline with no fault until the first open attempt has ended, then ready', async () => {
    const gate = deferred<ByteTransport>();
    const device = new ManagedDevice({
      role: 'idcard-reader',
      model: 'test',
      connectionLabel: 'serial:/dev/ttyFAKE',
      simulated: false,
      openTransport: () => gate.promise,
      attach: () => ({ dispose: () => undefined }),
      healthIntervalMs: 0,
    });
    const seen: DeviceStatus[] = [];
    device.onStatus((s) => seen.push(s));
    expect(device.status().state).toBe('offline');
    expect(device.status().fault).toBeUndefined();
    const started = device.start();
    // Opening is under way: still calm.
    expect(device.status()).toMatchObject({ state: 'offline', warnings: [] });
    expect(device.status().fault).toBeUndefined();
    const [a] = createMemoryTransportPair();
    await a.open();
    gate.resolve(a);
    await started;
    expect(states(seen)).toEqual(['ready']);
    await device.close();
  });

  it('asks a technician only once the first open attempt has failed', async () => {
    const gate = deferred<ByteTransport>();
    const device = new ManagedDevice({
      role: 'receipt-printer',
      model: 'test',
      connectionLabel: 'serial:/dev/ttyNOPE',
      simulated: false,
      openTransport: () => gate.promise,
      attach: () => ({ dispose: () => undefined }),
      retryIntervalMs: 60_000,
    });
    const started = device.start();
    expect(device.status().fault).toBeUndefined();
    gate.reject(new Error('ENOENT'));
    await started;
    expect(device.status()).toMatchObject({ state: 'fault', fault: { code: 'port-unavailable', actor: 'technician' } });
    await device.close();
  });

  it('createDeviceSet: no managed role shows a fault before its first open attempt ends', async () => {
    const connections: DeviceConnections = {
      'idcard-reader': { kind: 'simulator' },
      'qr-scanner': { kind: 'simulator' },
      'receipt-printer': { kind: 'simulator' },
      'ticket-printer': { kind: 'serial', path: '/nonexistent/ttyKIOSK-TEST', baudRate: 115200 },
    };
    const set = createDeviceSet(connections, { retryIntervalMs: 60_000 });
    try {
      // Synchronously after creation: every managed role is offline, and none asks anybody to act.
      for (const status of set.statuses()) {
        expect(status.state).toBe('offline');
        expect(status.fault).toBeUndefined();
      }
      await set.started();
      const byRole = new Map(set.statuses().map((s) => [s.role, s]));
      expect(byRole.get('ticket-printer')).toMatchObject({ state: 'fault', fault: { code: 'port-unavailable' } });
      await vi.waitUntil(() => byRole.get('receipt-printer') !== undefined && set.statuses().filter((s) => s.simulated).every((s) => s.state === 'ready'), { timeout: 3000, interval: 10 });
    } finally {
      await set.close();
    }
  });
});

describe('busy while the driver works by itself', () => {
  it('DeviceContext.busy() marks busy until released; a second release does nothing', async () => {
    let context!: DeviceContext;
    const device = new ManagedDevice<DriverSession>({
      role: 'idcard-reader',
      model: 'test',
      connectionLabel: 'memory',
      simulated: true,
      openTransport: async () => {
        const [a] = createMemoryTransportPair();
        await a.open();
        return a;
      },
      attach: (_transport, ctx) => {
        context = ctx;
        return { dispose: () => undefined };
      },
      healthIntervalMs: 0,
    });
    const seen: DeviceStatus[] = [];
    device.onStatus((s) => seen.push(s));
    await device.start();
    const release = context.busy();
    expect(device.status().state).toBe('busy');
    const second = context.busy();
    release();
    release();
    expect(device.status().state).toBe('busy');
    second();
    expect(device.status().state).toBe('ready');
    expect(states(seen)).toEqual(['ready', 'busy', 'ready']);
    await device.close();
  });

  it('CardPoller tells when it starts and ends reading a card, also when the read fails', async () => {
    const [driverEnd, deviceEnd] = createMemoryTransportPair();
    await driverEnd.open();
    await deviceEnd.open();
    const simulator = new SamSimulator();
    const detach = simulator.attach(deviceEnd);
    const reader = new SamReader(driverEnd, { commandTimeoutMs: { find: 200, select: 200, read: 200 } });
    const poller = new CardPoller(reader, { pollIntervalMs: 5, samCheckIntervalMs: 0 });
    const events: string[] = [];
    poller.onReading((reading) => events.push(reading ? 'reading' : 'done'));
    poller.onCard(() => events.push('card'));
    poller.onRemoved(() => events.push('removed'));
    poller.onError((error) => events.push(`error:${error.code}`));
    poller.start();
    try {
      simulator.placeCard(DEMO_CARDS[0]!);
      await vi.waitUntil(() => events.includes('card'), { timeout: 3000, interval: 5 });
      expect(events).toEqual(['reading', 'done', 'card']);
      simulator.removeCard();
      await vi.waitUntil(() => events.includes('removed'), { timeout: 3000, interval: 5 });
      // A card that cannot be read: the busy marker still ends.
      simulator.setFault('no-sam');
      simulator.placeCard(DEMO_CARDS[1]!);
      await vi.waitUntil(() => events.some((e) => e.startsWith('error:')), { timeout: 3000, interval: 5 });
      expect(events.slice(4)).toEqual(['reading', 'error:sam-fault', 'done']);
    } finally {
      poller.stop();
      reader.dispose();
      detach();
    }
  });

  describe('createDeviceSet: the ID card reader', () => {
    let set: DeviceSet | undefined;
    afterEach(async () => {
      await set?.close();
      set = undefined;
    });

    it('is busy while a presented card is read and ready again afterwards', async () => {
      set = createDeviceSet(
        { 'idcard-reader': { kind: 'simulator' }, 'qr-scanner': { kind: 'none' }, 'receipt-printer': { kind: 'none' }, 'ticket-printer': { kind: 'none' } },
        { cardPollMs: 10, samCheckMs: 60_000 },
      );
      const seen: DeviceStatus[] = [];
      set.onStatus((s) => {
        if (s.role === 'idcard-reader') seen.push(s);
      });
      await set.started();
      const simulator = set.simulators.idcard!;
      // Slow answers, so the read visibly takes time (as ~120 ms at 115200 baud would).
      simulator.setFault({ kind: 'slow', delayMs: 20 });
      let cardSeenWhile: string | undefined;
      set.onCard(() => (cardSeenWhile = set!.statuses()[0]!.state));
      simulator.placeCard(DEMO_CARDS[0]!);
      await vi.waitUntil(() => cardSeenWhile !== undefined, { timeout: 3000, interval: 5 });
      expect(states(seen)).toEqual(['ready', 'busy', 'ready']);
      // The card is announced once the reader is ready again.
      expect(cardSeenWhile).toBe('ready');
    });
  });
});
