/**
 * Node transports that need no hardware to test: HID (node-hid mocked), USB printer class device
 * (a regular file stands in), TCP (loopback), and the device list's role guesses.
 */
import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

class FakeHid extends EventEmitter {
  features: number[][] = [];
  closed = false;
  async sendFeatureReport(data: number[] | Buffer): Promise<number> {
    this.features.push([...data]);
    return data.length;
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}

const hid = vi.hoisted(() => ({
  present: true,
  opened: [] as unknown[],
  last: undefined as unknown,
}));

vi.mock('node-hid', () => ({
  devicesAsync: async (vendorId?: number, productId?: number) =>
    hid.present
      ? [
          { vendorId: 0x0c2e, productId: 0x0b61, path: '/dev/hidraw-kbd', usagePage: 0x01, usage: 0x06, interface: 0, release: 1 },
          { vendorId: 0x0c2e, productId: 0x0b61, path: '/dev/hidraw-pos', usagePage: 0x8c, usage: 0x02, interface: 1, release: 1 },
        ].filter((d) => vendorId === undefined || (d.vendorId === vendorId && d.productId === productId))
      : [],
  HIDAsync: {
    open: async (path: string) => {
      const device = new FakeHid();
      hid.opened.push(path);
      hid.last = device;
      return device;
    },
  },
}));

const { openHidReportSource } = await import('../../../../drivers/node/transports/hid-transport');
const { UsbLpTransport } = await import('../../../../drivers/node/transports/usblp-transport');
const { TcpTransport } = await import('../../../../drivers/node/transports/tcp-transport');
const { createTransport } = await import('../../../../drivers/node/transports/index');
const { guessHidRole, guessSerialRole, serialEntry, hidEntry } = await import('../../../../drivers/node/cli/list');
const { createDeviceSet } = await import('../../../../drivers/node/device-set');

/** A HID-POS scanned-data report (with report ID), as a Honeywell scanner sends it. */
function posReport(text: string): Buffer {
  const data = Buffer.from(text, 'utf8');
  const report = Buffer.alloc(64);
  report[0] = 0x02;
  report[1] = data.length;
  report.write(']Q1', 2, 'latin1');
  data.copy(report, 5);
  return report;
}

describe('HID report source (node-hid mocked)', () => {
  it('opens the HID-POS interface and sends FE 01 to Honeywell scanners', async () => {
    const source = await openHidReportSource(0x0c2e, 0x0b61);
    expect(hid.opened.at(-1)).toBe('/dev/hidraw-pos');
    const device = hid.last as FakeHid;
    expect(device.features).toEqual([[0xfe, 0x01]]);
    const reports: number[][] = [];
    source.onReport((r) => reports.push([...r.slice(0, 3)]));
    device.emit('data', Buffer.from([2, 1, 0x41]));
    expect(reports).toEqual([[2, 1, 0x41]]);
    const reasons: string[] = [];
    source.onClose((r) => reasons.push(r));
    device.emit('error', new Error('could not read from HID device'));
    await vi.waitUntil(() => reasons.length === 1);
    expect(reasons).toEqual(['disconnected']);
    expect(device.closed).toBe(true);
    expect(source.isOpen).toBe(false);
  });

  it('rejects with unavailable when the device is not connected', async () => {
    hid.present = false;
    await expect(openHidReportSource(0x0c2e, 0x0b61)).rejects.toMatchObject({ code: 'unavailable' });
    hid.present = true;
  });

  it('a HID scanner in the device set delivers scans and reconnects', async () => {
    const set = createDeviceSet(
      { 'idcard-reader': { kind: 'none' }, 'qr-scanner': { kind: 'hid', vendorId: 0x0c2e, productId: 0x0b61 }, 'receipt-printer': { kind: 'none' }, 'ticket-printer': { kind: 'none' } },
      { retryIntervalMs: 50 },
    );
    try {
      await set.started();
      const status = () => set.statuses().find((s) => s.role === 'qr-scanner')!;
      expect(status()).toMatchObject({ state: 'ready', connection: 'hid:0c2e:0b61', model: 'HID-POS scanner' });
      const scans: unknown[] = [];
      set.onScan((s) => scans.push(s));
      (hid.last as FakeHid).emit('data', posReport('BMK:R:TEST123'));
      await vi.waitUntil(() => scans.length === 1);
      expect(scans[0]).toMatchObject({ text: 'BMK:R:TEST123', source: 'hid', encoding: 'utf-8' });
      hid.present = false;
      (hid.last as FakeHid).emit('error', new Error('unplugged'));
      await vi.waitUntil(() => status().state === 'offline');
      expect(status().fault?.code).toBe('device-missing');
      hid.present = true;
      await vi.waitUntil(() => status().state === 'ready', { timeout: 2000 });
    } finally {
      await set.close();
    }
  });
});

describe('UsbLpTransport', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-usblp-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes all bytes to the device file and closes', async () => {
    const path = join(dir, 'lp0');
    writeFileSync(path, '');
    const transport = createTransport({ kind: 'usblp', path });
    expect(transport).toBeInstanceOf(UsbLpTransport);
    expect(transport.description).toBe(`usblp:${path}`);
    await transport.open();
    expect(transport.isOpen).toBe(true);
    await transport.write(Uint8Array.of(0x1b, 0x40, 0x41, 0x0a));
    const reasons: string[] = [];
    transport.onClose((r) => reasons.push(r));
    await transport.close();
    expect(reasons).toEqual(['closed-by-us']);
    expect([...readFileSync(path)]).toEqual([0x1b, 0x40, 0x41, 0x0a]);
    await expect(transport.write(Uint8Array.of(1))).rejects.toMatchObject({ code: 'not-open' });
  });

  it('rejects with unavailable for a missing device', async () => {
    await expect(new UsbLpTransport({ path: join(dir, 'lp9') }).open()).rejects.toMatchObject({ code: 'unavailable' });
  });
});

