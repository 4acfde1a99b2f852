import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CardPoller } from '../../../../drivers/idcard/poller';
import type { CardRead } from '../../../../drivers/idcard/reader';
import type { SamError } from '../../../../drivers/idcard/status-codes';
import { DEMO_CARDS } from '../../../../drivers/idcard/demo-cards';
import { FAKE_TIMERS, rig } from './helpers';

beforeEach(() => {
  vi.useFakeTimers(FAKE_TIMERS);
});
afterEach(() => {
  vi.useRealTimers();
});

async function pollerRig(options: { samCheckIntervalMs?: number } = {}) {
  const r = await rig();
  const poller = new CardPoller(r.reader, { pollIntervalMs: 300, ...options });
  const cards: CardRead[] = [];
  const errors: SamError[] = [];
  let removed = 0;
  poller.onCard((read) => cards.push(read));
  poller.onRemoved(() => (removed += 1));
  poller.onError((e) => errors.push(e));
  const advance = (ms: number) => vi.advanceTimersByTimeAsync(ms);
  return { ...r, poller, cards, errors, removed: () => removed, advance };
}

describe('CardPoller', () => {
  it('reads a placed card once, ignores it while it stays, reports removal once, reads it again when re-placed', async () => {
    const { sim, poller, cards, errors, removed, advance, count } = await pollerRig();
    poller.start();
    await advance(1000);
    expect(cards).toHaveLength(0);

    sim.placeCard(DEMO_CARDS[0]!);
    await advance(400);
    expect(cards).toHaveLength(1);
    expect(cards[0]!.card.idNumber).toBe(DEMO_CARDS[0]!.card.idNumber);

    await advance(10_000); // left on the reader
    expect(cards).toHaveLength(1);
    expect(count('readTextPhoto')).toBe(1);
    expect(removed()).toBe(0);
    expect(poller.cardPresent).toBe(true);

    sim.removeCard();
    await advance(400);
    expect(removed()).toBe(1);
    await advance(5000);
    expect(removed()).toBe(1);
    expect(poller.cardPresent).toBe(false);

    sim.placeCard(DEMO_CARDS[0]!);
    await advance(400);
    expect(cards).toHaveLength(2);
    expect(count('readTextPhoto')).toBe(2);
    expect(errors).toEqual([]);
    poller.stop();
  });

  it('treats a card swapped between two polls as removed and read again', async () => {
    const { sim, poller, cards, removed, advance } = await pollerRig();
    sim.placeCard(DEMO_CARDS[0]!);
    poller.start();
    await advance(100);
    expect(cards).toHaveLength(1);
    sim.removeCard();
    sim.placeCard(DEMO_CARDS[4]!);
    await advance(400);
    expect(removed()).toBe(1);
    expect(cards.map((c) => c.card.cardType)).toEqual(['resident', 'hmt-residence']);
    poller.stop();
  });

  it('retries a read that failed half-way and reports only the card', async () => {
    const { sim, poller, cards, errors, advance, onCommand, count } = await pollerRig();
    onCommand('readTextPhoto', () => sim.setFault('checksum-errors'));
    sim.placeCard(DEMO_CARDS[1]!);
    poller.start();
    await advance(1000);
    expect(cards).toHaveLength(1);
    expect(errors).toEqual([]);
    expect(count('readTextPhoto')).toBe(2);
    poller.stop();
  });

  it('reports a card pulled away mid-read once as read-failed, then its removal once', async () => {
    const { sim, poller, cards, errors, removed, advance } = await pollerRig();
    sim.setFault('remove-mid-read');
    sim.placeCard(DEMO_CARDS[2]!);
    poller.start();
    await advance(2000);
    expect(cards).toHaveLength(0);
    expect(errors.map((e) => e.code)).toEqual(['read-failed']);
    expect(removed()).toBe(1);
    sim.placeCard(DEMO_CARDS[2]!);
    await advance(400);
    expect(cards).toHaveLength(1);
    poller.stop();
  });

  it('does not re-read a card that failed while it stays on the reader', async () => {
    const { sim, poller, errors, advance, count } = await pollerRig({ samCheckIntervalMs: 0 });
    sim.setFault('no-sam');
    sim.placeCard(DEMO_CARDS[0]!);
    poller.start();
    await advance(10_000);
    expect(count('readTextPhoto')).toBe(1);
    expect(errors.map((e) => e.code)).toEqual(['sam-fault']);
    poller.stop();
  });

  it('reports a missing SAM once, before any card is presented', async () => {
    const { sim, poller, errors, advance } = await pollerRig({ samCheckIntervalMs: 2000 });
    sim.setFault('no-sam');
    poller.start();
    await advance(20_000);
    expect(errors.map((e) => e.code)).toEqual(['sam-fault']);
    expect(errors[0]!.sw3).toBe(0x60);
    // Repaired: the next check clears it, and a new failure is reported again.
    sim.setFault(null);
    await advance(2500);
    sim.setFault('no-sam');
    await advance(2500);
    expect(errors.map((e) => e.code)).toEqual(['sam-fault', 'sam-fault']);
    poller.stop();
  });

  it('reports a silent reader once as timeout', async () => {
    const { sim, poller, errors, advance } = await pollerRig();
    sim.setFault('silent');
    poller.start();
    await advance(30_000);
    expect(errors.map((e) => e.code)).toEqual(['timeout']);
    poller.stop();
  });

  it('does not report a single corrupted poll', async () => {
    const { sim, poller, errors, advance } = await pollerRig();
    poller.start();
    await advance(1000);
    sim.setFault('checksum-errors');
    await advance(3000);
    expect(errors).toEqual([]);
    poller.stop();
  });

  it('stops polling on stop(), unsubscribes listeners, and can start again', async () => {
    const { sim, poller, advance, count, reader } = await pollerRig();
    const extra: CardRead[] = [];
    const off = poller.onCard((read) => extra.push(read));
    poller.start();
    await advance(1000);
    poller.stop();
    const finds = count('find');
    await advance(5000);
    expect(count('find')).toBe(finds);
    off();
    sim.placeCard(DEMO_CARDS[3]!);
    poller.start();
    await advance(500);
    expect(extra).toHaveLength(0);
    expect(poller.isRunning).toBe(true);
    poller.stop();
    reader.dispose();
  });

  it('keeps polling when a listener throws', async () => {
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { sim, poller, cards, removed, errors, advance } = await pollerRig();
    poller.onCard(() => {
      throw new Error('UI bug');
    });
    sim.placeCard(DEMO_CARDS[5]!);
    poller.start();
    await advance(400);
    sim.removeCard();
    await advance(400);
    expect(cards).toHaveLength(1);
    expect(removed()).toBe(1);
    expect(errors).toEqual([]);
    expect(quiet).toHaveBeenCalledTimes(1);
    quiet.mockRestore();
    poller.stop();
  });
});
