import type { vi } from 'vitest';
import { createMemoryTransportPair } from '../../../../drivers/transport/byte-transport';
import type { ByteTransport } from '../../../../drivers/transport/byte-transport';
import { SamReader } from '../../../../drivers/idcard/reader';
import type { SamReaderOptions } from '../../../../drivers/idcard/reader';
import { SamSimulator } from '../../../../drivers/idcard/simulator';
import type { SamSimulatorOptions } from '../../../../drivers/idcard/simulator';
import { DEMO_CARDS } from '../../../../drivers/idcard/demo-cards';
import { SAM_COMMANDS, encodeCommand, toHex } from '../../../../drivers/idcard/frame';
import type { SamCommandName } from '../../../../drivers/idcard/frame';

/** Timers and the clock are faked; microtasks (how the memory transport delivers) stay real. */
export const FAKE_TIMERS: Parameters<typeof vi.useFakeTimers>[0] = { toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] };

export async function rig(options: { reader?: SamReaderOptions; sim?: SamSimulatorOptions } = {}) {
  const [host, device] = createMemoryTransportPair(['host', 'device']);
  await host.open();
  await device.open();
  // Registered before the simulator, so a hook runs before the simulator answers the command.
  const hooks = new Map<string, () => void>();
  device.onData((bytes) => hooks.get(toHex(bytes))?.());
  const sim = new SamSimulator({ cards: DEMO_CARDS, ...options.sim });
  const detach = sim.attach(device);
  const reader = new SamReader(host, options.reader);
  /** Runs `fn` when the host sends `command` (once). */
  const onCommand = (command: SamCommandName, fn: () => void) => {
    const c = SAM_COMMANDS[command];
    const hex = toHex(encodeCommand(c.cmd, c.para));
    hooks.set(hex, () => {
      hooks.delete(hex);
      fn();
    });
  };
  const count = (command: SamCommandName) => sim.log.filter((name) => name === command).length;
  return { host, device, sim, reader, detach, onCommand, count };
}

/** A device end that answers each command with the frames a test scripts. */
export function scriptedDevice(device: ByteTransport, answer: (commandHex: string) => Uint8Array | undefined): void {
  device.onData((bytes) => {
    const reply = answer(toHex(bytes));
    if (reply !== undefined) void device.write(reply);
  });
}