describe('TcpTransport', () => {
  it('exchanges bytes and reports disconnected when the peer goes away', async () => {
    const sockets: Socket[] = [];
    const server = createServer((socket) => {
      sockets.push(socket);
      socket.on('data', (data) => socket.write(Buffer.from([...data].reverse())));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const transport = new TcpTransport({ host: '127.0.0.1', port });
    await transport.open();
    expect(transport.description).toBe(`tcp://127.0.0.1:${port}`);
    const received: number[] = [];
    transport.onData((bytes) => received.push(...bytes));
    await transport.write(Uint8Array.of(1, 2, 3));
    await vi.waitUntil(() => received.length === 3);
    expect(received).toEqual([3, 2, 1]);
    const reasons: string[] = [];
    transport.onClose((r) => reasons.push(r));
    for (const socket of sockets) socket.destroy();
    await vi.waitUntil(() => reasons.length === 1);
    expect(reasons).toEqual(['disconnected']);
    expect(transport.isOpen).toBe(false);
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('rejects with unavailable when the connection is refused', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await expect(new TcpTransport({ host: '127.0.0.1', port, connectTimeoutMs: 2000 }).open()).rejects.toMatchObject({ code: 'unavailable' });
  });
});

describe('kiosk-devices list: role guesses', () => {
  it('guesses from vendor and product ids and the HID-POS usage page', () => {
    expect(guessSerialRole(0x0400, 0xc35a)).toBe('idcard-reader');
    expect(guessSerialRole(0x1a86, 0x7523)).toBe('idcard-reader');
    expect(guessSerialRole(0x0c2e, 0x0b61)).toBe('qr-scanner');
    expect(guessSerialRole(0x04b8, 0x0202)).toBe('receipt-printer');
    expect(guessSerialRole(0x1234, 0x5678)).toBeNull();
    expect(guessSerialRole(undefined, undefined)).toBeNull();
    expect(guessHidRole({ vendorId: 0x1111, productId: 0x2222, usagePage: 0x8c, usage: 2 })).toBe('qr-scanner');
    expect(guessHidRole({ vendorId: 0x0400, productId: 0xc35a })).toBe('idcard-reader');
    expect(guessHidRole({ vendorId: 0x046d, productId: 0xc31c, usagePage: 0x01, usage: 6 })).toBeNull();
  });

  it('formats entries with 4-digit lowercase hex ids', () => {
    expect(serialEntry({ path: '/dev/ttyUSB0', vendorId: '1A86', productId: '7523', manufacturer: 'wch.cn' })).toEqual({
      path: '/dev/ttyUSB0',
      vendorId: '1a86',
      productId: '7523',
      manufacturer: 'wch.cn',
      serialNumber: null,
      guessedRole: 'idcard-reader',
    });
    expect(serialEntry({ path: '/dev/ttyS0' })).toMatchObject({ vendorId: null, productId: null, guessedRole: null });
    expect(hidEntry({ vendorId: 0xc2e, productId: 0xb61, path: '/dev/hidraw1', usagePage: 0x8c, usage: 2, interface: 1 })).toEqual({
      path: '/dev/hidraw1',
      vendorId: '0c2e',
      productId: '0b61',
      manufacturer: null,
      product: null,
      serialNumber: null,
      usagePage: '008c',
      usage: '0002',
      interface: 1,
      guessedRole: 'qr-scanner',
    });
  });
});
