import { afterEach, describe, expect, it, vi } from 'vitest';
import { idCardSchema } from '../../../../common/identity/id-card';
import { isValidIdNumber } from '../../../../common/identity/check-digits';
import { createMemoryTransportPair } from '../../../../drivers/transport/byte-transport';
import { DEMO_CARDS } from '../../../../drivers/idcard/demo-cards';
import { SamReader, waitForCard } from '../../../../drivers/idcard/reader';
import { SamError } from '../../../../drivers/idcard/status-codes';
import { encodeResponse, encodeCommand, toHex } from '../../../../drivers/idcard/frame';
import { encodeTextBlock } from '../../../../drivers/idcard/text-block';
import { FAKE_TIMERS, rig, scriptedDevice } from './helpers';

afterEach(() => {
  vi.useRealTimers();
});

async function rejection(promise: Promise<unknown>): Promise<SamError> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(SamError);
    return e as SamError;
  }
  throw new Error('expected a rejection');
}

describe('demo cards', () => {
  it('are valid IdCards with valid check digits and WLT filler', () => {
    expect(DEMO_CARDS.length).toBeGreaterThanOrEqual(5);
    const types = new Set(DEMO_CARDS.map((d) => (d.card.cardType === 'foreign-permanent' ? `fp-${d.card.cardVersion}` : d.card.cardType)));
    expect(types).toEqual(new Set(['resident', 'hmt-residence', 'fp-2017', 'fp-2023']));
    for (const demo of DEMO_CARDS) {
      expect(demo.photoWlt).toHaveLength(1024);
      expect(idCardSchema.parse({ ...demo.card, photo: { format: 'wlt', length: 1024 } })).toBeTruthy();
      if (demo.card.cardType !== 'foreign-permanent' || demo.card.cardVersion === '2023') expect(isValidIdNumber(demo.card.idNumber)).toBe(true);
    }
    expect(DEMO_CARDS.some((d) => d.card.cardType === 'resident' && d.card.validUntil === 'long-term' && d.card.birthDate < '1960')).toBe(true);
    expect(DEMO_CARDS.some((d) => d.card.cardType === 'resident' && d.card.nationCode !== '01')).toBe(true);
    expect(DEMO_CARDS.some((d) => d.card.idNumber.startsWith('810000'))).toBe(true);
  });
});

