import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ManagedDevice, DeviceUnavailableError } from '../../../../drivers/device/managed-device';
import type { DeviceHealth, DriverSession } from '../../../../drivers/device/managed-device';
import { createMemoryTransportPair } from '../../../../drivers/transport/byte-transport';
import type { ByteTransport } from '../../../../drivers/transport/byte-transport';
import type { DeviceStatus } from '../../../../common/devices/status';

/** A device that can be plugged in and pulled out; each open gives a fresh memory transport. */
class FakePort {
  present = true;
  opens = 0;
  current: ByteTransport | undefined;
  open = async (): Promise<ByteTransport> => {
    if (!this.present) throw new Error('ENOENT: no such file /dev/ttyFAKE');
    this.opens += 1;
    const [a] = createMemoryTransportPair(['fake-a', 'fake-b']);
    await a.open();
    this.current = a;
    return a;
  };
  unplug(): void {
    this.present = false;
    (this.current as unknown as { disconnect(): void } | undefined)?.disconnect();
  }
}

function setup(options: { health?: () => Promise<DeviceHealth>; port?: FakePort; healthIntervalMs?: number } = {}) {
  const port = options.port ?? new FakePort();
  const disposed: number[] = [];
  const seen: DeviceStatus[] = [];
  const device = new ManagedDevice<DriverSession & { id: number }>({
    role: 'receipt-printer',
    model: 'test printer',
    connectionLabel: 'serial:/dev/ttyFAKE?baud=115200',
    simulated: false,
    openTransport: port.open,
    attach: () => {
      const id = port.opens;
      const session: DriverSession & { id: number } = { id, dispose: () => void disposed.push(id) };
      if (options.health) session.health = options.health;
      return session;
    },
    retryIntervalMs: 500,
    healthIntervalMs: options.healthIntervalMs ?? 2000,
  });
  device.onStatus((s) => seen.push(s));
  return { port, device, seen, disposed };
}

const states = (seen: DeviceStatus[]) => seen.map((s) => (s.fault ? `${s.state}:${s.fault.code}` : s.state));

