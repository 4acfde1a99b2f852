/**
 * Splits the byte stream of a USB-CDC (virtual serial) scanner into payloads.
 *
 * - A frame ends at the configured suffix (default CR; multi-byte suffixes such as CR LF work, and a
 *   suffix split across chunks is recognised). The suffix is not part of the frame. An empty frame
 *   (a suffix on its own) is not reported.
 * - A frame also ends after `idleTimeoutMs` without new bytes, for scanners configured without a
 *   suffix and for payloads that do not end in the expected one. 0 disables the idle timeout.
 * - Payloads can themselves contain CR or LF. With `confirmSuffixMs` > 0 a suffix only ends the frame
 *   if no further byte follows within that time (a scanner sends one payload in one burst, so bytes
 *   that follow at once belong to the same payload); the suffix bytes then stay in the payload. The
 *   default 0 ends the frame at the suffix immediately.
 * - Memory is bounded: at most `maxFrameBytes` payload bytes are kept. A payload that grows beyond
 *   that is DROPPED, not cut: everything up to the next suffix or idle gap is discarded and the
 *   overflow listeners are told how many bytes were lost. A truncated payload is never reported as a
 *   frame, because a cut-off code could still look valid (a shortened reference, a partial URL).
 */

export interface SuffixFramerOptions {
  /** Default `[0x0d]` (CR). An empty suffix means frames end only on the idle timeout. */
  suffix?: Uint8Array;
  /** Default 80 ms. 0 disables. */
  idleTimeoutMs?: number;
  /** Default 4096. */
  maxFrameBytes?: number;
  /** Default 0 (a suffix ends the frame at once). */
  confirmSuffixMs?: number;
}

type Timer = ReturnType<typeof setTimeout>;

export class SuffixFramer {
  private readonly suffix: Uint8Array;
  private readonly idleTimeoutMs: number;
  private readonly maxFrameBytes: number;
  private readonly confirmSuffixMs: number;
  private readonly buffer: Uint8Array;
  private length = 0;
  /** Bytes of the current (oversized) frame thrown away so far; > 0 means "discarding". */
  private dropped = 0;
  private suffixPending = false;
  private timer: Timer | undefined;
  private disposed = false;
  private readonly frameListeners = new Set<(frame: Uint8Array) => void>();
  private readonly overflowListeners = new Set<(droppedBytes: number) => void>();

  constructor(options: SuffixFramerOptions = {}) {
    this.suffix = (options.suffix ?? Uint8Array.of(0x0d)).slice();
    this.idleTimeoutMs = Math.max(0, options.idleTimeoutMs ?? 80);
    this.maxFrameBytes = Math.max(1, Math.floor(options.maxFrameBytes ?? 4096));
    this.confirmSuffixMs = Math.max(0, options.confirmSuffixMs ?? 0);
    // Room for a full frame plus its suffix, so a frame of exactly maxFrameBytes is still accepted.
    this.buffer = new Uint8Array(this.maxFrameBytes + this.suffix.length);
  }

  onFrame(listener: (frame: Uint8Array) => void): () => void {
    this.frameListeners.add(listener);
    return () => this.frameListeners.delete(listener);
  }

  /** Told the number of bytes lost each time an oversized payload is dropped. */
  onOverflow(listener: (droppedBytes: number) => void): () => void {
    this.overflowListeners.add(listener);
    return () => this.overflowListeners.delete(listener);
  }

  /** Bytes held for the frame in progress (for diagnostics and tests). */
  get pendingBytes(): number {
    return this.length;
  }

  push(bytes: Uint8Array): void {
    if (this.disposed || bytes.length === 0) return;
    this.clearTimer();
    // More bytes right after a tentative suffix: it was part of the payload.
    this.suffixPending = false;
    const immediate = this.confirmSuffixMs === 0;
    for (let i = 0; i < bytes.length; i += 1) {
      if (this.length === this.buffer.length) this.discardOverflow();
      this.buffer[this.length] = bytes[i]!;
      this.length += 1;
      if (immediate && this.endsWithSuffix()) this.finishFrame(true);
    }
    if (!immediate && this.endsWithSuffix()) {
      this.suffixPending = true;
      this.timer = setTimeout(() => this.onTimer(), this.confirmSuffixMs);
    } else if ((this.length > 0 || this.dropped > 0) && this.idleTimeoutMs > 0) {
      this.timer = setTimeout(() => this.onTimer(), this.idleTimeoutMs);
    }
  }

  /** Ends the frame in progress now, as the idle timeout would. */
  flush(): void {
    if (this.disposed) return;
    this.clearTimer();
    this.finishFrame(this.suffixPending && this.endsWithSuffix());
  }

  dispose(): void {
    this.disposed = true;
    this.clearTimer();
    this.length = 0;
    this.dropped = 0;
    this.frameListeners.clear();
    this.overflowListeners.clear();
  }

  private onTimer(): void {
    this.timer = undefined;
    this.finishFrame(this.suffixPending && this.endsWithSuffix());
  }

  private endsWithSuffix(): boolean {
    const n = this.suffix.length;
    if (n === 0 || this.length < n) return false;
    const start = this.length - n;
    for (let i = 0; i < n; i += 1) if (this.buffer[start + i] !== this.suffix[i]) return false;
    return true;
  }

  /** The buffer is full without a suffix: drop it, keeping a possible partial suffix at the end. */
  private discardOverflow(): void {
    const keep = Math.min(Math.max(this.suffix.length - 1, 0), this.length);
    this.dropped += this.length - keep;
    this.buffer.copyWithin(0, this.length - keep, this.length);
    this.length = keep;
  }

  private finishFrame(stripSuffix: boolean): void {
    this.suffixPending = false;
    const end = stripSuffix ? this.length - this.suffix.length : this.length;
    if (this.dropped > 0 || end > this.maxFrameBytes) {
      const lost = this.dropped + Math.max(end, 0);
      this.dropped = 0;
      this.length = 0;
      for (const listener of [...this.overflowListeners]) listener(lost);
      return;
    }
    this.length = 0;
    if (end <= 0) return;
    const frame = this.buffer.slice(0, end);
    for (const listener of [...this.frameListeners]) listener(frame);
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
