/**
 * Printing on the receipt and ticket printers. The host builds the bytes; the page sends data,
 * never bytes. Personal data is sent unmasked and masked by the host's templates (paper leaves
 * the hall); it is never logged. Every print is a transaction: the outcome says printed or why not.
 */
import { z } from 'zod';
import { printOutcomeSchema, printerRoleSchema } from '../shapes';

const personSchema = z.object({ name: z.string().max(64), idNumber: z.string().max(32), phone: z.string().max(20).optional() }).strict();
/** An organisation's application: printed in full (public facts); `applicant` is then its agent (经办人). */
const organizationSchema = z.object({ name: z.string().max(128), uscc: z.string().max(18) }).strict();
const isoTime = z.string().max(40).refine((s) => !Number.isNaN(Date.parse(s)), 'expected an ISO date-time');
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const shortText = z.string().max(200);
/** What goes into a QR code: identifiers only, never personal data. */
const lookupCode = z.string().regex(/^[A-Za-z0-9:-]{4,80}$/);

export const receiptPrintSchema = z
  .object({
    serviceName: shortText,
    applicant: personSchema,
    organization: organizationSchema.optional(),
    localReference: z.string().max(60),
    platformReceiptNumber: z.string().max(50).optional(),
    receivedAt: isoTime,
    promisedCompletionDate: day.optional(),
    promisedWorkingDays: z.number().int().nonnegative().optional(),
    materials: z.array(z.object({ name: shortText, form: z.string().max(20).optional(), copies: z.number().int().nonnegative().optional() }).strict()).max(50),
    nextSteps: z.array(shortText).max(20),
    lookupCode: lookupCode.optional(),
  })
  .strict();
export type ReceiptPrint = z.infer<typeof receiptPrintSchema>;

export const noticePrintSchema = z
  .object({
    serviceName: shortText,
    applicant: personSchema,
    organization: organizationSchema.optional(),
    reference: z.string().max(60),
    issuedAt: isoTime,
    missing: z.array(z.object({ name: shortText, howToProvide: shortText, requirement: shortText.optional() }).strict()).min(1).max(50),
    deadline: day,
    lookupCode: lookupCode.optional(),
  })
  .strict();
export type NoticePrint = z.infer<typeof noticePrintSchema>;

export const ticketPrintSchema = z
  .object({
    ticketNumber: z.string().max(12),
    category: z.string().max(40),
    /** Queue category code, so the host can count tickets it issued since the last known summary. */
    categoryCode: z.string().max(8).optional(),
    peopleAhead: z.number().int().nonnegative(),
    estimatedWaitMinutes: z.number().nonnegative().optional(),
    issuedAt: isoTime,
    priority: z.enum(['none', 'priority', 'appointment']).optional(),
    qrData: lookupCode.optional(),
    notice: shortText.optional(),
  })
  .strict();
export type TicketPrint = z.infer<typeof ticketPrintSchema>;

export const PRINTING_METHODS = {
  'printer.printTestPage': { params: z.object({ role: printerRoleSchema }).strict(), result: printOutcomeSchema },
  /** 受理回执 on the receipt printer. */
  'printer.printReceipt': { params: receiptPrintSchema, result: printOutcomeSchema },
  /** 一次性告知书 on the receipt printer. */
  'printer.printNotice': { params: noticePrintSchema, result: printOutcomeSchema },
  /** 排队小票 on the ticket printer. */
  'printer.printTicket': { params: ticketPrintSchema, result: printOutcomeSchema },
} as const;
