import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import {
  HID_POS_ENABLE_FEATURE_REPORT,
  HID_POS_USAGE_PAGE,
  HidPosAssembler,
  isHidPosDevice,
} from '../../../../drivers/scanner/hid-pos';
import { HidScanner } from '../../../../drivers/scanner/hid-scanner';
import type { HidReportSource } from '../../../../drivers/scanner/hid-scanner';
import type { ScanEvent } from '../../../../common/scan';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Builds the 64-byte input reports (ID 0x02) for a payload; `shift` −1 drops the ID byte, +1 adds a byte. */
function reports(payload: Uint8Array, shift: -1 | 0 | 1 = 0, aim = ']Q1'): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0; at === 0 || at < payload.length; at += 56) {
    const part = payload.subarray(at, at + 56);
    const r = new Uint8Array(64);
    r[0] = 0x02;
    r[1] = part.length;
    r.set(new TextEncoder().encode(aim), 2);
    r.set(part, 5);
    r[61] = 0x73;
    r[63] = at + 56 < payload.length ? 1 : 0;
    if (shift === -1) out.push(r.slice(1));
    else if (shift === 1) out.push(Uint8Array.of(0x02, 0x00, ...r.subarray(1)));
    else out.push(r);
  }
  return out;
}

function feed(assembler: HidPosAssembler, list: Uint8Array[]): Array<Uint8Array | null> {
  return list.map((r) => assembler.push(r));
}

describe('HidPosAssembler', () => {
  it('returns a single-report payload', () => {
    const a = new HidPosAssembler();
    const [result] = feed(a, reports(enc('BMK:R:ABCD')));
    expect(new TextDecoder().decode(result!)).toBe('BMK:R:ABCD');
    expect(a.lastSymbology).toBe(']Q1');
  });

  it('concatenates multi-report payloads', () => {
    const text = 'https://www.gsxt.gov.cn/index.html?uniscid=91440101MA5CJQ4N59&entType=1&x=' + 'y'.repeat(100);
    const list = reports(enc(text));
    expect(list.length).toBe(Math.ceil(text.length / 56));
    const results = feed(new HidPosAssembler(), list);
    expect(results.slice(0, -1).every((r) => r === null)).toBe(true);
    expect(new TextDecoder().decode(results.at(-1)!)).toBe(text);
  });

  it('tolerates reports without the report ID byte, and devices shifted by +1', () => {
    const text = '统一社会信用代码：91440101MA5CJQ4N59'.repeat(3);
    for (const shift of [-1, 1] as const) {
      const results = feed(new HidPosAssembler(), reports(enc(text), shift));
      expect(new TextDecoder().decode(results.at(-1)!)).toBe(text);
    }
  });

  it('detects the layout without an AIM identifier from the report length', () => {
    const withId = reports(enc('NOAIM-1234'), 0, '\0\0\0');
    expect(new TextDecoder().decode(new HidPosAssembler().push(withId[0]!)!)).toBe('NOAIM-1234');
    const withoutId = reports(enc('NOAIM-1234'), -1, '\0\0\0');
    expect(new TextDecoder().decode(new HidPosAssembler().push(withoutId[0]!)!)).toBe('NOAIM-1234');
  });

  it('ignores other report IDs and empty reports', () => {
    const a = new HidPosAssembler();
    const other = reports(enc('ABCDEF'))[0]!;
    other[0] = 0x04;
    other[1] = 0x44; // implausible length, no AIM at [1]
    expect(a.push(other)).toBeNull();
    expect(a.push(new Uint8Array(0))).toBeNull();
    expect(a.push(reports(new Uint8Array(0))[0]!)).toBeNull();
  });

  it('drops a payload beyond maxPayloadBytes and recovers for the next one', () => {
    const a = new HidPosAssembler({ maxPayloadBytes: 100 });
    expect(feed(a, reports(enc('x'.repeat(150)))).every((r) => r === null)).toBe(true);
    expect(a.droppedPayloads).toBe(1);
    expect(new TextDecoder().decode(a.push(reports(enc('AFTER'))[0]!)!)).toBe('AFTER');
  });

  it('property: random reports never throw and output stays bounded', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 70 }), { maxLength: 60 }), (list) => {
        const a = new HidPosAssembler({ maxPayloadBytes: 200 });
        for (const r of list) {
          const out = a.push(r);
          if (out !== null) {
            expect(out.length).toBeGreaterThan(0);
            expect(out.length).toBeLessThanOrEqual(200);
          }
        }
      }),
    );
  });

  it('property: any payload round-trips through reports, whatever the layout', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 600 }), fc.constantFrom(-1 as const, 0 as const, 1 as const), (payload, shift) => {
        const results = feed(new HidPosAssembler(), reports(payload, shift));
        expect(results.slice(0, -1).every((r) => r === null)).toBe(true);
        expect(results.at(-1)).toEqual(payload);
      }),
    );
  });
});

describe('isHidPosDevice', () => {
  it('matches usage page 0x8C', () => {
    expect(HID_POS_USAGE_PAGE).toBe(0x8c);
    expect(isHidPosDevice({ usagePage: 0x8c, usage: 2 })).toBe(true);
    expect(isHidPosDevice({ usagePage: 0x01, usage: 6 })).toBe(false);
    expect(isHidPosDevice({})).toBe(false);
  });
});

describe('HidScanner', () => {
  function fakeSource(): HidReportSource & { emit(r: Uint8Array): void; features: Uint8Array[]; closed: boolean } {
    const listeners = new Set<(r: Uint8Array) => void>();
    return {
      features: [],
      closed: false,
      onReport(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      sendFeatureReport(data) {
        this.features.push(data);
      },
      close() {
        this.closed = true;
      },
      emit(r) {
        for (const l of listeners) l(r);
      },
    };
  }

  it('delivers the common scan event with source hid, decoding GB18030', () => {
    const source = fakeSource();
    const scanner = new HidScanner(source, { enablePosMode: true });
    expect(source.features).toEqual([HID_POS_ENABLE_FEATURE_REPORT]);
    const events: ScanEvent[] = [];
    scanner.onScan((e) => events.push(e));
    const text = '统一社会信用代码：91440101MA5CJQ4N59';
    for (const r of reports(Uint8Array.from(iconv.encode(text, 'gb18030')))) source.emit(r);
    expect(events).toEqual([{ text, encoding: 'gb18030', kind: 'licence', uscc: '91440101MA5CJQ4N59', source: 'hid' }]);
    scanner.close();
    expect(source.closed).toBe(true);
    source.emit(reports(enc('BMK:R:ABCD'))[0]!);
    expect(events).toHaveLength(1);
  });

  it('a throwing listener does not stop the others', async () => {
    const source = fakeSource();
    const scanner = new HidScanner(source);
    const good = vi.fn();
    const rethrown = new Promise<unknown>((resolve) => {
      const original = globalThis.queueMicrotask;
      globalThis.queueMicrotask = (cb) => {
        globalThis.queueMicrotask = original;
        try {
          cb();
        } catch (error) {
          resolve(error);
        }
      };
    });
    scanner.onScan(() => {
      throw new Error('consumer bug');
    });
    scanner.onScan(good);
    source.emit(reports(enc('BMK:A:ABCD'))[0]!);
    expect(good).toHaveBeenCalledOnce();
    expect(await rethrown).toEqual(new Error('consumer bug'));
  });
});
