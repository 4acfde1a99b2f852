/**
 * Keyboard-wedge scanners type their payload as keystrokes. This tells a scanner burst (fast,
 * usually ending in Enter or Tab) from a person typing, by timing alone, without ever losing a key a
 * person typed.
 *
 * How it decides:
 * - Every printable key is HELD (the page's default action is prevented) while it could be the start
 *   or part of a scan.
 * - A held key that can no longer belong to a scan is RELEASED to `onTyped`, in the order typed,
 *   before anything else happens: when the next key comes more than `maxGapMs` later, when `idleMs`
 *   pass without a key (`flush`), when a non-printable key (Backspace, arrows, …) or a suffix that
 *   does not end a scan arrives. The consumer re-inserts released keys where they would have gone.
 * - A suffix key ends a scan when the trailing run of held keys (consecutive gaps ≤ `maxGapMs`) has
 *   at least `minLength` keys and took no longer than `length × maxAvgMsPerChar` (onScan.js's rule).
 *   The suffix is then swallowed, keys before the run are released to `onTyped` first, and the run
 *   goes to `onScan`. Without a suffix, the same run also counts as a scan when the burst ends by idle
 *   time or a long gap (scanners configured without a suffix), unless `requireSuffix` is set.
 * - A person's key followed at once by a scan: the person's key is usually more than `maxGapMs`
 *   before the scan and is released as soon as the scan's first key arrives; if it is closer, it still
 *   joins the run only if its gap to the next key is no longer than `maxAvgMsPerChar` (leading keys
 *   with a slower gap are trimmed off the run and released as typed).
 * - Modifier keys (Shift, CapsLock, …) neither count nor break a burst: scanners press Shift for
 *   capitals. They are always passed.
 *
 * Returned by handleKey: 'held' (prevent the default; the key will come back through onTyped or be
 * part of a scan) or 'passed' (let the page handle it; any held keys were released to onTyped just
 * before, so the page sees everything in order).
 *
 * Limits, from field practice: Chinese characters do not survive wedge mode (use CDC or HID-POS);
 * a Chinese IME in pinyin mode, Caps Lock and non-US layouts alter what the scanner "types".
 */

export interface WedgeDetectorOptions {
  /** Average milliseconds per key at or below which a burst is a scanner. Default 30. */
  maxAvgMsPerChar?: number;
  /** Fewest keys in a scan. Default 6. */
  minLength?: number;
  /** Keys that end a scan (KeyboardEvent.key values). Default ['Enter', 'Tab']. */
  suffixKeys?: string[];
  /** Quiet time after which held keys are decided. Default 100 ms. */
  idleMs?: number;
  /** Longest gap between two keys of one scan. Default 2 × maxAvgMsPerChar. */
  maxGapMs?: number;
  /** Only bursts ending in a suffix key are scans. Default false. */
  requireSuffix?: boolean;
  /** Most keys held at once; beyond it they are released as typed. Default 4096. */
  maxHeldKeys?: number;
}

export type WedgeKeyResult = 'held' | 'passed';

const MODIFIER_KEYS = new Set([
  'Shift', 'Control', 'Alt', 'AltGraph', 'Meta', 'CapsLock', 'NumLock', 'ScrollLock',
  'Fn', 'FnLock', 'Hyper', 'Super', 'Symbol', 'SymbolLock', 'OS',
]);

interface HeldKey {
  key: string;
  at: number;
}

function isPrintable(key: string): boolean {
  // A printable key's `key` is the one character it produces; named keys are longer.
  return key.length === 1 || (key.length === 2 && [...key].length === 1);
}

export class WedgeDetector {
  private readonly maxAvgMsPerChar: number;
  private readonly minLength: number;
  private readonly suffixKeys: ReadonlySet<string>;
  readonly idleMs: number;
  private readonly maxGapMs: number;
  private readonly requireSuffix: boolean;
  private readonly maxHeldKeys: number;
  private held: HeldKey[] = [];
  private readonly scanListeners = new Set<(text: string) => void>();
  private readonly typedListeners = new Set<(key: string) => void>();

  constructor(
    options: WedgeDetectorOptions = {},
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.maxAvgMsPerChar = options.maxAvgMsPerChar ?? 30;
    this.minLength = Math.max(1, options.minLength ?? 6);
    this.suffixKeys = new Set(options.suffixKeys ?? ['Enter', 'Tab']);
    this.idleMs = options.idleMs ?? 100;
    this.maxGapMs = options.maxGapMs ?? 2 * this.maxAvgMsPerChar;
    this.requireSuffix = options.requireSuffix ?? false;
    this.maxHeldKeys = Math.max(this.minLength, options.maxHeldKeys ?? 4096);
  }

