import type { DeviceConnection } from '../../../common/config/device-connections';
import { describeConnection } from '../../../common/config/device-connections';
import type { ByteTransport } from '../../transport/byte-transport';
import { TransportError } from '../../transport/byte-transport';
import { SerialTransport } from './serial-transport';
import { TcpTransport } from './tcp-transport';
import { UsbLpTransport } from './usblp-transport';

export { SerialTransport } from './serial-transport';
export type { SerialTransportOptions } from './serial-transport';
export { TcpTransport } from './tcp-transport';
export type { TcpTransportOptions } from './tcp-transport';
export { UsbLpTransport } from './usblp-transport';
export type { UsbLpTransportOptions } from './usblp-transport';
export { NodeHidReportSource, openHidReportSource, enterHidPosMode, HID_POS_MODE_VENDORS, HID_POS_USAGE_PAGE } from './hid-transport';
export type { NodeHidReportSourceShape } from './hid-transport';

/** Makes the (unopened) byte transport for a serial, tcp or usblp connection. */
export function createTransport(connection: DeviceConnection): ByteTransport {
  switch (connection.kind) {
    case 'serial':
      return new SerialTransport({ path: connection.path, baudRate: connection.baudRate });
    case 'tcp':
      return new TcpTransport({ host: connection.host, port: connection.port });
    case 'usblp':
      return new UsbLpTransport({ path: connection.path });
    default:
      throw new TransportError('unavailable', `${describeConnection(connection)} is not a byte transport`);
  }
}

/** Makes and opens the byte transport for a connection; rejects with TransportError('unavailable'). */
export async function openTransport(connection: DeviceConnection): Promise<ByteTransport> {
  const transport = createTransport(connection);
  await transport.open();
  return transport;
}
