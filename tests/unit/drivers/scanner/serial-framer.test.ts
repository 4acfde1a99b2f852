import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { SuffixFramer } from '../../../../drivers/scanner/serial-framer';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const dec = (b: Uint8Array): string => new TextDecoder().decode(b);

function collect(framer: SuffixFramer): { frames: string[]; overflows: number[] } {
  const frames: string[] = [];
  const overflows: number[] = [];
  framer.onFrame((f) => frames.push(dec(f)));
  framer.onOverflow((n) => overflows.push(n));
  return { frames, overflows };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('SuffixFramer', () => {
  it('frames on CR by default and drops empty frames', () => {
    const framer = new SuffixFramer();
    const { frames } = collect(framer);
    framer.push(enc('ABC\rDEF\r\r'));
    expect(frames).toEqual(['ABC', 'DEF']);
  });

  it('handles a multi-byte suffix split across chunks', () => {
    const framer = new SuffixFramer({ suffix: Uint8Array.of(0x0d, 0x0a) });
    const { frames } = collect(framer);
    framer.push(enc('BMK:R:12'));
    framer.push(enc('34\r'));
    expect(frames).toEqual([]);
    framer.push(enc('\nNEXT\r'));
    expect(frames).toEqual(['BMK:R:1234']);
    framer.push(enc('\n'));
    expect(frames).toEqual(['BMK:R:1234', 'NEXT']);
  });

  it('a lone CR inside a CR LF framed payload stays in the payload', () => {
    const framer = new SuffixFramer({ suffix: Uint8Array.of(0x0d, 0x0a) });
    const { frames } = collect(framer);
    framer.push(enc('line1\rline2\r\n'));
    expect(frames).toEqual(['line1\rline2']);
  });

  it('emits a pending frame after the idle timeout', () => {
    const framer = new SuffixFramer({ idleTimeoutMs: 80 });
    const { frames } = collect(framer);
    framer.push(enc('NOSUF'));
    vi.advanceTimersByTime(79);
    framer.push(enc('FIX'));
    vi.advanceTimersByTime(79);
    expect(frames).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(frames).toEqual(['NOSUFFIX']);
    expect(framer.pendingBytes).toBe(0);
  });

  it('an empty suffix frames on idle only', () => {
    const framer = new SuffixFramer({ suffix: new Uint8Array(0), idleTimeoutMs: 50 });
    const { frames } = collect(framer);
    framer.push(enc('a\rb\n'));
    vi.advanceTimersByTime(50);
    expect(frames).toEqual(['a\rb\n']);
  });

  it('confirmSuffixMs keeps a suffix followed at once by more bytes in the payload', () => {
    const framer = new SuffixFramer({ confirmSuffixMs: 20 });
    const { frames } = collect(framer);
    framer.push(enc('line1\r'));
    vi.advanceTimersByTime(5);
    framer.push(enc('line2\r'));
    expect(frames).toEqual([]);
    vi.advanceTimersByTime(20);
    expect(frames).toEqual(['line1\rline2']);
  });

  it('drops an oversized payload whole and resynchronises at the next suffix', () => {
    const framer = new SuffixFramer({ maxFrameBytes: 8 });
    const { frames, overflows } = collect(framer);
    framer.push(enc('12345678\r'));
    expect(frames).toEqual(['12345678']);
    framer.push(enc('0123456789ABCDEF'));
    framer.push(enc('GH\rOK\r'));
    expect(frames).toEqual(['12345678', 'OK']);
    expect(overflows).toEqual([18]);
  });

  it('drops an oversized payload that ends by idle time', () => {
    const framer = new SuffixFramer({ maxFrameBytes: 4, idleTimeoutMs: 10 });
    const { frames, overflows } = collect(framer);
    framer.push(enc('ABCDE'));
    vi.advanceTimersByTime(10);
    expect(frames).toEqual([]);
    expect(overflows).toEqual([5]);
  });

  it('dispose stops timers and output', () => {
    const framer = new SuffixFramer();
    const { frames } = collect(framer);
    framer.push(enc('ABC'));
    framer.dispose();
    vi.advanceTimersByTime(1000);
    framer.push(enc('X\r'));
    expect(frames).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('property: chunking does not change the frames', () => {
    const payload = fc.stringMatching(/^[A-Za-z0-9:\-\u4e00-\u4e10]{1,40}$/);
    fc.assert(
      fc.property(fc.array(payload, { maxLength: 10 }), fc.array(fc.integer({ min: 1, max: 17 }), { minLength: 1 }), (payloads, cuts) => {
        const framer = new SuffixFramer({ suffix: Uint8Array.of(0x0d, 0x0a) });
        const { frames } = collect(framer);
        const all = enc(payloads.map((p) => `${p}\r\n`).join(''));
        let at = 0;
        let i = 0;
        while (at < all.length) {
          const size = cuts[i % cuts.length]!;
          framer.push(all.subarray(at, at + size));
          at += size;
          i += 1;
        }
        expect(frames).toEqual(payloads);
        framer.dispose();
      }),
    );
  });

  it('property: random bytes never throw and memory stays bounded', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 40 }),
        fc.integer({ min: 1, max: 64 }),
        fc.uint8Array({ minLength: 0, maxLength: 3 }),
        (chunks, maxFrameBytes, suffix) => {
          const framer = new SuffixFramer({ maxFrameBytes, suffix, idleTimeoutMs: 30 });
          let total = 0;
          framer.onFrame((f) => {
            expect(f.length).toBeGreaterThan(0);
            expect(f.length).toBeLessThanOrEqual(maxFrameBytes);
            total += f.length;
          });
          let input = 0;
          for (const chunk of chunks) {
            framer.push(chunk);
            input += chunk.length;
            expect(framer.pendingBytes).toBeLessThanOrEqual(maxFrameBytes + suffix.length);
            if (chunk.length % 3 === 0) vi.advanceTimersByTime(31);
          }
          vi.advanceTimersByTime(31);
          expect(framer.pendingBytes).toBe(0);
          expect(total).toBeLessThanOrEqual(input);
          framer.dispose();
        },
      ),
    );
  });
});
