import { RpcError } from '../../common/ipc/protocol';
import type { MethodHandlers } from '../../common/ipc/rpc-server';
import type { HostContext } from '../host-context';
import { SimulatorControls } from '../simulator/simulator-controls';

/** The simulator panel's methods; registered only when some device is simulated. */
export function simulatorHandlers(ctx: HostContext): MethodHandlers {
  if (!ctx.simulated) return {};
  const controls = new SimulatorControls(ctx.devices, ctx.platform, ctx.config.paperWidth);
  controls.onChange((state) => ctx.server().emit('simulator.changed', state));
  return {
    'simulator.state': () => controls.state(),
    'simulator.placeCard': ({ index }) => controls.placeCard(index),
    'simulator.removeCard': () => controls.removeCard(),
    'simulator.scan': ({ text, encoding }) => controls.scan(text, encoding),
    'simulator.setPrinter': ({ role, paper, coverOpen }) => controls.setPrinter(role, { paper, coverOpen }),
    'simulator.setNetwork': ({ cut }) => controls.setNetworkCut(cut),
    'simulator.setPlugged': ({ role, plugged }) => controls.setPlugged(role, plugged),
    'simulator.printedImage': ({ id }) => {
      try {
        return controls.printedImage(id);
      } catch (error) {
        throw new RpcError('failed', (error as Error).message);
      }
    },
  };
}
