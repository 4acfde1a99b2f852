/**
 * The host-side flag that diverts the next ID card from the citizen flow to staff sign-in (or a
 * technician's reader test). While armed, a card presented on the reader is handed to the waiter
 * and NOT emitted as `idcard.presented`; the device host asks `offer()` before emitting.
 */
import type { CardRead } from '../../drivers/idcard';
import type { HostContext } from '../host-context';

export type CardWait = { kind: 'card'; read: CardRead } | { kind: 'timeout' } | { kind: 'cancelled' } | { kind: 'busy' };

interface Waiter {
  purpose: 'staff-sign-in' | 'reader-test';
  resolve(result: CardWait): void;
  timer: ReturnType<typeof setTimeout>;
}

export class CardGate {
  private waiter: Waiter | null = null;

  get armed(): boolean {
    return this.waiter !== null;
  }

  /** What the armed reader waits for, or null. */
  get waitingFor(): Waiter['purpose'] | null {
    return this.waiter?.purpose ?? null;
  }

  /** Waits for the next card (or the timeout). One waiter at a time: a second gets `busy`. */
  arm(purpose: Waiter['purpose'], timeoutMs: number): Promise<CardWait> {
    if (this.waiter) return Promise.resolve({ kind: 'busy' });
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.settle({ kind: 'timeout' }), timeoutMs);
      timer.unref?.();
      this.waiter = { purpose, resolve, timer };
    });
  }

  cancel(): void {
    this.settle({ kind: 'cancelled' });
  }

  /** Called for every card read: true when the card was taken (the citizen flow must not see it). */
  offer(read: CardRead): boolean {
    if (!this.waiter) return false;
    this.settle({ kind: 'card', read });
    return true;
  }

  private settle(result: CardWait): void {
    const waiter = this.waiter;
    if (!waiter) return;
    this.waiter = null;
    clearTimeout(waiter.timer);
    waiter.resolve(result);
  }
}

const gates = new WeakMap<HostContext, CardGate>();

/** One gate per host, shared by the staff handlers and the device host's card listener. */
export function cardGateOf(ctx: HostContext): CardGate {
  let gate = gates.get(ctx);
  if (!gate) gates.set(ctx, (gate = new CardGate()));
  return gate;
}
