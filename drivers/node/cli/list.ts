/**
 * `kiosk-devices list`: the serial ports and HID devices the operating system sees, with the role the
 * kiosk guesses for each from its USB vendor/product ids and HID usage page. A guess only: a
 * technician confirms it with `idcard read`, `scanner listen` or `printer status`.
 */

export type GuessedRole = 'idcard-reader' | 'qr-scanner' | 'receipt-printer' | null;

/** GA 467 USB ID-card reader (the common "SAM_V" USB variant). */
const ID_READER_USB = [{ vendorId: 0x0400, productId: 0xc35a }];

/**
 * USB-serial bridges that ID card readers ship with (serial SAM readers are almost always one of
 * these). Scanners in USB-CDC mode and serial printers use their own vendor ids, listed below, so a
 * bare bridge is most likely the card reader.
 */
const SERIAL_BRIDGES = new Set([0x067b /* Prolific PL2303 */, 0x1a86 /* WCH CH340/CH341 */, 0x0403 /* FTDI */, 0x10c4 /* Silicon Labs CP210x */]);

/** Barcode scanner makers (USB-CDC or HID). */
const SCANNER_VENDORS = new Set([
  0x0c2e /* Honeywell / Metrologic */, 0x05e0 /* Symbol / Zebra */, 0x05f9 /* Datalogic */, 0x1eab /* Newland */, 0x23d0 /* Youjie (Honeywell China) */,
  0x2dd6 /* Netum */, 0x0581 /* Racal / Zebra */, 0x1a40 /* generic scan engines */, 0x34eb /* Sunmi scanners */,
]);

/** Receipt / ticket printer makers. */
const PRINTER_VENDORS = new Set([
  0x04b8 /* Epson */, 0x0519 /* Star */, 0x1504 /* Bixolon */, 0x154f /* SNBC */, 0x0dd4 /* Custom */, 0x1d90 /* Citizen */, 0x20d1 /* HPRT (Hanyin) */,
  0x0416 /* Winbond: many Chinese POS printers */, 0x0483 /* STMicro: Xprinter and others */, 0x1fc9 /* NXP: Xprinter and others */, 0x28e9 /* GigaDevice: Xprinter */,
  0x4b43 /* Caysn */, 0x6868 /* Gainscha / Gprinter */,
]);

export const HID_POS_USAGE_PAGE = 0x8c;

export function guessSerialRole(vendorId: number | undefined, productId: number | undefined): GuessedRole {
  if (vendorId === undefined) return null;
  if (ID_READER_USB.some((d) => d.vendorId === vendorId && d.productId === productId)) return 'idcard-reader';
  if (SCANNER_VENDORS.has(vendorId)) return 'qr-scanner';
  if (PRINTER_VENDORS.has(vendorId)) return 'receipt-printer';
  if (SERIAL_BRIDGES.has(vendorId)) return 'idcard-reader';
  return null;
}

export function guessHidRole(info: { vendorId: number; productId: number; usagePage?: number | undefined; usage?: number | undefined }): GuessedRole {
  if (ID_READER_USB.some((d) => d.vendorId === info.vendorId && d.productId === info.productId)) return 'idcard-reader';
  if (info.usagePage === HID_POS_USAGE_PAGE) return 'qr-scanner';
  if (SCANNER_VENDORS.has(info.vendorId)) return 'qr-scanner';
  if (PRINTER_VENDORS.has(info.vendorId) && info.usagePage !== 0x01) return 'receipt-printer';
  return null;
}

export interface SerialEntry {
  path: string;
  vendorId: string | null;
  productId: string | null;
  manufacturer: string | null;
  serialNumber: string | null;
  guessedRole: GuessedRole;
}

export interface HidEntry {
  path: string | null;
  vendorId: string;
  productId: string;
  manufacturer: string | null;
  product: string | null;
  serialNumber: string | null;
  usagePage: string | null;
  usage: string | null;
  interface: number | null;
  guessedRole: GuessedRole;
}

export interface DeviceListing {
  serial: SerialEntry[];
  hid: HidEntry[];
  /** Present when a source could not be listed (e.g. node-hid failed to load); never fatal. */
  warnings?: string[];
}

export function hex4(n: number): string {
  return n.toString(16).padStart(4, '0');
}

function parseHexId(text: string | undefined): number | undefined {
  if (text === undefined || !/^[0-9a-fA-F]{1,4}$/.test(text)) return undefined;
  return parseInt(text, 16);
}

export function serialEntry(info: { path: string; vendorId?: string | undefined; productId?: string | undefined; manufacturer?: string | undefined; serialNumber?: string | undefined }): SerialEntry {
  const vendorId = parseHexId(info.vendorId);
  const productId = parseHexId(info.productId);
  return {
    path: info.path,
    vendorId: vendorId === undefined ? null : hex4(vendorId),
    productId: productId === undefined ? null : hex4(productId),
    manufacturer: info.manufacturer ?? null,
    serialNumber: info.serialNumber ?? null,
    guessedRole: guessSerialRole(vendorId, productId),
  };
}

export function hidEntry(info: { path?: string | undefined; vendorId: number; productId: number; manufacturer?: string | undefined; product?: string | undefined; serialNumber?: string | undefined; usagePage?: number | undefined; usage?: number | undefined; interface?: number | undefined }): HidEntry {
  return {
    path: info.path ?? null,
    vendorId: hex4(info.vendorId),
    productId: hex4(info.productId),
    manufacturer: info.manufacturer ?? null,
    product: info.product ?? null,
    serialNumber: info.serialNumber ?? null,
    usagePage: info.usagePage === undefined ? null : hex4(info.usagePage),
    usage: info.usage === undefined ? null : hex4(info.usage),
    interface: info.interface ?? null,
    guessedRole: guessHidRole(info),
  };
}

export async function listDevices(): Promise<DeviceListing> {
  const warnings: string[] = [];
  let serial: SerialEntry[] = [];
  try {
    const { SerialPort } = await import('serialport');
    serial = (await SerialPort.list()).map((p) => serialEntry(p));
  } catch (error) {
    warnings.push(`serial ports could not be listed: ${(error as Error).message}`);
  }
  let hid: HidEntry[] = [];
  try {
    const nodeHid = await import('node-hid');
    hid = (await nodeHid.devicesAsync()).map((d) => hidEntry(d));
  } catch (error) {
    warnings.push(`HID devices could not be listed: ${(error as Error).message}`);
  }
  const listing: DeviceListing = { serial, hid };
  if (warnings.length > 0) listing.warnings = warnings;
  return listing;
}
