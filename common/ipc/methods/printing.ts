/** Printing on the receipt and ticket printers. The host builds the bytes; the page sends data, never bytes. */
import { z } from 'zod';
import { printOutcomeSchema, printerRoleSchema } from '../shapes';

export const PRINTING_METHODS = {
  'printer.printTestPage': { params: z.object({ role: printerRoleSchema }).strict(), result: printOutcomeSchema },
} as const;
