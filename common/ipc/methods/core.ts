/** Connecting to the host and the status of its devices. */
import { z } from 'zod';
import { connectivitySchema, deviceStatusSchema, emptyParams, terminalInfoSchema } from '../shapes';

export const CORE_METHODS = {
  'host.hello': {
    params: z.object({ client: z.enum(['kiosk-ui', 'simulator-panel']), protocolVersion: z.number().int() }).strict(),
    result: z
      .object({
        protocolVersion: z.number().int(),
        shell: z.enum(['electron', 'browser', 'headless']),
        terminal: terminalInfoSchema,
        devices: z.array(deviceStatusSchema),
        connectivity: connectivitySchema,
        simulated: z.boolean(),
      })
      .strict(),
  },
  'devices.list': { params: emptyParams, result: z.array(deviceStatusSchema) },
} as const;
