/**
 * In the Electron shell the host runs in a utilityProcess. Main hands it one MessagePort per page
 * load (see common/ipc/electron-bridge.ts); each becomes a client of the same protocol server.
 * Typed structurally so the host never imports `electron` and also runs as a plain Node process.
 */
import { HOST_CONNECT_MESSAGE } from '../../common/ipc/electron-bridge';
import { channelListeners, type TextChannel } from '../../common/ipc/message-channel';

interface PortLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  on(event: 'close', listener: () => void): void;
  start(): void;
  close(): void;
}

interface ParentPortLike {
  on(event: 'message', listener: (event: { data: unknown; ports: PortLike[] }) => void): void;
}

/** Returns false when not running inside an Electron utilityProcess. */
export function listenOnElectronParentPort(onConnection: (channel: TextChannel, label: string) => void): boolean {
  const parentPort = (process as unknown as { parentPort?: ParentPortLike }).parentPort;
  if (!parentPort) return false;
  let count = 0;
  parentPort.on('message', (event) => {
    const data = event.data as { type?: unknown } | null;
    const port = event.ports[0];
    if (data?.type !== HOST_CONNECT_MESSAGE || !port) return;
    count += 1;
    onConnection(portChannel(port), `electron-port:${count}`);
    port.start();
  });
  return true;
}

function portChannel(port: PortLike): TextChannel {
  const listeners = channelListeners();
  // Anything but text is passed on as an unparseable string so that the server logs and rejects it.
  port.on('message', (event) => listeners.deliver(typeof event.data === 'string' ? event.data : '\u0000non-text'));
  port.on('close', () => listeners.closed());
  return {
    send: (text) => port.postMessage(text),
    onMessage: listeners.onMessage,
    onClose: listeners.onClose,
    close: () => port.close(),
  };
}
