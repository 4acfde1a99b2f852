/**
 * Serves an in-process device simulator (ID card SAM, ESC/POS printer, scanner) on a REAL port, so
 * the kiosk, the technician CLI or another machine can talk to it exactly as to hardware:
 * - on a serial port path (typically one end of a socat pty pair, or a null-modem cable), or
 * - on a TCP port (a network printer on 9100-like ports; one connection at a time is typical, but
 *   each accepted connection gets the simulator attached).
 */
import { createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import type { ByteTransport } from '../transport/byte-transport';
import { PacedTransport } from '../transport/paced-transport';
import { SerialTransport } from './transports/serial-transport';
import { TcpTransport } from './transports/tcp-transport';

/** Anything with `attach(transport)`: SamSimulator, EscPosSimulator, ScannerSimulator. */
export interface AttachableSimulator {
  attach(transport: ByteTransport): unknown;
}

export interface ServedSimulator {
  /** The transport currently attached (serial) or the last accepted connection (tcp). */
  readonly transport: ByteTransport | undefined;
  close(): Promise<void>;
}

export interface TcpServedSimulator extends ServedSimulator {
  /** The port actually listened on (useful with port 0). */
  readonly port: number;
}

/** Calls whatever `attach` returned to undo it: a function, or an object with detach/dispose/close. */
function detacher(result: unknown): () => void {
  if (typeof result === 'function') return () => void (result as () => unknown)();
  if (result && typeof result === 'object') {
    for (const name of ['detach', 'dispose', 'close'] as const) {
      const fn = (result as Record<string, unknown>)[name];
      if (typeof fn === 'function') return () => void (fn as () => unknown).call(result);
    }
  }
  return () => undefined;
}

export interface SerialServeOptions {
  baudRate?: number;
  /**
   * Pace the simulator's side of the link at the line rate (10 bits per byte at baudRate), both
   * ways, as a real UART would. A pty pair otherwise moves bytes at memory speed whatever the baud
   * rate: use this for timing (benchmarks, timeouts), leave it off for functional tests.
   */
  lineRate?: boolean;
}

export async function serveSimulatorOnSerial(path: string, simulator: AttachableSimulator, options: SerialServeOptions = {}): Promise<ServedSimulator> {
  const baudRate = options.baudRate ?? 115200;
  const port = new SerialTransport({ path, baudRate });
  await port.open();
  const transport: ByteTransport = options.lineRate ? new PacedTransport(port, { baudRate }) : port;
  const detach = detacher(simulator.attach(transport));
  return {
    transport,
    async close() {
      detach();
      await transport.close();
    },
  };
}

export async function serveSimulatorOnTcp(port: number, simulator: AttachableSimulator, options: { host?: string } = {}): Promise<TcpServedSimulator> {
  const host = options.host ?? '127.0.0.1';
  const connections = new Set<{ socket: Socket; detach: () => void; transport: TcpTransport }>();
  let last: TcpTransport | undefined;
  const server: Server = createServer((socket) => {
    const transport = new TcpTransport({ host: socket.remoteAddress ?? 'peer', port: socket.remotePort ?? 0 }, socket);
    const entry = { socket, transport, detach: detacher(simulator.attach(transport)) };
    last = transport;
    connections.add(entry);
    transport.onClose(() => {
      entry.detach();
      connections.delete(entry);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    port: actual,
    get transport() {
      return last;
    },
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const entry of [...connections]) {
        entry.detach();
        entry.socket.destroy();
      }
      await closed;
    },
  };
}
