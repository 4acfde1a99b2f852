import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PacedTransport, wireTimeMs } from '../../../../drivers/transport/paced-transport';
import { createMemoryTransportPair } from '../../../../drivers/transport/byte-transport';

describe('PacedTransport (a serial line rate over a pty or memory pair)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance', 'Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('wireTimeMs: 10 bits per byte at 8N1', () => {
    expect(wireTimeMs(1152, 115200)).toBeCloseTo(100, 6);
    expect(wireTimeMs(96, 9600)).toBeCloseTo(100, 6);
    expect(wireTimeMs(1, 9600, 11)).toBeCloseTo(11 / 9.6, 6);
  });

  it('delivers what it writes at the line rate, in order, the first bytes early', async () => {
    const [a, b] = createMemoryTransportPair();
    await a.open();
    await b.open();
    const paced = new PacedTransport(a, { baudRate: 115200 });
    const arrivals: { at: number; bytes: Uint8Array }[] = [];
    const t0 = performance.now();
    b.onData((bytes) => arrivals.push({ at: performance.now() - t0, bytes }));
    const job = Uint8Array.from({ length: 1152 }, (_, i) => i & 0xff);
    let written = false;
    void paced.write(job).then(() => (written = true));
    await vi.advanceTimersByTimeAsync(50);
    expect(written).toBe(false);
    expect(arrivals.length).toBeGreaterThan(0);
    expect(arrivals[0]!.at).toBeLessThanOrEqual(2);
    await vi.advanceTimersByTimeAsync(60);
    expect(written).toBe(true);
    const received = Uint8Array.from(arrivals.flatMap((x) => [...x.bytes]));
    expect(received).toEqual(job);
    expect(arrivals.at(-1)!.at).toBeGreaterThanOrEqual(99);
    expect(arrivals.at(-1)!.at).toBeLessThanOrEqual(102);
  });

  it('delays what the peer sends by its time on the wire, and back-to-back writes queue up', async () => {
    const [a, b] = createMemoryTransportPair();
    await a.open();
    await b.open();
    const paced = new PacedTransport(a, { baudRate: 9600 });
    const seen: number[] = [];
    paced.onData((bytes) => seen.push(bytes.length));
    await b.write(new Uint8Array(96)); // 100 ms at 9600
    await b.write(new Uint8Array(96)); // queued behind it: done at 200 ms
    await vi.advanceTimersByTimeAsync(99);
    expect(seen.reduce((s, n) => s + n, 0)).toBeLessThan(96);
    await vi.advanceTimersByTimeAsync(2);
    // The first frame is through; the second has only just started.
    expect(seen.reduce((s, n) => s + n, 0)).toBeGreaterThanOrEqual(96);
    expect(seen.reduce((s, n) => s + n, 0)).toBeLessThanOrEqual(98);
    await vi.advanceTimersByTimeAsync(100);
    expect(seen.reduce((s, n) => s + n, 0)).toBe(192);
  });

  it('stops delivering and settles pending writes when closed', async () => {
    const [a, b] = createMemoryTransportPair();
    await a.open();
    await b.open();
    const paced = new PacedTransport(a, { baudRate: 9600 });
    let received = 0;
    b.onData((bytes) => (received += bytes.length));
    const pending = paced.write(new Uint8Array(960));
    await vi.advanceTimersByTimeAsync(10);
    await paced.close();
    await pending;
    const before = received;
    await vi.advanceTimersByTimeAsync(2000);
    expect(received).toBe(before);
    expect(received).toBeLessThan(960);
  });
});
