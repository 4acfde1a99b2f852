/**
 * In the Electron shell the host runs in a utilityProcess. Main hands it one MessagePort per page
 * load (see common/ipc/electron-bridge.ts); each becomes a client of the same protocol server.
 * Typed structurally so the host never imports `electron` and also runs as a plain Node process.
 */
import { HOST_CONNECT_MESSAGE } from '../../common/ipc/electron-bridge';
import type { TextChannel } from '../../common/ipc/message-channel';

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
  const messageListeners = new Set<(text: string) => void>();
  const closeListeners = new Set<() => void>();
  port.on('message', (event) => {
    // Anything but text is passed on as an unparseable string so that the server logs and rejects it.
    const text = typeof event.data === 'string' ? event.data : '\u0000non-text';
    for (const listener of messageListeners) listener(text);
  });
  port.on('close', () => {
    for (const listener of closeListeners) listener();
  });
  return {
    send: (text) => port.postMessage(text),
    onMessage: (listener) => {
      messageListeners.add(listener);
      return () => messageListeners.delete(listener);
    },
    onClose: (listener) => {
      closeListeners.add(listener);
      return () => closeListeners.delete(listener);
    },
    close: () => port.close(),
  };
}
