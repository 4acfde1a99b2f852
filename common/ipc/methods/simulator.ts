/** The simulator panel's controls over the simulated devices and network. */
import { z } from 'zod';
import { DEVICE_ROLES } from '../../devices/status';
import { emptyParams, printerRoleSchema, simulatorStateSchema } from '../shapes';

export const SIMULATOR_METHODS = {
  'simulator.state': { params: emptyParams, result: simulatorStateSchema },
  'simulator.placeCard': { params: z.object({ index: z.number().int().nonnegative() }).strict(), result: simulatorStateSchema },
  'simulator.removeCard': { params: emptyParams, result: simulatorStateSchema },
  'simulator.scan': {
    params: z.object({ text: z.string().min(1).max(2048), encoding: z.enum(['utf-8', 'gb18030', 'latin1']).default('utf-8') }).strict(),
    result: simulatorStateSchema,
  },
  'simulator.setPrinter': {
    params: z.object({ role: printerRoleSchema, paper: z.enum(['ok', 'near-end', 'out']).optional(), coverOpen: z.boolean().optional() }).strict(),
    result: simulatorStateSchema,
  },
  'simulator.setNetwork': { params: z.object({ cut: z.boolean() }).strict(), result: simulatorStateSchema },
  'simulator.setPlugged': { params: z.object({ role: z.enum(DEVICE_ROLES), plugged: z.boolean() }).strict(), result: simulatorStateSchema },
  'simulator.printedImage': { params: z.object({ id: z.string().max(64) }).strict(), result: z.object({ pngDataUrl: z.string() }).strict() },
} as const;
