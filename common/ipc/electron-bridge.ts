/**
 * The contract between the Electron shell (main + preload) and the page for handing the page a
 * MessagePort to the device host. MessagePorts cannot cross contextBridge, so the preload forwards
 * the port with window.postMessage, tagged with a nonce the page chose (the VS Code pattern).
 *
 *   page ──bridge.requestHostPort(nonce)──▶ preload ──ipc REQUEST_HOST_PORT──▶ main
 *   main: new MessageChannelMain(); port1 → host utilityProcess (HOST_CONNECT message), port2 → page
 *   main ──ipc HOST_PORT(nonce) + [port2]──▶ preload ──window.postMessage({type: HOST_PORT_MESSAGE, nonce}, origin, [port2])──▶ page
 *
 * Main also hands the host the outbox master key at each start (HOST_MASTER_KEY_MESSAGE, first on
 * the utilityProcess's parentPort, before any port): the key is sealed by Electron's safeStorage,
 * which only main can reach (host/outbox/safe-storage-key.ts).
 */

export const ELECTRON_CHANNELS = {
  /** page → main (through the preload): please connect me to the host. Argument: the nonce. */
  requestHostPort: 'kiosk:request-host-port',
  /** main → preload: here is a port (in event.ports[0]) for that nonce. */
  hostPort: 'kiosk:host-port',
} as const;

/** The `type` of the window message the preload posts to the page with the port attached. */
export const HOST_PORT_WINDOW_MESSAGE = 'kiosk:host-port';

/** The message main sends to the host utilityProcess with a new port attached. */
export const HOST_CONNECT_MESSAGE = 'kiosk:connect';

/**
 * The message main sends to the host utilityProcess right after each start with the outbox master
 * key (the host was started with KIOSK_MASTER_KEY_SOURCE=parent and waits for it). Key material:
 * never logged, never sent anywhere else.
 */
export const HOST_MASTER_KEY_MESSAGE = 'kiosk:master-key';

export interface HostMasterKeyMessage {
  type: typeof HOST_MASTER_KEY_MESSAGE;
  /** The current master key, 32 bytes in base64. */
  key: string;
  /** Its version (1 unless the key was rotated). */
  version: number;
  /** Older keys still needed while a rotation is unfinished. */
  older?: { version: number; key: string }[];
}

/** All the preload exposes to the page, as `window.kioskBridge`. Nothing else of Electron is reachable. */
export interface KioskBridge {
  readonly shell: 'electron';
  /** Asks main for a fresh port to the host; it arrives as a window message of type HOST_PORT_WINDOW_MESSAGE with this nonce. */
  requestHostPort(nonce: string): void;
}

export const KIOSK_BRIDGE_GLOBAL = 'kioskBridge';