  onScan(listener: (text: string) => void): () => void {
    this.scanListeners.add(listener);
    return () => this.scanListeners.delete(listener);
  }

  /** Keys that were held and turned out to be typed by a person, in order. */
  onTyped(listener: (key: string) => void): () => void {
    this.typedListeners.add(listener);
    return () => this.typedListeners.delete(listener);
  }

  /** Number of keys held back right now. */
  get heldCount(): number {
    return this.held.length;
  }

  handleKey(key: string, timeStamp: number): WedgeKeyResult {
    if (MODIFIER_KEYS.has(key)) return 'passed';
    const last = this.held.at(-1);
    if (last !== undefined && timeStamp - last.at > this.maxGapMs) this.endBurst();

    if (this.suffixKeys.has(key)) {
      if (this.held.length > 0 && this.tryScan()) return 'held';
      this.releaseHeld();
      return 'passed';
    }
    if (!isPrintable(key)) {
      this.releaseHeld();
      return 'passed';
    }
    if (this.held.length >= this.maxHeldKeys) this.releaseHeld();
    this.held.push({ key, at: timeStamp });
    return 'held';
  }

  /** Decides held keys once `idleMs` have passed since the last one (call from a timer). */
  flush(now: number = this.clock()): void {
    const last = this.held.at(-1);
    if (last !== undefined && now - last.at >= this.idleMs) this.endBurst();
  }

  /** Releases every held key to onTyped now (focus lost, a shortcut pressed, the detector detached). */
  releaseHeld(): void {
    this.releaseFirst(this.held.length);
  }

  /** The burst ended without a suffix: a scan if allowed and it qualifies, else typed keys. */
  private endBurst(): void {
    if (this.requireSuffix || !this.tryScan()) this.releaseHeld();
  }

  /** If the trailing run of held keys is a scan: releases the keys before it, emits it, returns true. */
  private tryScan(): boolean {
    const h = this.held;
    if (h.length < this.minLength) return false;
    let start = h.length - 1;
    while (start > 0 && h[start]!.at - h[start - 1]!.at <= this.maxGapMs) start -= 1;
    while (h.length - start > this.minLength && h[start + 1]!.at - h[start]!.at > this.maxAvgMsPerChar) start += 1;
    const count = h.length - start;
    if (count < this.minLength) return false;
    if (h[h.length - 1]!.at - h[start]!.at > count * this.maxAvgMsPerChar) return false;
    this.releaseFirst(start);
    const text = this.held.map((k) => k.key).join('');
    this.held = [];
    for (const listener of [...this.scanListeners]) listener(text);
    return true;
  }

  private releaseFirst(count: number): void {
    if (count <= 0) return;
    const released = this.held.slice(0, count);
    this.held = this.held.slice(count);
    for (const { key } of released) for (const listener of [...this.typedListeners]) listener(key);
  }
}

/**
 * Feeds keydown events of `target` (capture phase) to the detector, preventing the default action
 * (and stopping propagation) only for keys the detector held, and decides held keys after idleMs.
 * Key combinations with Ctrl/Alt/Meta and IME composition are never held. Returns a detach function,
 * which releases anything still held.
 */
export function attachWedgeDetector(target: Window | HTMLElement, detector: WedgeDetector): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (detector.heldCount === 0) return;
    // The timer restarts on every key, so when it fires idleMs really have passed since the last one;
    // flushing "at infinity" avoids depending on event.timeStamp and the clock sharing a time origin.
    timer = setTimeout(() => {
      timer = undefined;
      detector.flush(Number.POSITIVE_INFINITY);
    }, detector.idleMs + 1);
  };
  const onKeyDown = (event: Event): void => {
    const e = event as KeyboardEvent;
    if (e.isComposing || e.keyCode === 229 || e.ctrlKey || e.altKey || e.metaKey) {
      detector.releaseHeld();
      schedule();
      return;
    }
    if (detector.handleKey(e.key, e.timeStamp) === 'held') {
      e.preventDefault();
      e.stopPropagation();
    }
    schedule();
  };
  target.addEventListener('keydown', onKeyDown, true);
  return () => {
    target.removeEventListener('keydown', onKeyDown, true);
    if (timer !== undefined) clearTimeout(timer);
    detector.releaseHeld();
  };
}
