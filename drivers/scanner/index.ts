export { decodeScanBytes, SCAN_ENCODINGS } from './decode';
export type { DecodedScan, ScanEncoding } from './decode';
export { SuffixFramer } from './serial-framer';
export type { SuffixFramerOptions } from './serial-framer';
export {
  HidPosAssembler,
  HID_POS_USAGE_PAGE,
  HID_POS_USAGE_SCANNER,
  HID_POS_SCANNED_DATA_REPORT_ID,
  HID_POS_ENABLE_FEATURE_REPORT,
  isHidPosDevice,
} from './hid-pos';
export type { HidPosAssemblerOptions } from './hid-pos';
export { SerialScanner } from './serial-scanner';
export type { SerialScannerOptions } from './serial-scanner';
export { HidScanner } from './hid-scanner';
export type { HidReportSource, HidScannerOptions } from './hid-scanner';
export { ScannerSimulator, encodeForScan } from './simulator';
export type { ScannerSimulatorOptions, SimulatedScanOptions } from './simulator';
