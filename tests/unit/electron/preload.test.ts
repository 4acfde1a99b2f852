import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Mock } from 'vitest';
import { ELECTRON_CHANNELS, HOST_PORT_WINDOW_MESSAGE, KIOSK_BRIDGE_GLOBAL } from '../../../common/ipc/electron-bridge';
import type { KioskBridge } from '../../../common/ipc/electron-bridge';

type Listener = (event: unknown, ...args: unknown[]) => void;

const h = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  listeners: new Map<string, Listener>(),
  send: undefined as unknown as Mock<(...args: unknown[]) => void>,
  exposeInMainWorld: undefined as unknown as Mock<(key: string, api: unknown) => void>,
}));

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, api: unknown) => h.exposeInMainWorld(key, api),
  },
  ipcRenderer: {
    send: (...args: unknown[]) => h.send(...args),
    on: (channel: string, listener: Listener) => {
      h.listeners.set(channel, listener);
    },
  },
}));

const fakeWindow = { postMessage: vi.fn(), location: { origin: 'app://kiosk' } };

async function loadPreload(): Promise<KioskBridge> {
  vi.resetModules();
  h.exposed.clear();
  h.listeners.clear();
  h.send = vi.fn<(...args: unknown[]) => void>();
  h.exposeInMainWorld = vi.fn((key: string, api: unknown) => {
    h.exposed.set(key, api);
  });
  fakeWindow.postMessage.mockReset();
  await import('../../../electron/preload');
  return h.exposed.get(KIOSK_BRIDGE_GLOBAL) as KioskBridge;
}

function deliver(nonce: unknown, ports: unknown[]): void {
  const listener = h.listeners.get(ELECTRON_CHANNELS.hostPort);
  if (!listener) throw new Error('the preload does not listen for host ports');
  listener({ ports, sender: { send: vi.fn() }, senderId: 0 }, nonce);
}

beforeEach(() => {
  vi.stubGlobal('window', fakeWindow);
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('electron/preload.ts', () => {
  it('exposes only window.kioskBridge, with exactly shell and requestHostPort', async () => {
    const bridge = await loadPreload();
    expect(h.exposeInMainWorld).toHaveBeenCalledTimes(1);
    expect([...h.exposed.keys()]).toEqual(['kioskBridge']);
    expect(Object.keys(bridge).sort()).toEqual(['requestHostPort', 'shell']);
    expect(bridge.shell).toBe('electron');
    expect(typeof bridge.requestHostPort).toBe('function');
    expect(Object.isFrozen(bridge)).toBe(true);
  });

  it('sends a valid nonce to main on the request channel', async () => {
    const bridge = await loadPreload();
    bridge.requestHostPort('nonce-1234abcd');
    expect(h.send).toHaveBeenCalledWith(ELECTRON_CHANNELS.requestHostPort, 'nonce-1234abcd');
  });

  it('refuses malformed nonces without sending anything', async () => {
    const bridge = await loadPreload();
    for (const nonce of ['short', 'has space here', 'x'.repeat(65), 42, null, { length: 10 }]) {
      expect(() => bridge.requestHostPort(nonce as string)).toThrow(TypeError);
    }
    expect(h.send).not.toHaveBeenCalled();
  });

  it('forwards the port to the page as a window message, without the IPC event', async () => {
    const bridge = await loadPreload();
    bridge.requestHostPort('nonce-1234abcd');
    const port = { postMessage: vi.fn() };
    deliver('nonce-1234abcd', [port]);
    expect(fakeWindow.postMessage).toHaveBeenCalledTimes(1);
    expect(fakeWindow.postMessage).toHaveBeenCalledWith({ type: HOST_PORT_WINDOW_MESSAGE, nonce: 'nonce-1234abcd' }, 'app://kiosk', [port]);
    const [message] = fakeWindow.postMessage.mock.calls[0] as [Record<string, unknown>];
    expect(Object.keys(message).sort()).toEqual(['nonce', 'type']);
  });

  it('drops ports for nonces the page did not ask for, and malformed deliveries', async () => {
    const bridge = await loadPreload();
    bridge.requestHostPort('nonce-1234abcd');
    deliver('nonce-other-999', [{}]);
    deliver('<script>', [{}]);
    deliver('nonce-1234abcd', []);
    deliver('nonce-1234abcd', [{}, {}]);
    expect(fakeWindow.postMessage).not.toHaveBeenCalled();
  });
});
