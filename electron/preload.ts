/**
 * The preload of the kiosk window (sandboxed, context-isolated). It exposes exactly one object,
 * `window.kioskBridge` (common/ipc/electron-bridge.ts): the shell's name and a way to ask for a
 * port to the device host. Never raw ipcRenderer, never an IpcRendererEvent (it leaks `sender`),
 * never a callback passed through. The port arrives as a window message the page can receive,
 * because MessagePorts cannot cross contextBridge.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { ELECTRON_CHANNELS, HOST_PORT_WINDOW_MESSAGE, KIOSK_BRIDGE_GLOBAL } from '../common/ipc/electron-bridge';
import type { KioskBridge } from '../common/ipc/electron-bridge';
import { isValidNonce } from './policy/ipc';

/** Nonces the page asked for; a port for any other nonce is dropped. Kept short. */
const requested: string[] = [];
const MAX_REMEMBERED = 8;

const bridge: KioskBridge = Object.freeze({
  shell: 'electron' as const,
  requestHostPort(nonce: string): void {
    if (!isValidNonce(nonce)) throw new TypeError('requestHostPort: the nonce must be 8-64 characters of A-Z, a-z, 0-9 or "-"');
    if (!requested.includes(nonce)) {
      requested.push(nonce);
      if (requested.length > MAX_REMEMBERED) requested.shift();
    }
    ipcRenderer.send(ELECTRON_CHANNELS.requestHostPort, nonce);
  },
});

ipcRenderer.on(ELECTRON_CHANNELS.hostPort, (event, nonce: unknown) => {
  if (!isValidNonce(nonce) || !requested.includes(nonce) || event.ports.length !== 1) return;
  window.postMessage({ type: HOST_PORT_WINDOW_MESSAGE, nonce }, window.location.origin, event.ports);
});

contextBridge.exposeInMainWorld(KIOSK_BRIDGE_GLOBAL, bridge);