describe('SamReader against SamSimulator', () => {
  it('reads the SAM id, status and resets', async () => {
    const { reader } = await rig({ sim: { samId: '05.01-20101231-12345678-987654321' } });
    await expect(reader.samId()).resolves.toBe('05.01-20101231-012345678-987654321');
    await expect(reader.samStatus()).resolves.toBeUndefined();
    await expect(reader.resetSam()).resolves.toBeUndefined();
  });

  it.each(DEMO_CARDS.map((d, i) => [i, d.card.cardType, d] as const))('reads demo card %i (%s)', async (_i, _type, demo) => {
    const { reader, sim } = await rig();
    sim.placeCard(demo);
    const read = await reader.readCard();
    expect(read.card).toEqual({ ...demo.card, photo: { format: 'wlt', length: 1024 } });
    expect(idCardSchema.safeParse(read.card).success).toBe(true);
    expect(read.photoWlt).toEqual(demo.photoWlt);
    expect(read.fingerprint).toBeUndefined();
  });

  it('reports no card', async () => {
    const { reader } = await rig();
    await expect(reader.findCard()).resolves.toBe(false);
    const e = await rejection(reader.readCard());
    expect(e.code).toBe('no-card');
  });

  it('behaves like a real reader after a read: find fails, select works, re-presenting resets', async () => {
    const { reader, sim } = await rig();
    sim.placeCard(DEMO_CARDS[0]!);
    await reader.readCard();
    await expect(reader.findCard()).resolves.toBe(false);
    await expect(reader.selectCard()).resolves.toBeUndefined();
    sim.removeCard();
    expect((await rejection(reader.selectCard())).code).toBe('read-failed');
    sim.placeCard(DEMO_CARDS[0]!);
    await expect(reader.findCard()).resolves.toBe(true);
  });

  it('reads fingerprints with 30 10', async () => {
    const { reader, sim } = await rig();
    sim.placeCard(DEMO_CARDS[0]!);
    await reader.findCard();
    await reader.selectCard();
    const read = await reader.readWithFingerprint();
    expect(read.fingerprint).toEqual(DEMO_CARDS[0]!.fingerprint);
    expect(read.card.idNumber).toBe(DEMO_CARDS[0]!.card.idNumber);

    sim.placeCard(DEMO_CARDS[2]!);
    await reader.findCard();
    await reader.selectCard();
    expect((await reader.readWithFingerprint()).fingerprint).toBeUndefined();
  });

  it('reads the appended address, or null when there is none', async () => {
    const { reader, sim } = await rig();
    sim.placeCard(DEMO_CARDS[1]!);
    await reader.readCard();
    await expect(reader.readAppendedAddress()).resolves.toBe(DEMO_CARDS[1]!.appendedAddress);
    sim.placeCard(DEMO_CARDS[2]!);
    await reader.readCard();
    await expect(reader.readAppendedAddress()).resolves.toBeNull();
  });

  it('retries a read whose answer failed its checksum, and succeeds', async () => {
    const { reader, sim, onCommand, count } = await rig();
    sim.placeCard(DEMO_CARDS[0]!);
    onCommand('readTextPhoto', () => sim.setFault('checksum-errors'));
    const read = await reader.readCard();
    expect(read.card.idNumber).toBe(DEMO_CARDS[0]!.card.idNumber);
    // The reader finished the first read (card halted), so the retry selects without find.
    expect(count('readTextPhoto')).toBe(2);
    expect(count('select')).toBe(2);
  });

  it('retries when the find answer is corrupted', async () => {
    const { reader, sim, count } = await rig();
    sim.placeCard(DEMO_CARDS[3]!);
    sim.setFault('checksum-errors');
    await expect(reader.readCard()).resolves.toMatchObject({ card: { idNumber: DEMO_CARDS[3]!.card.idNumber } });
    expect(count('find')).toBe(2);
  });

  it('gives up after three corrupted reads', async () => {
    const { reader, sim, onCommand, count } = await rig();
    sim.placeCard(DEMO_CARDS[0]!);
    const corrupt = () => {
      sim.setFault('checksum-errors');
      onCommand('readTextPhoto', corrupt);
    };
    onCommand('readTextPhoto', corrupt);
    expect((await rejection(reader.readCard())).code).toBe('checksum');
    expect(count('readTextPhoto')).toBe(3);
  });

  it('retries a read whose answer stopped half-way (timeout mid-frame)', async () => {
    vi.useFakeTimers(FAKE_TIMERS);
    const { reader, sim, onCommand, count } = await rig();
    sim.placeCard(DEMO_CARDS[4]!);
    onCommand('readTextPhoto', () => sim.setFault('truncated'));
    const promise = reader.readCard();
    await vi.advanceTimersByTimeAsync(3000);
    await expect(promise).resolves.toMatchObject({ card: { cardType: 'hmt-residence' } });
    expect(count('readTextPhoto')).toBe(2);
  });

  it('copes with garbage before every answer', async () => {
    const { reader, sim } = await rig();
    sim.setFault('garbage');
    sim.placeCard(DEMO_CARDS[5]!);
    await expect(reader.samId()).resolves.toMatch(/^\d\d\.\d\d-/);
    await expect(reader.readCard()).resolves.toMatchObject({ card: { cardVersion: '2017' } });
  });

  it('waits for slow answers within the timeout', async () => {
    vi.useFakeTimers(FAKE_TIMERS);
    const { reader, sim } = await rig();
    sim.setFault({ kind: 'slow', delayMs: 800 });
    sim.placeCard(DEMO_CARDS[6]!);
    let settled = false;
    const promise = reader.readCard().finally(() => (settled = true));
    await vi.advanceTimersByTimeAsync(2000);
    expect(settled).toBe(false); // find + select done, read still on its way
    await vi.advanceTimersByTimeAsync(400);
    await expect(promise).resolves.toMatchObject({ card: { cardVersion: '2023' } });
  });

  it('times out when the reader is silent, without retrying', async () => {
    vi.useFakeTimers(FAKE_TIMERS);
    const { reader, sim, count } = await rig({ reader: { commandTimeoutMs: { find: 500 } } });
    sim.setFault('silent');
    sim.placeCard(DEMO_CARDS[0]!);
    const promise = rejection(reader.readCard());
    await vi.advanceTimersByTimeAsync(499);
    await vi.advanceTimersByTimeAsync(1);
    const e = await promise;
    expect(e.code).toBe('timeout');
    expect(count('find')).toBe(1);
    const status = rejection(reader.samStatus());
    await vi.advanceTimersByTimeAsync(1000);
    expect((await status).code).toBe('timeout');
  });

  it('reports a card removed mid-read as read-failed', async () => {
    const { reader, sim } = await rig();
    sim.placeCard(DEMO_CARDS[0]!);
    sim.setFault('remove-mid-read');
    const e = await rejection(reader.readCard());
    expect(e.code).toBe('read-failed');
    expect(sim.presentCard).toBeNull();
    await expect(reader.findCard()).resolves.toBe(false);
  });

  it('reports a missing SAM as sam-fault and does not retry', async () => {
    const { reader, sim, count } = await rig();
    sim.setFault('no-sam');
    expect(await rejection(reader.samStatus())).toMatchObject({ code: 'sam-fault', sw3: 0x60 });
    expect((await rejection(reader.samId())).code).toBe('sam-fault');
    sim.placeCard(DEMO_CARDS[0]!);
    expect((await rejection(reader.readCard())).code).toBe('sam-fault');
    expect(count('readTextPhoto')).toBe(1);
  });

  it('runs one command at a time', async () => {
    const { reader, sim, device, host } = await rig();
    sim.placeCard(DEMO_CARDS[0]!);
    const events: string[] = [];
    device.onData(() => events.push('command'));
    host.onData(() => events.push('answer'));
    const results = await Promise.all([reader.samStatus(), reader.findCard(), reader.readCard(), reader.samId(), reader.findCard()]);
    expect(events).toEqual(Array.from({ length: 7 }, () => ['command', 'answer']).flat());
    expect(results[1]).toBe(true);
    expect(results[4]).toBe(false);
    expect(sim.log).toEqual(['samStatus', 'find', 'find', 'select', 'readTextPhoto', 'samId', 'find']);
  });

  it('fails with port-unavailable when the transport is closed, disconnected or disposed', async () => {
    const { reader, host, sim } = await rig();
    sim.setFault('silent');
    const pending = rejection(reader.findCard());
    (host as unknown as { disconnect(): void }).disconnect();
    expect((await pending).code).toBe('port-unavailable');
    expect((await rejection(reader.findCard())).code).toBe('port-unavailable');

    const second = await rig();
    second.sim.setFault('silent');
    const running = rejection(second.reader.samStatus());
    second.reader.dispose();
    expect((await running).code).toBe('port-unavailable');
    expect((await rejection(second.reader.samStatus())).code).toBe('port-unavailable');
  });
});

