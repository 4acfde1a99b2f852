import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryTransportPair } from '../../../../drivers/transport/byte-transport';
import type { ByteTransport } from '../../../../drivers/transport/byte-transport';
import { EscPosBuilder, EscPosPrinter, EscPosSimulator, PrinterError, textOf } from '../../../../drivers/printer';
import { hex } from './helpers';

async function setup(options: ConstructorParameters<typeof EscPosPrinter>[1] = {}) {
  const [host, device] = createMemoryTransportPair(['host', 'printer']);
  await host.open();
  await device.open();
  const sim = new EscPosSimulator();
  sim.attach(device);
  const received: number[] = [];
  device.onData((bytes) => received.push(...bytes));
  const printer = new EscPosPrinter(host, options);
  return { host, device, sim, received, printer };
}

const job = (text: string): Uint8Array => new EscPosBuilder({ paperWidth: 80 }).init().line(text).feed(3).cut().bytes();
const STATUS_QUERIES = '100401100402100403100404';

afterEach(() => {
  vi.useRealTimers();
});

describe('EscPosPrinter.queryStatus', () => {
  it('sends DLE EOT 1…4 and combines the replies', async () => {
    const { printer, sim, received } = await setup();
    expect(await printer.queryStatus()).toEqual({ online: true, paperOut: false, paperNearEnd: false, coverOpen: false, error: false });
    expect(hex(received)).toBe(STATUS_QUERIES);
    sim.setPaper('near-end');
    expect((await printer.queryStatus()).paperNearEnd).toBe(true);
    sim.setError('cutter');
    const report = await printer.queryStatusReport();
    expect(report.errors.cutter).toBe(true);
    expect(report.raw).toEqual([0x1a, 0x52, 0x1a, 0x1e]);
  });

  it("rejects with PrinterError('offline') when the printer does not answer", async () => {
    vi.useFakeTimers();
    const { printer, sim } = await setup({ statusTimeoutMs: 500 });
    sim.setOffline(true);
    const pending = printer.queryStatus();
    const check = expect(pending).rejects.toMatchObject({ name: 'PrinterError', code: 'offline' });
    await vi.advanceTimersByTimeAsync(600);
    await check;
    await expect(pending).rejects.toBeInstanceOf(PrinterError);
  });

  it("rejects with 'offline' when the transport is closed", async () => {
    const { printer, host } = await setup();
    await host.close();
    await expect(printer.queryStatus()).rejects.toMatchObject({ code: 'offline' });
  });

  it('ignores unsolicited bytes that are not status replies', async () => {
    const [host, device] = createMemoryTransportPair();
    await host.open();
    await device.open();
    device.onData((bytes) => {
      if (bytes[0] === 0x10) void device.write(Uint8Array.of(0x00, 0xff, 0x12));
    });
    const printer = new EscPosPrinter(host);
    expect((await printer.queryStatus()).online).toBe(true);
  });
});

describe('EscPosPrinter.print: a transaction', () => {
  it('prints when ready: status, job, GS r 1, status', async () => {
    const { printer, sim, received } = await setup();
    const bytes = job('受理回执');
    expect(await printer.print(bytes)).toEqual({ printed: true });
    expect(sim.printed.map(textOf)).toEqual(['受理回执']);
    expect(hex(received)).toBe(STATUS_QUERIES + hex(bytes) + '1D7201' + STATUS_QUERIES);
  });

  it.each([
    ['paper-out', (s: EscPosSimulator) => s.setPaper('out')],
    ['cover-open', (s: EscPosSimulator) => s.setCoverOpen(true)],
    ['error', (s: EscPosSimulator) => s.setError('unrecoverable')],
  ] as const)('refuses with %s and writes nothing', async (reason, breakIt) => {
    const { printer, sim, received } = await setup();
    breakIt(sim);
    const outcome = await printer.print(job('不应打印'));
    expect(outcome).toMatchObject({ printed: false, reason });
    if (!outcome.printed) expect(outcome.message).toMatch(/not printed/);
    expect(hex(received)).toBe(STATUS_QUERIES);
    expect(sim.printed).toEqual([]);
  });

  it("refuses with 'offline' when the printer does not answer", async () => {
    vi.useFakeTimers();
    const { printer, sim, received } = await setup({ statusTimeoutMs: 300 });
    sim.setOffline(true);
    const pending = printer.print(job('x'));
    await vi.advanceTimersByTimeAsync(400);
    expect(await pending).toMatchObject({ printed: false, reason: 'offline' });
    expect(hex(received)).toBe('100401');
  });

  it('does not count a job as printed when paper runs out during it', async () => {
    vi.useFakeTimers();
    const [host, device] = createMemoryTransportPair();
    await host.open();
    await device.open();
    const sim = new EscPosSimulator();
    // Registered before the simulator, so it runs first: the paper ends as the job arrives.
    device.onData((bytes) => {
      if (bytes[0] === 0x1b && bytes[1] === 0x40) sim.setPaper('out');
    });
    sim.attach(device);
    const printer = new EscPosPrinter(host, { statusTimeoutMs: 300, confirmTimeoutMs: 5000 });
    const pending = printer.print(job('上半部分'));
    await vi.advanceTimersByTimeAsync(6000);
    expect(await pending).toMatchObject({ printed: false, reason: 'paper-out' });
    expect(sim.printed).toEqual([]);
  });

  it('does not count a job as printed when the printer never confirms processing', async () => {
    vi.useFakeTimers();
    const [host, device] = createMemoryTransportPair();
    await host.open();
    await device.open();
    // A device that answers status queries but never GS r (e.g. stuck mechanism).
    device.onData((bytes) => {
      for (let i = 0; i + 2 < bytes.length; i++) if (bytes[i] === 0x10 && bytes[i + 1] === 0x04) void device.write(Uint8Array.of(0x12));
    });
    const printer = new EscPosPrinter(host, { confirmTimeoutMs: 1000 });
    const pending = printer.print(job('x'));
    await vi.advanceTimersByTimeAsync(1500);
    expect(await pending).toMatchObject({ printed: false, reason: 'offline' });
  });

  it('reports a failed write as offline', async () => {
    const failing: ByteTransport = {
      description: 'broken',
      isOpen: true,
      open: async () => undefined,
      close: async () => undefined,
      onClose: () => () => undefined,
      onData: (listener) => {
        failing.write = async (bytes) => {
          if (bytes[0] === 0x10) queueMicrotask(() => listener(Uint8Array.of(0x12)));
          else throw new Error('EIO');
        };
        return () => undefined;
      },
      write: async () => undefined,
    };
    const printer = new EscPosPrinter(failing);
    expect(await printer.print(job('x'))).toMatchObject({ printed: false, reason: 'offline', message: expect.stringContaining('EIO') });
  });

  it('runs concurrent jobs one after the other, never interleaving their bytes', async () => {
    const { printer, sim } = await setup();
    const outcomes = await Promise.all([printer.print(job('第一张')), printer.print(job('第二张')), printer.queryStatus()]);
    expect(outcomes.slice(0, 2)).toEqual([{ printed: true }, { printed: true }]);
    expect(sim.printed.map(textOf)).toEqual(['第一张', '第二张']);
  });
});
