/**
 * In the Electron shell the host runs in a utilityProcess. Main talks to it on `process.parentPort`
 * (see common/ipc/electron-bridge.ts): first the outbox master key (HOST_MASTER_KEY_MESSAGE, when
 * the host was started with KIOSK_MASTER_KEY_SOURCE=parent), then one MessagePort per page load
 * (HOST_CONNECT_MESSAGE), each of which becomes a client of the same protocol server.
 *
 * One listener is attached as soon as the host starts: parentPort queues messages only until the
 * first listener, so ports that arrive while the host is still opening (waiting for the key, opening
 * the journal) are kept here and handed over by `listen`. Typed structurally so the host never
 * imports `electron` and also runs as a plain Node process.
 */
import { HOST_CONNECT_MESSAGE, HOST_MASTER_KEY_MESSAGE } from '../../common/ipc/electron-bridge';
import { channelListeners, type TextChannel } from '../../common/ipc/message-channel';
import { keyringFromHandOff, type MasterKeyring } from '../outbox/master-key';

export interface PortLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  on(event: 'close', listener: () => void): void;
  start(): void;
  close(): void;
}

export interface ParentPortLike {
  on(event: 'message', listener: (event: { data: unknown; ports: PortLike[] }) => void): void;
}

/** How long the host waits for main's key message before it gives up (main sends it at once). */
export const MASTER_KEY_TIMEOUT_MS = 10_000;

export class MasterKeyHandOffError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MasterKeyHandOffError';
  }
}

export interface ElectronParentPort {
  /**
   * The master keys main sends once after each start. Rejects (MasterKeyHandOffError) when none
   * arrives within `timeoutMs`, or the message is not a valid key.
   */
  masterKey(timeoutMs?: number): Promise<MasterKeyring>;
  /** Hands each port main sends to `onConnection`, starting with those that arrived before. */
  listen(onConnection: (channel: TextChannel, label: string) => void): void;
}

/** The host's end of the parentPort, or null when not running inside an Electron utilityProcess. */
export function openElectronParentPort(parentPort: ParentPortLike | undefined = (process as unknown as { parentPort?: ParentPortLike }).parentPort): ElectronParentPort | null {
  if (!parentPort) return null;
  let onConnection: ((channel: TextChannel, label: string) => void) | undefined;
  const early: PortLike[] = [];
  let count = 0;
  let keyResult: { keyring: MasterKeyring } | { error: MasterKeyHandOffError } | undefined;
  let keyWaiter: ((result: { keyring: MasterKeyring } | { error: MasterKeyHandOffError }) => void) | undefined;

  const connect = (port: PortLike): void => {
    count += 1;
    onConnection!(portChannel(port), `electron-port:${count}`);
    port.start();
  };

  parentPort.on('message', (event) => {
    const data = event.data as { type?: unknown } | null;
    if (data?.type === HOST_MASTER_KEY_MESSAGE) {
      if (keyResult !== undefined) return; // one per start; a second one changes nothing
      const keyring = keyringFromHandOff(data);
      // Describes the message, never quotes it: it carries key material.
      keyResult = keyring ? { keyring } : { error: new MasterKeyHandOffError('The Electron shell sent the device host a master-key message that is not a valid key; the host cannot open the outbox.') };
      keyWaiter?.(keyResult);
      return;
    }
    const port = event.ports[0];
    if (data?.type !== HOST_CONNECT_MESSAGE || !port) return;
    if (onConnection) connect(port);
    else early.push(port);
  });

  return {
    masterKey(timeoutMs = MASTER_KEY_TIMEOUT_MS) {
      return new Promise<MasterKeyring>((resolve, reject) => {
        const settle = (result: { keyring: MasterKeyring } | { error: MasterKeyHandOffError }): void => {
          clearTimeout(timer);
          keyWaiter = undefined;
          if ('error' in result) reject(result.error);
          else resolve(result.keyring);
        };
        const timer = setTimeout(() => {
          keyWaiter = undefined;
          reject(
            new MasterKeyHandOffError(
              `The device host was started to receive the outbox master key from the Electron shell (KIOSK_MASTER_KEY_SOURCE=parent), and none arrived within ${Math.round(timeoutMs / 1000)} s. The host exits; the shell restarts it.`,
            ),
          );
        }, timeoutMs);
        if (keyResult !== undefined) settle(keyResult);
        else keyWaiter = settle;
      });
    },
    listen(listener) {
      onConnection = listener;
      for (const port of early.splice(0)) connect(port);
    },
  };
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
