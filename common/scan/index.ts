export {
  SCAN_KINDS,
  MAX_SCAN_TEXT_LENGTH,
  RECEIPT_PREFIX,
  APPOINTMENT_PREFIX,
  classifyPayload,
  sanitizeScanText,
} from './classify';
export type { ScanKind, ScanClassification } from './classify';
export {
  SCAN_ENCODINGS,
  decodeScanBytes,
  latin1Decode,
  singleByteTextToBytes,
  redecodeSingleByteText,
} from './decode-bytes';
export type { ScanEncoding, DecodedScan } from './decode-bytes';
export { SCAN_SOURCES, scanEventSchema, makeScanEvent } from './scan-event';
export type { ScanSource, ScanEvent } from './scan-event';
