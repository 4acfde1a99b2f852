/**
 * Fault injection, so terminals can be tested against a platform that misbehaves the way real
 * networks and servers do. `drop-after-commit` is the one that creates duplicates in naive
 * clients: the write is committed, then the connection is cut without an answer.
 */

export const FAULT_KINDS = ['latency', '5xx', '429', '503', 'reset', 'drop-after-commit'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultOptions {
  /** Probability (0..1) that one /api request is hit by a fault. */
  rate: number;
  kinds: FaultKind[];
  /** Extra delay of the `latency` fault (default 200 ms). */
  latencyMs?: number;
  /** Seed of the fault dice, for reproducible runs (default: random). */
  seed?: number;
}

export function isFaultKind(value: string): value is FaultKind {
  return (FAULT_KINDS as readonly string[]).includes(value);
}

/** Checks options from a caller; throws a message fit for a usage error. */
export function checkFaultOptions(f: FaultOptions): FaultOptions {
  if (!(typeof f.rate === 'number' && f.rate >= 0 && f.rate <= 1)) throw new Error('fault rate must be a number from 0 to 1');
  for (const k of f.kinds) if (!isFaultKind(k)) throw new Error(`unknown fault kind "${String(k)}" (known: ${FAULT_KINDS.join(', ')})`);
  if (f.rate > 0 && f.kinds.length === 0) throw new Error('a fault rate needs at least one fault kind');
  if (f.latencyMs !== undefined && !(Number.isFinite(f.latencyMs) && f.latencyMs >= 0)) throw new Error('latency must be a non-negative number of milliseconds');
  return f;
}

/** mulberry32: small, fast, good enough for dice. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultDice {
  private options: FaultOptions | null = null;
  private random: () => number = Math.random;

  set(options: FaultOptions | null): void {
    this.options = options && options.rate > 0 && options.kinds.length > 0 ? checkFaultOptions(options) : null;
    this.random = this.options?.seed !== undefined ? rng(this.options.seed) : Math.random;
  }

  get current(): FaultOptions | null {
    return this.options;
  }

  /** The fault for this request, if any. */
  roll(): FaultKind | undefined {
    const o = this.options;
    if (!o) return undefined;
    if (this.random() >= o.rate) return undefined;
    return o.kinds[Math.min(o.kinds.length - 1, Math.floor(this.random() * o.kinds.length))];
  }

  get latencyMs(): number {
    return this.options?.latencyMs ?? 200;
  }
}
