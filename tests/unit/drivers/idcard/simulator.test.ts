import { describe, expect, it } from 'vitest';
import { createMemoryTransportPair } from '../../../../drivers/transport/byte-transport';
import { SamSimulator } from '../../../../drivers/idcard/simulator';
import { DEMO_CARDS } from '../../../../drivers/idcard/demo-cards';
import { FrameDecoder, SAM_COMMANDS, encodeCommand, fromHex, toHex } from '../../../../drivers/idcard/frame';
import type { SamCommandName } from '../../../../drivers/idcard/frame';
import { decodeTextBlock } from '../../../../drivers/idcard/text-block';
import { encodeSamId, formatSamId } from '../../../../drivers/idcard/sam-id';

const P = 'AAAAAA9669';

/** Sends raw frames to a simulator and collects the raw bytes it answers. */
async function raw(sim: SamSimulator) {
  const [host, device] = createMemoryTransportPair();
  await host.open();
  await device.open();
  sim.attach(device);
  const send = async (bytes: Uint8Array): Promise<Uint8Array> => {
    const answer = new Promise<Uint8Array>((resolve) => {
      const off = host.onData((b) => {
        off();
        resolve(b);
      });
    });
    await host.write(bytes);
    return answer;
  };
  const command = (name: SamCommandName) => send(encodeCommand(SAM_COMMANDS[name].cmd, SAM_COMMANDS[name].para));
  return { send, command };
}

describe('SamSimulator answers, byte for byte', () => {
  it('answers find, select and read like the reference', async () => {
    const sim = new SamSimulator();
    const { command } = await raw(sim);
    expect(toHex(await command('find'))).toBe(`${P}000400008084`);
    sim.placeCard(DEMO_CARDS[0]!);
    expect(toHex(await command('find'))).toBe(`${P}000800009F0000000097`);
    expect(toHex(await command('select'))).toBe(`${P}000C000090${'00'.repeat(8)}9C`);

    const read = await command('readTextPhoto');
    expect(read.length).toBe(1295);
    expect(toHex(read.subarray(5, 14))).toBe('050800009001000400');
    expect(decodeTextBlock(read.subarray(14, 270))).toEqual(DEMO_CARDS[0]!.card);
    expect(read.subarray(270, 1294)).toEqual(DEMO_CARDS[0]!.photoWlt);

    const withFp = await command('readTextPhotoFingerprint');
    expect(withFp.length).toBe(2321);
    expect(decodeTextBlock(withFp.subarray(16, 272)).idNumber).toBe(DEMO_CARDS[0]!.card.idNumber);

    sim.placeCard(DEMO_CARDS[2]!);
    await command('select');
    expect((await command('readTextPhotoFingerprint')).length).toBe(1297);
  });

  it('halts a card after a read until it is presented again', async () => {
    const sim = new SamSimulator();
    const { command } = await raw(sim);
    sim.placeCard(DEMO_CARDS[1]!);
    await command('find');
    await command('select');
    await command('readTextPhoto');
    expect(toHex(await command('find'))).toBe(`${P}000400008084`);
    expect(toHex(await command('select')).slice(14, 20)).toBe('000090');
    sim.removeCard();
    expect(toHex(await command('select'))).toBe(`${P}000400008185`);
    sim.placeCard(DEMO_CARDS[1]!);
    expect(toHex(await command('find')).slice(14, 20)).toBe('00009F');
  });

  it('answers 41 to a read without select, 41 and removal for remove-mid-read', async () => {
    const sim = new SamSimulator();
    const { command } = await raw(sim);
    sim.placeCard(DEMO_CARDS[0]!);
    expect(toHex(await command('readTextPhoto'))).toBe(`${P}000400004145`);
    await command('select');
    sim.setFault('remove-mid-read');
    expect(toHex(await command('readTextPhoto'))).toBe(`${P}000400004145`);
    expect(sim.presentCard).toBeNull();
    expect(sim.currentFault).toBeNull();
  });

  it('answers 10 to a corrupted command and 21 to an unknown one', async () => {
    const { send } = await raw(new SamSimulator());
    expect(toHex(await send(fromHex(`${P}0003200123`)))).toBe(`${P}000400001014`);
    expect(toHex(await send(encodeCommand(0x7e, 0x01)))).toBe(`${P}000400002125`);
  });

  it('answers 60 to SAM commands and reads without a SAM', async () => {
    const sim = new SamSimulator();
    const { command } = await raw(sim);
    sim.setFault('no-sam');
    expect(toHex(await command('samStatus'))).toBe(`${P}000400006064`);
    expect(toHex(await command('samId'))).toBe(`${P}000400006064`);
  });

  it('corrupts exactly one answer for checksum-errors and prefixes garbage for garbage', async () => {
    const sim = new SamSimulator();
    const { command } = await raw(sim);
    sim.setFault('checksum-errors');
    const decoder = new FrameDecoder();
    expect(decoder.push(await command('samStatus'))[0]?.kind).toBe('checksum-error');
    expect(decoder.push(await command('samStatus'))[0]?.kind).toBe('frame');
    sim.setFault('garbage');
    const noisy = await command('samStatus');
    expect(toHex(noisy).startsWith(P)).toBe(false);
    expect(decoder.push(noisy)).toEqual([{ kind: 'frame', payload: fromHex('000090') }]);
  });

  it('round-trips the SAM id format', () => {
    const id = '05.01-20101231-012345678-987654321';
    expect(formatSamId(encodeSamId(id))).toBe(id);
    expect(() => encodeSamId('nonsense')).toThrow(RangeError);
  });

  it('places cards from its catalogue', () => {
    const sim = new SamSimulator({ cards: DEMO_CARDS });
    sim.placeCardAt(4);
    expect(sim.presentCard?.card.cardType).toBe('hmt-residence');
    expect(() => sim.placeCardAt(99)).toThrow(RangeError);
  });
});
