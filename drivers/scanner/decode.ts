/**
 * Scanner payload bytes → text: strict UTF-8, else strict GB18030, else Latin-1 (pure ASCII reports
 * 'utf-8'). The logic lives in common/scan so the camera decoder in the page shares it.
 */
export { decodeScanBytes, SCAN_ENCODINGS } from '../../common/scan/decode-bytes';
export type { DecodedScan, ScanEncoding } from '../../common/scan/decode-bytes';
