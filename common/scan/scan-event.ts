/**
 * The one event every scanner delivers (USB-CDC serial, HID-POS, keyboard wedge, camera, simulator):
 * the same shape whichever scanner read the code, so consumers never care how it was read.
 */
import { z } from 'zod';
import { SCAN_ENCODINGS } from './decode-bytes';
import type { ScanEncoding } from './decode-bytes';
import { MAX_SCAN_TEXT_LENGTH, SCAN_KINDS, classifyPayload, sanitizeScanText } from './classify';

export const SCAN_SOURCES = ['serial', 'hid', 'wedge', 'camera', 'simulator'] as const;
export type ScanSource = (typeof SCAN_SOURCES)[number];

export const scanEventSchema = z
  .object({
    /** The payload after sanitizeScanText: capped, no control characters. Untrusted: show it as text only. */
    text: z.string().max(MAX_SCAN_TEXT_LENGTH),
    /** How the bytes were decoded (wedge scans, which arrive as keys, report 'utf-8'). */
    encoding: z.enum(SCAN_ENCODINGS),
    kind: z.enum(SCAN_KINDS),
    /** The unified social credit code, present exactly when kind is 'licence'. */
    uscc: z
      .string()
      .regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/)
      .optional(),
    source: z.enum(SCAN_SOURCES),
  })
  .strict();

export type ScanEvent = z.infer<typeof scanEventSchema>;

/**
 * Builds the scan event for a payload: sanitises the text and classifies it. Returns undefined when
 * nothing is left after sanitising (a stray line feed, a frame of control bytes), which is not a scan.
 * Consumers that need the receipt reference or appointment code call classifyPayload(event.text).
 */
export function makeScanEvent(raw: string, encoding: ScanEncoding, source: ScanSource): ScanEvent | undefined {
  const text = sanitizeScanText(raw);
  if (text === '') return undefined;
  const classification = classifyPayload(text);
  const event: ScanEvent = { text, encoding, kind: classification.kind, source };
  if (classification.kind === 'licence') event.uscc = classification.uscc;
  return event;
}
