import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryTransportPair } from '../../../../drivers/transport/byte-transport';
import { SerialScanner } from '../../../../drivers/scanner/serial-scanner';
import { ScannerSimulator, encodeForScan } from '../../../../drivers/scanner/simulator';
import type { ScanEvent } from '../../../../common/scan';
import { scanEventSchema } from '../../../../common/scan';

afterEach(() => {
  vi.useRealTimers();
});

async function setup(options: ConstructorParameters<typeof SerialScanner>[1] = {}, simOptions = {}) {
  const [hostEnd, deviceEnd] = createMemoryTransportPair(['host', 'device']);
  const scanner = new SerialScanner(hostEnd, options);
  const simulator = new ScannerSimulator(simOptions);
  simulator.attach(deviceEnd);
  await deviceEnd.open();
  const events: ScanEvent[] = [];
  scanner.onScan((e) => events.push(e));
  await scanner.start();
  return { hostEnd, deviceEnd, scanner, simulator, events };
}

/** Lets queued memory-transport deliveries run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i += 1) await Promise.resolve();
}

describe('SerialScanner with the simulator', () => {
  it('delivers scans in every encoding as the common event', async () => {
    const { simulator, events, scanner } = await setup({}, { chunkSize: 7 });
    await simulator.scan('BMK:R:44010020240601000123');
    await simulator.scan('统一社会信用代码：91440101MA5CJQ4N59', { encoding: 'gb18030' });
    await simulator.scan('名称：某某公司', { encoding: 'utf-8' });
    await simulator.scan('café-1234', { encoding: 'latin1' });
    await settle();
    expect(events).toEqual([
      { text: 'BMK:R:44010020240601000123', encoding: 'utf-8', kind: 'receipt', source: 'serial' },
      { text: '统一社会信用代码：91440101MA5CJQ4N59', encoding: 'gb18030', kind: 'licence', uscc: '91440101MA5CJQ4N59', source: 'serial' },
      { text: '名称：某某公司', encoding: 'utf-8', kind: 'text', source: 'serial' },
      { text: 'café-1234', encoding: 'latin1', kind: 'text', source: 'serial' },
    ]);
    for (const e of events) expect(scanEventSchema.parse(e)).toEqual(e);
    await scanner.stop();
  });

  it('ends a suffix-less scan on the idle timeout', async () => {
    vi.useFakeTimers();
    const { simulator, events, scanner } = await setup({ idleTimeoutMs: 80 });
    await simulator.scan('YY-20240601-0007', { suffix: null });
    await settle();
    expect(events).toEqual([]);
    await vi.advanceTimersByTimeAsync(80);
    expect(events).toEqual([{ text: 'YY-20240601-0007', encoding: 'utf-8', kind: 'appointment', source: 'serial' }]);
    await scanner.stop();
  });

  it('a scanner sending CR LF while the port expects CR still gives clean scans', async () => {
    const { simulator, events, scanner } = await setup({}, { suffix: Uint8Array.of(0x0d, 0x0a) });
    await simulator.scan('BMK:A:ABCD');
    await simulator.scan('BMK:A:EFGH');
    await settle();
    expect(events.map((e) => e.text)).toEqual(['BMK:A:ABCD', 'BMK:A:EFGH']);
    await scanner.stop();
  });

  it('stop() closes the transport and later bytes are ignored; start() again works', async () => {
    const { simulator, events, scanner, hostEnd } = await setup();
    await scanner.stop();
    expect(hostEnd.isOpen).toBe(false);
    await simulator.scan('BMK:R:ABCD').catch(() => undefined);
    await settle();
    expect(events).toEqual([]);
    await scanner.start();
    await simulator.scan('BMK:R:WXYZ');
    await settle();
    expect(events.map((e) => e.text)).toEqual(['BMK:R:WXYZ']);
    await scanner.stop();
  });

  it('reports a disconnect', async () => {
    const { scanner, deviceEnd } = await setup();
    const closed = vi.fn();
    scanner.onClose(closed);
    (deviceEnd as unknown as { disconnect(): void }).disconnect();
    expect(closed).toHaveBeenCalledWith('disconnected');
    expect(scanner.isRunning).toBe(false);
  });

  it('scanBytes writes raw bytes without a suffix', async () => {
    vi.useFakeTimers();
    const { simulator, events, scanner } = await setup();
    await simulator.scanBytes(Uint8Array.of(0x41, 0x42, 0x43, 0x44, 0x0d, 0xff, 0xfe));
    await vi.advanceTimersByTimeAsync(100);
    expect(events.map((e) => [e.text, e.encoding])).toEqual([
      ['ABCD', 'utf-8'],
      ['\u00ff\u00fe', 'latin1'],
    ]);
    await scanner.stop();
  });

  it('the simulator needs a transport', async () => {
    await expect(new ScannerSimulator().scan('x')).rejects.toThrow(/not attached/);
  });
});

describe('encodeForScan', () => {
  it('encodes the three encodings', () => {
    expect(encodeForScan('中', 'utf-8')).toEqual(Uint8Array.of(0xe4, 0xb8, 0xad));
    expect(encodeForScan('中', 'gb18030')).toEqual(Uint8Array.of(0xd6, 0xd0));
    expect(encodeForScan('é', 'latin1')).toEqual(Uint8Array.of(0xe9));
    expect(() => encodeForScan('中', 'latin1')).toThrow(RangeError);
    expect(encodeForScan('x', 'gb18030')).not.toBeInstanceOf(Buffer);
  });
});
