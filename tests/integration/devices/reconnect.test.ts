/**
 * Reconnection over REAL serial ports: a ManagedDevice on one end of a socat pair, a simulator on the
 * other. Killing socat removes both ptys (the cable is pulled); re-creating the pair at the same
 * paths is the device coming back, which must be in use again within 2 s.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ManagedDevice } from '../../../drivers/device/managed-device';
import type { DriverSession } from '../../../drivers/device/managed-device';
import { EscPosPrinter, EscPosSimulator, statusToFault } from '../../../drivers/printer/index';
import { DEMO_CARDS, SamReader, SamSimulator, waitForCard } from '../../../drivers/idcard/index';
import { SerialTransport } from '../../../drivers/node/transports/serial-transport';
import { serveSimulatorOnSerial } from '../../../drivers/node/simulator-host';
import type { ServedSimulator } from '../../../drivers/node/simulator-host';
import { SOCAT_MISSING_REASON, createVirtualSerialPair, socatAvailable } from '../../support/socat';
import type { VirtualSerialPair } from '../../support/socat';
import type { DeviceStatus } from '../../../common/devices/status';

const hasSocat = socatAvailable();
if (!hasSocat) console.warn(SOCAT_MISSING_REASON);

describe.skipIf(!hasSocat)('ManagedDevice reconnection over socat', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-reconnect-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const plug = async (simulator: { attach: SamSimulator['attach'] }): Promise<{ pair: VirtualSerialPair; served: ServedSimulator }> => {
    const pair = await createVirtualSerialPair({ dir, names: ['kiosk', 'device'] });
    const served = await serveSimulatorOnSerial(pair.b, simulator);
    return { pair, served };
  };

  it('a printer goes offline when unplugged and is ready again within 2 s of reappearing', async () => {
    const sim = new EscPosSimulator({ paperWidth: 80 });
    let link = await plug(sim);
    const path = join(dir, 'kiosk');
    const seen: DeviceStatus[] = [];
    const device = new ManagedDevice<DriverSession & { printer: EscPosPrinter }>({
      role: 'receipt-printer',
      model: 'ESC/POS 80 mm',
      connectionLabel: `serial:${path}?baud=115200`,
      simulated: false,
      openTransport: async () => {
        const transport = new SerialTransport({ path, baudRate: 115200 });
        await transport.open();
        return transport;
      },
      attach: (transport) => {
        const printer = new EscPosPrinter(transport);
        return {
          printer,
          async health() {
            const report = await printer.queryStatusReport();
            const { fault, warnings } = statusToFault(report.status, report.errors);
            return fault ? { fault, warnings } : { warnings };
          },
          dispose: () => printer.dispose(),
        };
      },
      retryIntervalMs: 500,
      healthIntervalMs: 300,
    });
    device.onStatus((s) => seen.push(s));
    try {
      await device.start();
      expect(device.status().state).toBe('ready');

      // Pull the cable.
      await link.served.close();
      await link.pair.close();
      await vi.waitUntil(() => device.status().state === 'offline', { timeout: 3000, interval: 10 });
      expect(device.status().fault).toMatchObject({ code: 'device-missing', actor: 'technician' });

      // A status change made while it was away shows once it is back.
      sim.setPaper('near-end');
      link = await plug(sim);
      const back = Date.now();
      await vi.waitUntil(() => device.status().state === 'ready', { timeout: 2000, interval: 10 });
      expect(Date.now() - back).toBeLessThan(2000);
      await vi.waitUntil(() => device.status().warnings.includes('paper-near-end'), { timeout: 3000, interval: 10 });
      const outcome = await device.run((session) => session.printer.print(Uint8Array.of(0x1b, 0x40, 0x41, 0x0a, 0x1d, 0x56, 0x01)));
      expect(outcome).toEqual({ printed: true });
      expect(seen.map((s) => s.state).slice(0, 3)).toEqual(['ready', 'offline', 'ready']);
    } finally {
      await device.close();
      await link.served.close();
      await link.pair.close();
    }
  });

  it('an ID card reader reads a card after being unplugged and plugged back', async () => {
    const sim = new SamSimulator();
    let link = await plug(sim);
    const path = join(dir, 'kiosk');
    const device = new ManagedDevice<DriverSession & { reader: SamReader }>({
      role: 'idcard-reader',
      model: 'GA 467',
      connectionLabel: `serial:${path}?baud=115200`,
      simulated: false,
      openTransport: async () => {
        const transport = new SerialTransport({ path, baudRate: 115200 });
        await transport.open();
        return transport;
      },
      attach: (transport) => {
        const reader = new SamReader(transport);
        return { reader, health: async () => (await reader.samStatus(), {}), dispose: () => reader.dispose() };
      },
      retryIntervalMs: 500,
      healthIntervalMs: 1000,
    });
    try {
      await device.start();
      expect(device.status().state).toBe('ready');
      await link.served.close();
      await link.pair.close();
      await vi.waitUntil(() => device.status().state === 'offline', { timeout: 3000, interval: 10 });
      link = await plug(sim);
      await vi.waitUntil(() => device.status().state === 'ready', { timeout: 2000, interval: 10 });
      sim.placeCard(DEMO_CARDS[0]!);
      const read = await device.run((session) => waitForCard(session.reader, { timeoutMs: 3000 }));
      expect(read.card.idNumber).toBe(DEMO_CARDS[0]!.card.idNumber);
    } finally {
      await device.close();
      await link.served.close();
      await link.pair.close();
    }
  });
});