describe('ManagedDevice lifecycle', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('opens and reports ready once', async () => {
    const { device, seen } = setup();
    await device.start();
    expect(device.status()).toMatchObject({ role: 'receipt-printer', state: 'ready', warnings: [], connection: 'serial:/dev/ttyFAKE?baud=115200', simulated: false });
    expect(device.status().fault).toBeUndefined();
    expect(states(seen)).toEqual(['ready']);
    await device.close();
  });

  it('reports port-unavailable (technician) when the port cannot be opened at start, and opens it when it appears', async () => {
    const port = new FakePort();
    port.present = false;
    const { device, seen } = setup({ port });
    await device.start();
    expect(device.status().state).toBe('fault');
    expect(device.status().fault).toMatchObject({ code: 'port-unavailable', actor: 'technician' });
    // Retrying does not repeat the same condition.
    await vi.advanceTimersByTimeAsync(2000);
    expect(states(seen)).toEqual(['fault:port-unavailable']);
    port.present = true;
    await vi.advanceTimersByTimeAsync(500);
    expect(device.status().state).toBe('ready');
    expect(states(seen)).toEqual(['fault:port-unavailable', 'ready']);
    await device.close();
  });

  it('goes offline with device-missing when unplugged and is ready again within 2 s of reappearing', async () => {
    const { device, seen, port, disposed } = setup();
    await device.start();
    port.unplug();
    expect(device.status()).toMatchObject({ state: 'offline', fault: { code: 'device-missing', actor: 'technician' } });
    await vi.advanceTimersByTimeAsync(5000);
    expect(device.status().state).toBe('offline');
    expect(disposed).toEqual([1]);
    port.present = true;
    await vi.advanceTimersByTimeAsync(2000);
    expect(device.status().state).toBe('ready');
    expect(states(seen)).toEqual(['ready', 'offline:device-missing', 'ready']);
    expect(port.opens).toBe(2);
    await device.close();
  });

  it('reconnects within 2 s, measured with the default retry interval', async () => {
    const { device, port } = setup();
    await device.start();
    port.unplug();
    await vi.advanceTimersByTimeAsync(1234);
    port.present = true;
    const reappeared = Date.now();
    await vi.waitUntil(() => device.status().state === 'ready', { timeout: 2000, interval: 10 });
    expect(Date.now() - reappeared).toBeLessThanOrEqual(600);
    await device.close();
  });

  it('reflects health faults and warnings, and reports only changes', async () => {
    let health: DeviceHealth = {};
    const { device, seen } = setup({ health: async () => health });
    await device.start();
    expect(device.status().state).toBe('ready');
    health = { warnings: ['paper-near-end'] };
    await vi.advanceTimersByTimeAsync(2000);
    expect(device.status()).toMatchObject({ state: 'ready', warnings: ['paper-near-end'] });
    health = { fault: 'paper-out' };
    await vi.advanceTimersByTimeAsync(2000);
    expect(device.status()).toMatchObject({ state: 'fault', fault: { code: 'paper-out', actor: 'staff' } });
    await vi.advanceTimersByTimeAsync(6000);
    health = {};
    await vi.advanceTimersByTimeAsync(2000);
    expect(states(seen)).toEqual(['ready', 'ready', 'fault:paper-out', 'ready']);
    expect(seen[1]!.warnings).toEqual(['paper-near-end']);
    await device.close();
  });

  it('a health check that rejects means not-responding', async () => {
    const { device } = setup({ health: () => Promise.reject(new Error('no status reply')) });
    await device.start();
    expect(device.status().fault).toMatchObject({ code: 'not-responding', actor: 'technician', detail: 'no status reply' });
    await device.close();
  });

  it('is busy during a job, runs jobs one at a time, and checks health afterwards', async () => {
    let checks = 0;
    const { device, seen } = setup({ health: async () => (checks++, {}) });
    await device.start();
    const order: string[] = [];
    let release!: () => void;
    const first = device.run(async () => {
      order.push('first-start');
      expect(device.status().state).toBe('busy');
      await new Promise<void>((r) => (release = r));
      order.push('first-end');
      return 1;
    });
    const second = device.run(async () => {
      order.push('second');
      return 2;
    });
    await vi.advanceTimersByTimeAsync(0);
    release();
    await expect(first).resolves.toBe(1);
    await expect(second).resolves.toBe(2);
    expect(order).toEqual(['first-start', 'first-end', 'second']);
    expect(device.status().state).toBe('ready');
    expect(checks).toBeGreaterThanOrEqual(3);
    expect(states(seen)).toEqual(['ready', 'busy', 'ready', 'busy', 'ready']);
    await device.close();
  });

  it('refuses jobs while offline', async () => {
    const { device, port } = setup();
    await device.start();
    port.unplug();
    await expect(device.run(async () => 1)).rejects.toBeInstanceOf(DeviceUnavailableError);
    await device.close();
  });

  it('lets the driver push a condition it noticed (e.g. SAM fault)', async () => {
    let report!: (h: DeviceHealth) => void;
    const port = new FakePort();
    const device = new ManagedDevice({
      role: 'idcard-reader',
      model: 'reader',
      connectionLabel: 'simulator',
      simulated: true,
      openTransport: port.open,
      attach: (_t, context) => {
        report = context.report;
        return { dispose() {} };
      },
    });
    await device.start();
    report({ fault: 'sam-fault', detail: 'SW3=60' });
    expect(device.status()).toMatchObject({ state: 'fault', fault: { code: 'sam-fault', actor: 'technician', detail: 'SW3=60' }, simulated: true });
    report({});
    expect(device.status().state).toBe('ready');
    await device.close();
  });

  it('stops retrying after close', async () => {
    const { device, port } = setup();
    await device.start();
    port.unplug();
    await device.close();
    port.present = true;
    await vi.advanceTimersByTimeAsync(5000);
    expect(port.opens).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
  });
});
