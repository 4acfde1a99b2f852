/**
 * Where each device role is attached. Written by technicians in the config file or in environment
 * variables as short strings, e.g. `simulator`, `serial:/dev/ttyUSB0?baud=115200`,
 * `tcp://10.0.0.5:9100`, `hid:0c2e:0b61`, `usblp:/dev/usb/lp0`, `wedge`, `camera`, `none`.
 */
import { z } from 'zod';

export type DeviceConnection =
  | { kind: 'simulator' }
  | { kind: 'none' }
  | { kind: 'serial'; path: string; baudRate: number }
  | { kind: 'tcp'; host: string; port: number }
  | { kind: 'hid'; vendorId: number; productId: number }
  | { kind: 'usblp'; path: string }
  /** Keyboard-wedge scanner: its keystrokes arrive in the page, not in the host. */
  | { kind: 'wedge' }
  /** A camera decoded in the page. */
  | { kind: 'camera' };

export type ConnectionKind = DeviceConnection['kind'];

const SERIAL_BAUDS = [9600, 19200, 38400, 57600, 115200] as const;

export class ConnectionSpecError extends Error {}

/** Parses a connection string; throws ConnectionSpecError with a message a technician can act on. */
export function parseDeviceConnection(spec: string, allowed: readonly ConnectionKind[]): DeviceConnection {
  const text = spec.trim();
  const fail = (why: string): never => {
    throw new ConnectionSpecError(`"${spec}" ${why}. Expected one of: ${allowed.map(exampleOf).join(', ')}`);
  };
  let connection: DeviceConnection;
  if (text === 'simulator' || text === 'none' || text === 'wedge' || text === 'camera') {
    connection = { kind: text };
  } else if (text.startsWith('serial:')) {
    const [path, query] = text.slice('serial:'.length).split('?', 2) as [string, string | undefined];
    if (path.length === 0) fail('names no serial port');
    const baudText = new URLSearchParams(query ?? '').get('baud');
    const baudRate = baudText === null ? 115200 : Number(baudText);
    if (!SERIAL_BAUDS.includes(baudRate as (typeof SERIAL_BAUDS)[number])) fail(`has baud ${baudText}, which is not one of ${SERIAL_BAUDS.join(', ')}`);
    connection = { kind: 'serial', path, baudRate };
  } else if (text.startsWith('tcp://')) {
    const match = /^tcp:\/\/([^:/]+):(\d{1,5})$/.exec(text);
    if (!match) fail('is not tcp://HOST:PORT');
    const port = Number(match![2]);
    if (port < 1 || port > 65535) fail('has a port outside 1–65535');
    connection = { kind: 'tcp', host: match![1]!, port };
  } else if (text.startsWith('hid:')) {
    const match = /^hid:([0-9a-fA-F]{4}):([0-9a-fA-F]{4})$/.exec(text);
    if (!match) fail('is not hid:VVVV:PPPP (hex vendor and product ids)');
    connection = { kind: 'hid', vendorId: parseInt(match![1]!, 16), productId: parseInt(match![2]!, 16) };
  } else if (text.startsWith('usblp:')) {
    const path = text.slice('usblp:'.length);
    if (path.length === 0) fail('names no printer device');
    connection = { kind: 'usblp', path };
  } else {
    return fail('is not a device connection');
  }
  if (!allowed.includes(connection.kind)) fail(`is a ${connection.kind} connection, which this device cannot use`);
  return connection;
}

export function describeConnection(connection: DeviceConnection): string {
  switch (connection.kind) {
    case 'serial':
      return `serial:${connection.path}?baud=${connection.baudRate}`;
    case 'tcp':
      return `tcp://${connection.host}:${connection.port}`;
    case 'hid':
      return `hid:${hex4(connection.vendorId)}:${hex4(connection.productId)}`;
    case 'usblp':
      return `usblp:${connection.path}`;
    default:
      return connection.kind;
  }
}

function hex4(n: number): string {
  return n.toString(16).padStart(4, '0');
}

function exampleOf(kind: ConnectionKind): string {
  switch (kind) {
    case 'serial':
      return 'serial:/dev/ttyUSB0?baud=115200';
    case 'tcp':
      return 'tcp://192.168.1.50:9100';
    case 'hid':
      return 'hid:0c2e:0b61';
    case 'usblp':
      return 'usblp:/dev/usb/lp0';
    default:
      return kind;
  }
}

/** Which connections each role can use. */
export const ROLE_CONNECTIONS = {
  'idcard-reader': ['simulator', 'serial', 'none'],
  'qr-scanner': ['simulator', 'serial', 'hid', 'wedge', 'camera', 'none'],
  'receipt-printer': ['simulator', 'serial', 'tcp', 'usblp', 'none'],
  'ticket-printer': ['simulator', 'serial', 'tcp', 'usblp', 'none'],
} as const satisfies Record<string, readonly ConnectionKind[]>;

export const deviceConnectionSchema = z.custom<DeviceConnection>((value) => typeof value === 'object' && value !== null && 'kind' in value);
