import { describe, expect, it, vi, afterEach } from 'vitest';
import fc from 'fast-check';
import { WedgeDetector, attachWedgeDetector } from '../../../../renderer/src/devices/scanning/wedge-detector';

interface Recorder {
  detector: WedgeDetector;
  /** What reached the page, in order: keys passed natively and keys released through onTyped. */
  typed: string[];
  scans: string[];
  results: Array<'held' | 'passed'>;
  key(key: string, at: number): void;
}

function recorder(options = {}): Recorder {
  const detector = new WedgeDetector(options, () => 0);
  const r: Recorder = {
    detector,
    typed: [],
    scans: [],
    results: [],
    key(key, at) {
      const result = detector.handleKey(key, at);
      r.results.push(result);
      if (result === 'passed') r.typed.push(key);
    },
  };
  detector.onTyped((k) => r.typed.push(k));
  detector.onScan((t) => r.scans.push(t));
  return r;
}

function typeAt(r: Recorder, text: string, start: number, msPerChar: number): number {
  let t = start;
  for (const ch of text) {
    r.key(ch, t);
    t += msPerChar;
  }
  return t;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('WedgeDetector', () => {
  it('a 30-char scan at 5 ms/char ending in Enter is one scan, nothing typed', () => {
    const r = recorder();
    const payload = 'BMK:R:44010020240601000123ABCD';
    expect(payload).toHaveLength(30);
    const t = typeAt(r, payload, 1000, 5);
    r.key('Enter', t);
    expect(r.scans).toEqual([payload]);
    expect(r.typed).toEqual([]);
    expect(r.results.every((x) => x === 'held')).toBe(true);
  });

  it('Shift presses from the scanner do not break the burst', () => {
    const r = recorder();
    let t = 0;
    for (const ch of 'Abc-DEF-123') {
      if (ch >= 'A' && ch <= 'Z') r.key('Shift', (t += 1));
      r.key(ch, (t += 4));
    }
    r.key('Enter', t + 4);
    expect(r.scans).toEqual(['Abc-DEF-123']);
    expect(r.typed).toEqual(['Shift', 'Shift', 'Shift', 'Shift']);
  });

  it('a person typing at 150 ms/char loses nothing and never scans', () => {
    const r = recorder();
    const t = typeAt(r, 'hello world 123', 0, 150);
    r.key('Enter', t);
    r.detector.flush(t + 1000);
    expect(r.scans).toEqual([]);
    expect(r.typed.join('')).toBe('hello world 123Enter');
  });

  it('held keys are released once idle, in order', () => {
    const r = recorder();
    r.key('a', 0);
    r.key('b', 40);
    r.detector.flush(139);
    expect(r.typed).toEqual([]);
    r.detector.flush(140);
    expect(r.typed).toEqual(['a', 'b']);
  });

  it('a human key followed immediately by a scan: the key is typed, then the scan', () => {
    for (const gap of [40, 80, 500]) {
      const r = recorder();
      const order: string[] = [];
      r.detector.onTyped((k) => order.push(`typed:${k}`));
      r.detector.onScan((s) => order.push(`scan:${s}`));
      r.key('x', 0);
      const t = typeAt(r, 'YY-20240601-0007', gap, 5);
      r.key('Enter', t);
      expect(r.scans).toEqual(['YY-20240601-0007']);
      expect(r.typed).toEqual(['x']);
      expect(order).toEqual(['typed:x', 'scan:YY-20240601-0007']);
    }
  });

  it('a scan followed by typing: both come out right', () => {
    const r = recorder();
    const t = typeAt(r, 'BMK:A:ABCD', 0, 3);
    r.key('Enter', t);
    typeAt(r, 'ok', t + 200, 150);
    r.detector.flush(t + 2000);
    expect(r.scans).toEqual(['BMK:A:ABCD']);
    expect(r.typed).toEqual(['o', 'k']);
  });

  it('a fast burst shorter than minLength is typed', () => {
    const r = recorder();
    const t = typeAt(r, 'abc', 0, 5);
    r.key('Enter', t);
    expect(r.scans).toEqual([]);
    expect(r.typed).toEqual(['a', 'b', 'c', 'Enter']);
  });

  it('a suffix-less scan is recognised at idle time unless requireSuffix', () => {
    const r = recorder();
    const t = typeAt(r, 'NOSUFFIX-1', 0, 5);
    r.detector.flush(t + 100);
    expect(r.scans).toEqual(['NOSUFFIX-1']);
    const strict = recorder({ requireSuffix: true });
    const t2 = typeAt(strict, 'NOSUFFIX-1', 0, 5);
    strict.detector.flush(t2 + 100);
    expect(strict.scans).toEqual([]);
    expect(strict.typed.join('')).toBe('NOSUFFIX-1');
  });

  it('Backspace releases held keys before it is passed', () => {
    const r = recorder();
    r.key('a', 0);
    r.key('Backspace', 50);
    expect(r.typed).toEqual(['a', 'Backspace']);
  });

  it('property: human-speed keystrokes come out exactly as typed', () => {
    const keys = fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom(...'abcXYZ019 -:中'.split('')) },
      { weight: 1, arbitrary: fc.constantFrom('Enter', 'Tab', 'Backspace', 'Shift', 'ArrowLeft') },
    );
    const stroke = fc.record({ key: keys, gap: fc.integer({ min: 40, max: 2000 }) });
    fc.assert(
      fc.property(fc.array(stroke, { maxLength: 60 }), fc.array(fc.integer({ min: 0, max: 3000 }), { maxLength: 10 }), (strokes, flushes) => {
        const r = recorder();
        let t = 0;
        strokes.forEach(({ key, gap }, i) => {
          t += gap;
          const f = flushes[i % Math.max(1, flushes.length)];
          if (f !== undefined && f < gap) r.detector.flush(t - gap + f);
          r.key(key, t);
        });
        r.detector.flush(t + 10_000);
        expect(r.scans).toEqual([]);
        // Modifier keydowns are passed at once (they insert nothing), so only their count is compared;
        // every other key comes out in exactly the order typed.
        const notShift = (k: string): boolean => k !== 'Shift';
        expect(r.typed.filter(notShift)).toEqual(strokes.map((s) => s.key).filter(notShift));
        expect(r.typed.length).toBe(strokes.length);
        expect(r.detector.heldCount).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('property: a scan anywhere among human keys is found and no human key is lost', () => {
    const human = fc.array(fc.record({ key: fc.constantFrom(...'abc123'.split('')), gap: fc.integer({ min: 61, max: 1000 }) }), { maxLength: 8 });
    const payload = fc.stringMatching(/^[A-Za-z0-9:-]{6,40}$/);
    fc.assert(
      fc.property(human, payload, fc.integer({ min: 1, max: 20 }), human, (before, scan, speed, after) => {
        const r = recorder();
        let t = 0;
        for (const { key, gap } of before) r.key(key, (t += gap));
        t += 61;
        for (const ch of scan) r.key(ch, (t += speed));
        r.key('Enter', (t += speed));
        for (const { key, gap } of after) r.key(key, (t += gap));
        r.detector.flush(t + 1000);
        expect(r.scans).toEqual([scan]);
        expect(r.typed).toEqual([...before, ...after].map((s) => s.key));
      }),
      { numRuns: 200 },
    );
  });
});

describe('attachWedgeDetector', () => {
  class FakeTarget {
    listener: ((e: Event) => void) | undefined;
    capture: unknown;
    addEventListener(_type: string, listener: (e: Event) => void, capture: unknown): void {
      this.listener = listener;
      this.capture = capture;
    }
    removeEventListener(): void {
      this.listener = undefined;
    }
  }
  function keydown(key: string, timeStamp: number, extra: Partial<KeyboardEvent> = {}) {
    return { key, timeStamp, isComposing: false, keyCode: 0, ctrlKey: false, altKey: false, metaKey: false, preventDefault: vi.fn(), stopPropagation: vi.fn(), ...extra };
  }

  it('prevents default only for held keys and flushes after idle', () => {
    vi.useFakeTimers();
    const target = new FakeTarget();
    const detector = new WedgeDetector();
    const typed: string[] = [];
    detector.onTyped((k) => typed.push(k));
    const detach = attachWedgeDetector(target as unknown as HTMLElement, detector);
    expect(target.capture).toBe(true);
    const a = keydown('a', 10);
    target.listener!(a as unknown as Event);
    expect(a.preventDefault).toHaveBeenCalled();
    const copy = keydown('c', 20, { ctrlKey: true });
    target.listener!(copy as unknown as Event);
    expect(copy.preventDefault).not.toHaveBeenCalled();
    expect(typed).toEqual(['a']);
    const b = keydown('b', 30);
    target.listener!(b as unknown as Event);
    vi.advanceTimersByTime(101);
    expect(typed).toEqual(['a', 'b']);
    detach();
    expect(target.listener).toBeUndefined();
  });
});