describe('SamReader against a scripted device', () => {
  async function scripted(answer: (hex: string) => Uint8Array | undefined) {
    const [host, device] = createMemoryTransportPair();
    await host.open();
    await device.open();
    scriptedDevice(device, answer);
    return new SamReader(host);
  }
  const FIND = toHex(encodeCommand(0x20, 0x01));

  it('maps an unrecognised card type (40) to unsupported-card', async () => {
    const reader = await scripted((hex) => (hex === FIND ? encodeResponse(0, 0, 0x40) : undefined));
    expect(await rejection(reader.findCard())).toMatchObject({ code: 'unsupported-card', sw3: 0x40 });
  });

  it('rejects a read answer whose lengths do not add up', async () => {
    const text = encodeTextBlock(DEMO_CARDS[0]!.card);
    const data = new Uint8Array(4 + 256 + 10);
    data.set([0x01, 0x00, 0x04, 0x00], 0);
    data.set(text, 4);
    const reader = await scripted(() => encodeResponse(0, 0, 0x90, data));
    expect((await rejection(reader.readTextAndPhoto())).code).toBe('protocol');
  });

  it('maps a text block that is not 256 bytes to unsupported-card', async () => {
    const data = new Uint8Array(4 + 300);
    data.set([0x01, 0x2c, 0x00, 0x00], 0);
    const reader = await scripted(() => encodeResponse(0, 0, 0x90, data));
    expect((await rejection(reader.readTextAndPhoto())).code).toBe('unsupported-card');
  });

  it('ignores a late answer that cannot belong to the command in flight', async () => {
    // The device first answers with a stale "find OK", then with the real select answer.
    const reader = await scripted((hex) => {
      if (hex !== toHex(encodeCommand(0x20, 0x02))) return undefined;
      const stale = encodeResponse(0, 0, 0x9f, new Uint8Array(4));
      const real = encodeResponse(0, 0, 0x90, new Uint8Array(8));
      const both = new Uint8Array(stale.length + real.length);
      both.set(stale, 0);
      both.set(real, stale.length);
      return both;
    });
    await expect(reader.selectCard()).resolves.toBeUndefined();
  });
});

describe('waitForCard', () => {
  it('resolves once a card is placed', async () => {
    vi.useFakeTimers(FAKE_TIMERS);
    const { reader, sim } = await rig();
    const promise = waitForCard(reader, { timeoutMs: 10_000 });
    await vi.advanceTimersByTimeAsync(1000);
    sim.placeCard(DEMO_CARDS[2]!);
    await vi.advanceTimersByTimeAsync(300);
    await expect(promise).resolves.toMatchObject({ card: { nationCode: '08', nation: '壮' } });
  });

  it('rejects with no-card when the reader kept answering no card', async () => {
    vi.useFakeTimers(FAKE_TIMERS);
    const { reader } = await rig();
    const promise = rejection(waitForCard(reader, { timeoutMs: 2000, pollIntervalMs: 300 }));
    await vi.advanceTimersByTimeAsync(2000);
    expect((await promise).code).toBe('no-card');
  });

  it('rejects with timeout when the reader never answered', async () => {
    vi.useFakeTimers(FAKE_TIMERS);
    const { reader, sim } = await rig();
    sim.setFault('silent');
    const promise = rejection(waitForCard(reader, { timeoutMs: 2500 }));
    await vi.advanceTimersByTimeAsync(2500);
    expect((await promise).code).toBe('timeout');
  });

  it('stops when aborted', async () => {
    vi.useFakeTimers(FAKE_TIMERS);
    const { reader } = await rig();
    const controller = new AbortController();
    const promise = waitForCard(reader, { timeoutMs: 60_000, signal: controller.signal });
    const outcome = promise.then(
      () => 'resolved',
      (e: unknown) => e,
    );
    await vi.advanceTimersByTimeAsync(700);
    controller.abort(new Error('citizen cancelled'));
    await vi.advanceTimersByTimeAsync(0);
    expect(await outcome).toMatchObject({ message: 'citizen cancelled' });
  });
});
