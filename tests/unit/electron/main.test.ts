import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ELECTRON_CHANNELS, HOST_CONNECT_MESSAGE, HOST_MASTER_KEY_MESSAGE } from '../../../common/ipc/electron-bridge';
import { keyringFromHandOff, loadMasterKey } from '../../../host/outbox/master-key';
import { fakeEvent, FakeSafeStorage, FakeWebContents, flushPromises, makeFakeElectron } from './fake-electron';
import type { FakeBrowserWindow, FakeElectron } from './fake-electron';

const h = vi.hoisted(() => ({ electron: undefined as unknown as FakeElectron }));

// Getters, so each fresh import of main.ts sees the fakes of its own test.
vi.mock('electron', () => ({
  get app() {
    return h.electron.app;
  },
  get BrowserWindow() {
    return h.electron.BrowserWindow;
  },
  get ipcMain() {
    return h.electron.ipcMain;
  },
  get Menu() {
    return h.electron.Menu;
  },
  get MessageChannelMain() {
    return h.electron.MessageChannelMain;
  },
  get powerSaveBlocker() {
    return h.electron.powerSaveBlocker;
  },
  get protocol() {
    return h.electron.protocol;
  },
  get safeStorage() {
    return h.electron.safeStorage;
  },
  get session() {
    return h.electron.session;
  },
  get utilityProcess() {
    return h.electron.utilityProcess;
  },
}));

// The embedded platform is a real child process; main's tests only check it is asked for.
vi.mock('../../../host/embedded-platform', () => ({
  startEmbeddedPlatform: vi.fn(async () => ({ apiUrl: 'http://127.0.0.1:9/api', enrollmentCode: 'demo-enrollment-code', pid: 1, stop: async () => undefined })),
}));

type Handler = (...args: unknown[]) => unknown;

let appPath = '';
let dataRoot = '';
/** A fresh userData directory for each load of main.ts, so no two loads share a status file. */
let userData = '';
let logs: string[] = [];

beforeAll(() => {
  appPath = mkdtempSync(path.join(os.tmpdir(), 'kiosk-electron-app-'));
  dataRoot = mkdtempSync(path.join(os.tmpdir(), 'kiosk-electron-data-'));
  mkdirSync(path.join(appPath, 'dist', 'renderer', 'assets'), { recursive: true });
  writeFileSync(path.join(appPath, 'dist', 'renderer', 'index.html'), '<!doctype html><title>kiosk</title>');
  writeFileSync(path.join(appPath, 'dist', 'renderer', 'simulator.html'), '<!doctype html><title>simulator</title>');
  writeFileSync(path.join(appPath, 'dist', 'renderer', 'assets', 'app.js'), 'export {};');
  writeFileSync(path.join(appPath, 'secret.json'), '{"secret":true}');
});

afterAll(async () => {
  // Let the shell's last status writes finish before the directory goes.
  await new Promise((resolve) => setTimeout(resolve, 100));
  rmSync(appPath, { recursive: true, force: true });
  rmSync(dataRoot, { recursive: true, force: true });
});

beforeEach(() => {
  logs = [];
  vi.spyOn(console, 'log').mockImplementation((line: unknown) => {
    logs.push(String(line));
  });
  vi.stubEnv('KIOSK_DATA_DIR', '');
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

async function loadMain(options: { lock?: boolean; safeStorage?: FakeSafeStorage } = {}): Promise<FakeElectron> {
  vi.resetModules();
  userData = mkdtempSync(path.join(dataRoot, 'load-'));
  h.electron = makeFakeElectron({ ...options, appPath, userData });
  await import('../../../electron/main');
  await flushPromises();
  return h.electron;
}

function theWindow(): FakeBrowserWindow {
  const [win] = h.electron.BrowserWindow.instances;
  if (!win) throw new Error('no window was created');
  return win;
}

function handlersOf(emitter: { listeners: Map<string, Handler[]> }, event: string): Handler[] {
  return emitter.listeners.get(event) ?? [];
}

function emitTo(emitter: { listeners: Map<string, Handler[]> }, event: string, ...args: unknown[]): void {
  for (const handler of handlersOf(emitter, event)) handler(...args);
}

describe('electron/main.ts startup', () => {
  it('quits without creating anything when the single-instance lock is not obtained', async () => {
    const electron = await loadMain({ lock: false });
    expect(electron.app.requestSingleInstanceLock).toHaveBeenCalledTimes(1);
    expect(electron.app.quit).toHaveBeenCalledTimes(1);
    expect(electron.app.whenReady).not.toHaveBeenCalled();
    expect(electron.BrowserWindow.instances).toHaveLength(0);
    expect(electron.utilityProcess.fork).not.toHaveBeenCalled();
  });

  it('registers the app scheme as privileged before ready, and enables the sandbox', async () => {
    const electron = await loadMain();
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
    ]);
    const registered = electron.protocol.registerSchemesAsPrivileged.mock.invocationCallOrder[0] ?? Infinity;
    const ready = electron.app.whenReady.mock.invocationCallOrder[0] ?? -Infinity;
    expect(registered).toBeLessThan(ready);
    expect(electron.app.enableSandbox).toHaveBeenCalled();
    expect(electron.app.quit).not.toHaveBeenCalled();
  });

  it('creates exactly one kiosk window with the secure webPreferences', async () => {
    const electron = await loadMain();
    expect(electron.BrowserWindow.instances).toHaveLength(1);
    const { options } = theWindow();
    expect(options).toMatchObject({ kiosk: true, fullscreen: true, autoHideMenuBar: true, backgroundColor: expect.any(String) as string });
    expect(options.webPreferences).toEqual({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      devTools: false,
      spellcheck: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      preload: path.join(appPath, 'dist', 'electron', 'preload.cjs'),
    });
    expect(path.isAbsolute((options.webPreferences as { preload: string }).preload)).toBe(true);
  });

  it('removes the menu, keeps the display awake, limits zoom, and loads the app URL', async () => {
    const electron = await loadMain();
    const contents = theWindow().webContents;
    expect(electron.Menu.setApplicationMenu).toHaveBeenCalledWith(null);
    expect(electron.powerSaveBlocker.start).toHaveBeenCalledWith('prevent-display-sleep');
    expect(contents.setVisualZoomLevelLimits).toHaveBeenCalledWith(1, 1);
    expect(contents.loadURL).toHaveBeenCalledWith('app://kiosk/index.html');
  });

  it('focuses the window when a second instance starts', async () => {
    const electron = await loadMain();
    emitTo(electron.app, 'second-instance', fakeEvent(), [], '/');
    expect(theWindow().focus).toHaveBeenCalled();
  });

  it('does not let the window close unless the app is quitting', async () => {
    const electron = await loadMain();
    const closing = fakeEvent();
    emitTo(theWindow(), 'close', closing);
    expect(closing.preventDefault).toHaveBeenCalled();
    emitTo(electron.app, 'before-quit', fakeEvent());
    const closingForQuit = fakeEvent();
    emitTo(theWindow(), 'close', closingForQuit);
    expect(closingForQuit.preventDefault).not.toHaveBeenCalled();
  });
});

describe('navigation, windows and keys', () => {
  it('denies window.open', async () => {
    await loadMain();
    const handler = theWindow().webContents.windowOpenHandler;
    expect(handler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(handler?.({ url: 'app://kiosk/index.html' })).toEqual({ action: 'deny' });
  });

  it('prevents navigation and redirects to another origin, and logs the origin only', async () => {
    await loadMain();
    const contents = theWindow().webContents;
    const away = fakeEvent({ url: 'https://evil.example/steal?id=110105194912310021' });
    emitTo(contents, 'will-navigate', away, away.url);
    expect(away.preventDefault).toHaveBeenCalled();
    const lookalike = fakeEvent({ url: 'app://kiosk.evil/index.html' });
    emitTo(contents, 'will-navigate', lookalike, lookalike.url);
    expect(lookalike.preventDefault).toHaveBeenCalled();
    const redirect = fakeEvent({ url: 'http://127.0.0.1:9/' });
    emitTo(contents, 'will-redirect', redirect, redirect.url);
    expect(redirect.preventDefault).toHaveBeenCalled();
    const home = fakeEvent({ url: 'app://kiosk/index.html' });
    emitTo(contents, 'will-navigate', home, home.url);
    expect(home.preventDefault).not.toHaveBeenCalled();
    expect(logs.join('\n')).toContain('https://evil.example');
    expect(logs.join('\n')).not.toContain('110105194912310021');
    expect(logs.join('\n')).not.toContain('steal');
  });

  it('prevents sub-frame navigation and webview attachment', async () => {
    await loadMain();
    const contents = theWindow().webContents;
    const frame = fakeEvent({ url: 'app://kiosk/index.html', isMainFrame: false });
    emitTo(contents, 'will-frame-navigate', frame);
    expect(frame.preventDefault).toHaveBeenCalled();
    const webview = fakeEvent();
    emitTo(contents, 'will-attach-webview', webview, {}, {});
    expect(webview.preventDefault).toHaveBeenCalled();
  });

  it('swallows reload and devtools keys but passes typing', async () => {
    await loadMain();
    const contents = theWindow().webContents;
    const press = (key: string, code: string, mods: { control?: boolean; shift?: boolean } = {}) => {
      const event = fakeEvent();
      emitTo(contents, 'before-input-event', event, { type: 'keyDown', key, code, control: false, meta: false, alt: false, shift: false, ...mods });
      return event.preventDefault.mock.calls.length > 0;
    };
    expect(press('r', 'KeyR', { control: true })).toBe(true);
    expect(press('F12', 'F12')).toBe(true);
    expect(press('I', 'KeyI', { control: true, shift: true })).toBe(true);
    expect(press('a', 'KeyA')).toBe(false);
    expect(press('7', 'Digit7')).toBe(false);
    expect(press('Enter', 'Enter')).toBe(false);
  });

  it('hardens any other webContents that gets created', async () => {
    const electron = await loadMain();
    const other = new FakeWebContents();
    emitTo(electron.app, 'web-contents-created', fakeEvent(), other);
    expect(other.windowOpenHandler?.({ url: 'https://x/' })).toEqual({ action: 'deny' });
    const away = fakeEvent({ url: 'https://evil.example/' });
    emitTo(other, 'will-navigate', away, away.url);
    expect(away.preventDefault).toHaveBeenCalled();
    expect(other.count('will-attach-webview')).toBe(1);
  });
});

describe('session permissions', () => {
  type RequestHandler = (contents: unknown, permission: string, callback: (granted: boolean) => void, details: unknown) => void;
  type CheckHandler = (contents: unknown, permission: string, origin: string, details: unknown) => boolean;

  it('denies geolocation and the microphone, and allows the camera for app://kiosk only', async () => {
    const electron = await loadMain();
    const handler = electron.session.defaultSession.setPermissionRequestHandler.mock.calls[0]?.[0] as RequestHandler;
    const ask = (permission: string, details: unknown): boolean => {
      let granted: boolean | undefined;
      handler({}, permission, (g) => (granted = g), details);
      if (granted === undefined) throw new Error('callback not called');
      return granted;
    };
    const app = { isMainFrame: true, requestingUrl: 'app://kiosk/index.html' };
    expect(ask('geolocation', app)).toBe(false);
    expect(ask('notifications', app)).toBe(false);
    expect(ask('media', { ...app, mediaTypes: ['audio'] })).toBe(false);
    expect(ask('media', { ...app, mediaTypes: ['video'] })).toBe(true);
    expect(ask('media', { isMainFrame: true, requestingUrl: 'https://evil.example/', mediaTypes: ['video'] })).toBe(false);
    expect(ask('media', { isMainFrame: true, requestingUrl: 'app://kiosk.evil/', mediaTypes: ['video'] })).toBe(false);
  });

  it('answers permission checks the same way and never grants devices', async () => {
    const electron = await loadMain();
    const check = electron.session.defaultSession.setPermissionCheckHandler.mock.calls[0]?.[0] as CheckHandler;
    expect(check({}, 'media', 'app://kiosk', { isMainFrame: true, mediaType: 'video' })).toBe(true);
    expect(check({}, 'media', 'https://evil.example', { isMainFrame: true, mediaType: 'video' })).toBe(false);
    expect(check({}, 'geolocation', 'app://kiosk', { isMainFrame: true })).toBe(false);
    const device = electron.session.defaultSession.setDevicePermissionHandler.mock.calls[0]?.[0] as () => boolean;
    expect(device()).toBe(false);
  });

  it('cancels requests that leave the app, and blocks downloads and device pickers', async () => {
    const electron = await loadMain();
    const onBefore = electron.session.defaultSession.webRequest.onBeforeRequest.mock.calls[0]?.[1] as (details: { url: string }, cb: (r: { cancel: boolean }) => void) => void;
    const cancelled = (url: string) => {
      let result: boolean | undefined;
      onBefore({ url }, (r) => (result = r.cancel));
      return result;
    };
    expect(cancelled('https://cdn.example/x.js')).toBe(true);
    expect(cancelled('app://kiosk/assets/app.js')).toBe(false);
    const download = fakeEvent();
    emitTo(electron.session.defaultSession, 'will-download', download, {}, {});
    expect(download.preventDefault).toHaveBeenCalled();
    const serial = fakeEvent();
    const pick = vi.fn();
    emitTo(electron.session.defaultSession, 'select-serial-port', serial, [{ portId: '1' }], {}, pick);
    expect(serial.preventDefault).toHaveBeenCalled();
    expect(pick).toHaveBeenCalledWith('');
  });
});

describe('app:// protocol handler', () => {
  type ProtocolHandler = (request: { method: string; url: string }) => Promise<Response>;

  it('serves the page with the security headers and refuses everything else', async () => {
    const electron = await loadMain();
    expect(electron.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    const handler = electron.protocol.handle.mock.calls[0]?.[1] as ProtocolHandler;

    const page = await handler({ method: 'GET', url: 'app://kiosk/' });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>kiosk</title>');
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('content-security-policy')).not.toContain('unsafe-eval');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');

    const head = await handler({ method: 'HEAD', url: 'app://kiosk/assets/app.js' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');

    expect((await handler({ method: 'GET', url: 'app://kiosk/simulator.html' })).status).toBe(404);
    expect((await handler({ method: 'GET', url: 'app://kiosk/missing.js' })).status).toBe(404);
    expect((await handler({ method: 'POST', url: 'app://kiosk/index.html' })).status).toBe(405);
    const traversal = await handler({ method: 'GET', url: 'app://kiosk/%2e%2e/%2e%2e/secret.json' });
    expect(traversal.status).toBe(403);
    expect(await traversal.text()).not.toContain('secret');
    expect(traversal.headers.get('content-security-policy')).toContain("default-src 'none'");
  });
});

describe('device host and the port hand-off', () => {
  function request(electron: FakeElectron, event: object, nonce: unknown): void {
    const handler = electron.ipcHandlers.get(ELECTRON_CHANNELS.requestHostPort);
    if (!handler) throw new Error('no handler for requestHostPort');
    handler(event, nonce);
  }

  function pageEvent(contents: FakeWebContents, frame: { url: string; parent: unknown } | null = contents.mainFrame) {
    return { sender: contents, senderFrame: frame, ports: [] };
  }

  it('forks the host as a utilityProcess with the data directory in its environment', async () => {
    const electron = await loadMain();
    expect(electron.utilityProcess.fork).toHaveBeenCalledTimes(1);
    expect(electron.utilityProcess.fork).toHaveBeenCalledWith(path.join(appPath, 'dist', 'host', 'main.mjs'), [], {
      serviceName: 'kiosk-device-host',
      stdio: 'pipe',
      env: expect.objectContaining({ KIOSK_DATA_DIR: userData, KIOSK_SHELL: 'electron' }) as Record<string, string>,
    });
  });

  it('starts the embedded platform first when no platform is configured, and tells the host where it is', async () => {
    const electron = await loadMain();
    const { startEmbeddedPlatform } = await import('../../../host/embedded-platform');
    expect(startEmbeddedPlatform).toHaveBeenCalledWith(expect.objectContaining({ entry: path.join(appPath, 'dist', 'platform', 'main.mjs'), dataDir: path.join(userData, 'platform') }));
    const env = (electron.utilityProcess.fork as unknown as { mock: { calls: [string, string[], { env: Record<string, string> }][] } }).mock.calls[0]![2].env;
    expect(env).toMatchObject({ KIOSK_EMBEDDED_PLATFORM_URL: 'http://127.0.0.1:9/api', KIOSK_ENROLLMENT_CODE: 'demo-enrollment-code' });
  });

  it('hands one port to the host and the other to the page, with the nonce', async () => {
    const electron = await loadMain();
    const contents = theWindow().webContents;
    const [host] = electron.children;
    host?.emit('spawn');
    request(electron, pageEvent(contents), 'nonce-1234abcd');
    expect(host?.postMessage).toHaveBeenCalledWith({ type: HOST_CONNECT_MESSAGE }, [{ id: 'port1#1' }]);
    expect(contents.postMessage).toHaveBeenCalledWith(ELECTRON_CHANNELS.hostPort, 'nonce-1234abcd', [{ id: 'port2#1' }]);
  });

  it('rejects a request from a frame whose origin is not app://kiosk, a sub-frame, another webContents or a bad nonce', async () => {
    const electron = await loadMain();
    const contents = theWindow().webContents;
    const [host] = electron.children;
    host?.emit('spawn');
    const evilFrame = { url: 'https://evil.example/', parent: null };
    request(electron, { sender: { ...contents, mainFrame: evilFrame }, senderFrame: evilFrame }, 'nonce-1234abcd');
    request(electron, pageEvent(contents, { url: 'app://kiosk.evil/', parent: null }), 'nonce-1234abcd');
    request(electron, pageEvent(contents, { url: 'app://kiosk/index.html', parent: contents.mainFrame }), 'nonce-1234abcd');
    request(electron, pageEvent(contents, null), 'nonce-1234abcd');
    request(electron, pageEvent(new FakeWebContents()), 'nonce-1234abcd');
    request(electron, pageEvent(contents), 'bad nonce!');
    request(electron, pageEvent(contents), { nonce: 'nonce-1234abcd' });
    expect(host?.postMessage).not.toHaveBeenCalledWith({ type: HOST_CONNECT_MESSAGE }, expect.anything());
    expect(contents.postMessage).not.toHaveBeenCalled();
    expect(logs.filter((line) => line.includes('ipc-rejected'))).toHaveLength(7);
  });

  it('waits for the host to start before answering, then delivers', async () => {
    const electron = await loadMain();
    const contents = theWindow().webContents;
    request(electron, pageEvent(contents), 'nonce-early-0001');
    expect(contents.postMessage).not.toHaveBeenCalled();
    electron.children[0]?.emit('spawn');
    expect(contents.postMessage).toHaveBeenCalledWith(ELECTRON_CHANNELS.hostPort, 'nonce-early-0001', [expect.anything()]);
  });

  it('restarts the host after an exit with backoff and reconnects the page', async () => {
    vi.useFakeTimers();
    const electron = await loadMain();
    const contents = theWindow().webContents;
    electron.children[0]?.emit('spawn');
    request(electron, pageEvent(contents), 'nonce-1234abcd');
    expect(contents.postMessage).toHaveBeenCalledTimes(1);

    electron.children[0]?.emit('exit', 1);
    expect(electron.utilityProcess.fork).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(499);
    expect(electron.utilityProcess.fork).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(electron.utilityProcess.fork).toHaveBeenCalledTimes(2);

    const second = electron.children[1];
    second?.emit('spawn');
    expect(second?.postMessage).toHaveBeenCalledWith({ type: HOST_CONNECT_MESSAGE }, [{ id: 'port1#2' }]);
    expect(contents.postMessage).toHaveBeenLastCalledWith(ELECTRON_CHANNELS.hostPort, 'nonce-1234abcd', [{ id: 'port2#2' }]);

    // A quick second failure waits twice as long.
    second?.emit('exit', 1);
    vi.advanceTimersByTime(999);
    expect(electron.utilityProcess.fork).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(1);
    expect(electron.utilityProcess.fork).toHaveBeenCalledTimes(3);
  });

  it('escalates repeated host failures to a technician fault and relaunches the app', async () => {
    vi.useFakeTimers();
    const electron = await loadMain();
    for (let i = 0; i < 6; i += 1) {
      const child = electron.children.at(-1);
      child?.emit('spawn');
      child?.emit('exit', 1);
      vi.advanceTimersByTime(31_000);
    }
    expect(electron.app.relaunch).toHaveBeenCalledTimes(1);
    expect(electron.app.relaunch).toHaveBeenCalledWith({ args: expect.arrayContaining([expect.stringMatching(/^--kiosk-relaunch-history=\d+$/)]) as string[] });
    expect(electron.app.exit).toHaveBeenCalledWith(0);
    expect(logs.some((line) => line.includes('"host-fault"'))).toBe(true);
    // Written synchronously, before app.exit(): nothing is lost to the relaunch.
    const status = JSON.parse(readFileSync(path.join(userData, 'shell-status.json'), 'utf8')) as { host: { state: string; fault?: { code: string; actor: string } } };
    expect(status.host).toMatchObject({ state: 'fault', fault: { code: 'not-responding', actor: 'technician' } });
    const faults = readFileSync(path.join(userData, 'shell-faults.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(faults).toEqual([
      expect.objectContaining({ event: 'host-fault', code: 'not-responding', actor: 'technician', failures: 6 }),
      expect.objectContaining({ event: 'relaunch', cause: 'host-fault' }),
    ]);
  });

  it('does not restart the host when the app quits', async () => {
    vi.useFakeTimers();
    const electron = await loadMain();
    const child = electron.children[0];
    child?.emit('spawn');
    emitTo(electron.app, 'before-quit', fakeEvent());
    expect(child?.kill).toHaveBeenCalled();
    child?.emit('exit', 0);
    vi.advanceTimersByTime(60_000);
    expect(electron.utilityProcess.fork).toHaveBeenCalledTimes(1);
  });
});

describe('the outbox master key (safeStorage)', () => {
  type ForkCall = [string, string[], { env: Record<string, string> }];
  const forkEnv = (electron: FakeElectron, index: number): Record<string, string> => (electron.utilityProcess.fork as unknown as { mock: { calls: ForkCall[] } }).mock.calls[index]![2].env;
  const keyMessages = (child: { postMessage: { mock: { calls: unknown[][] } } } | undefined) => (child?.postMessage.mock.calls ?? []).filter(([message]) => (message as { type?: unknown }).type === HOST_MASTER_KEY_MESSAGE);

  it('seals the key with safeStorage and hands it to the host at each fork, before any port', async () => {
    vi.useFakeTimers();
    vi.stubEnv('KIOSK_KEY_STORE_REFUSED', 'unsafe-backend'); // inherited values never reach the host
    const electron = await loadMain();
    expect(forkEnv(electron, 0)).toMatchObject({ KIOSK_MASTER_KEY_SOURCE: 'parent', KIOSK_SAFE_STORAGE_BACKEND: 'gnome_libsecret' });
    expect(forkEnv(electron, 0)).not.toHaveProperty('KIOSK_KEY_STORE_REFUSED');
    const first = electron.children[0];
    const [[message]] = keyMessages(first) as [[unknown]];
    const keyring = keyringFromHandOff(message);
    expect(keyring?.keys.get(1)).toHaveLength(32);
    // At rest only as safeStorage ciphertext.
    const sealed = readFileSync(path.join(userData, 'host', 'outbox', 'master.key.sealed'));
    expect(sealed.includes(Buffer.from((message as { key: string }).key))).toBe(false);
    expect(existsSync(path.join(userData, 'host', 'outbox', 'master.key'))).toBe(false);

    // The key goes first: the page's port follows it on the same parentPort.
    first?.emit('spawn');
    const contents = theWindow().webContents;
    electron.ipcHandlers.get(ELECTRON_CHANNELS.requestHostPort)?.({ sender: contents, senderFrame: contents.mainFrame }, 'nonce-1234abcd');
    expect(first?.postMessage.mock.calls.map(([m]) => (m as { type: string }).type)).toEqual([HOST_MASTER_KEY_MESSAGE, HOST_CONNECT_MESSAGE]);

    // A restarted host gets the same key again.
    first?.emit('exit', 1);
    vi.advanceTimersByTime(500);
    expect(electron.utilityProcess.fork).toHaveBeenCalledTimes(2);
    expect(keyMessages(electron.children[1])).toEqual([[message]]);
    expect(forkEnv(electron, 1)).toMatchObject({ KIOSK_MASTER_KEY_SOURCE: 'parent' });
    expect(electron.safeStorage.encryptString).toHaveBeenCalledTimes(1);

    // Main's log says what happened, without the key or a path.
    expect(logs.some((line) => line.includes('"master-key-ready"') && line.includes('"created"'))).toBe(true);
    const text = logs.join('\n');
    expect(text).not.toContain((message as { key: string }).key);
    expect(text).not.toContain(userData);
  });

  it('opens the sealed key a terminal already has (the same key after a relaunch)', async () => {
    const safeStorage = new FakeSafeStorage(0x21);
    const electron = await loadMain({ safeStorage });
    const key = (keyMessages(electron.children[0])[0]?.[0] as { key: string }).key;
    // Relaunch with the same userData.
    vi.resetModules();
    h.electron = makeFakeElectron({ appPath, userData, safeStorage });
    await import('../../../electron/main');
    await flushPromises();
    expect((keyMessages(h.electron.children[0])[0]?.[0] as { key: string }).key).toBe(key);
    expect(logs.some((line) => line.includes('"master-key-ready"') && line.includes('"opened"'))).toBe(true);
  });

  it('starts the host with the refusal when safeStorage falls back to a fixed password, so the host refuses and says why', async () => {
    const safeStorage = new FakeSafeStorage();
    safeStorage.backend = 'basic_text';
    const electron = await loadMain({ safeStorage });
    expect(electron.utilityProcess.fork).toHaveBeenCalledTimes(1);
    const env = forkEnv(electron, 0);
    expect(env).toMatchObject({ KIOSK_KEY_STORE_REFUSED: 'unsafe-backend', KIOSK_SAFE_STORAGE_BACKEND: 'basic_text' });
    expect(env).not.toHaveProperty('KIOSK_MASTER_KEY_SOURCE');
    expect(keyMessages(electron.children[0])).toEqual([]);
    expect(safeStorage.encryptString).not.toHaveBeenCalled();
    expect(logs.some((line) => line.includes('"key-store-refused"') && line.includes('"unsafe-backend"') && line.includes('"basic_text"'))).toBe(true);
    expect(logs.join('\n')).not.toContain(userData);
    const faults = readFileSync(path.join(userData, 'shell-faults.jsonl'), 'utf8');
    expect(faults).toContain('"key-store-refused"');
    // What the host does with that environment: refuses, in the words it always used.
    const hostKeyFile = path.join(userData, 'host', 'outbox', 'master.key');
    expect(() => loadMasterKey(hostKeyFile, { safeStorageBackend: env.KIOSK_SAFE_STORAGE_BACKEND, refused: env.KIOSK_KEY_STORE_REFUSED })).toThrow(/"basic_text" backend, which falls back to a fixed, publicly known password/);
    expect(existsSync(hostKeyFile)).toBe(false);
  });

  it('passes "encryption unavailable" on to the host, and tries the key store again when the host restarts', async () => {
    vi.useFakeTimers();
    const safeStorage = new FakeSafeStorage();
    safeStorage.available = false;
    const electron = await loadMain({ safeStorage });
    const env = forkEnv(electron, 0);
    expect(env).toMatchObject({ KIOSK_KEY_STORE_REFUSED: 'encryption-unavailable' });
    expect(() => loadMasterKey(path.join(userData, 'host', 'outbox', 'master.key'), { refused: env.KIOSK_KEY_STORE_REFUSED })).toThrow(/cannot encrypt on this machine/);
    // The host refuses and exits; meanwhile a technician unlocked the secret store.
    electron.children[0]?.emit('spawn');
    safeStorage.available = true;
    electron.children[0]?.emit('exit', 1);
    vi.advanceTimersByTime(500);
    expect(forkEnv(electron, 1)).toMatchObject({ KIOSK_MASTER_KEY_SOURCE: 'parent' });
    expect(forkEnv(electron, 1)).not.toHaveProperty('KIOSK_KEY_STORE_REFUSED');
    expect(keyMessages(electron.children[1])).toHaveLength(1);
  });
});

describe('renderer watchdog wiring', () => {
  it('reloads the app page after the renderer crashes', async () => {
    vi.useFakeTimers();
    await loadMain();
    const contents = theWindow().webContents;
    emitTo(contents, 'did-finish-load');
    emitTo(contents, 'render-process-gone', fakeEvent(), { reason: 'crashed', exitCode: 139 });
    expect(contents.loadURL).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(500);
    expect(contents.loadURL).toHaveBeenCalledTimes(2);
    expect(contents.loadURL).toHaveBeenLastCalledWith('app://kiosk/index.html');
  });

  it('kills a renderer that stays unresponsive for 10 s', async () => {
    vi.useFakeTimers();
    await loadMain();
    const contents = theWindow().webContents;
    emitTo(contents, 'unresponsive');
    vi.advanceTimersByTime(9_999);
    expect(contents.forcefullyCrashRenderer).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(contents.forcefullyCrashRenderer).toHaveBeenCalledTimes(1);
  });

  it('relaunches the app after repeated renderer crashes', async () => {
    vi.useFakeTimers();
    const electron = await loadMain();
    const contents = theWindow().webContents;
    for (let i = 0; i < 5; i += 1) {
      emitTo(contents, 'did-finish-load');
      emitTo(contents, 'render-process-gone', fakeEvent(), { reason: 'oom', exitCode: 0 });
      vi.advanceTimersByTime(20_000);
    }
    expect(electron.app.relaunch).toHaveBeenCalledTimes(1);
    expect(electron.app.exit).toHaveBeenCalledWith(0);
  });

  it('treats a failed main-frame load as a renderer failure, but not an aborted one', async () => {
    vi.useFakeTimers();
    await loadMain();
    const contents = theWindow().webContents;
    emitTo(contents, 'did-fail-load', fakeEvent(), -3, 'ERR_ABORTED', 'app://kiosk/index.html', true);
    emitTo(contents, 'did-fail-load', fakeEvent(), -6, 'ERR_FILE_NOT_FOUND', 'app://kiosk/assets/x.png', false);
    vi.advanceTimersByTime(60_000);
    expect(contents.loadURL).toHaveBeenCalledTimes(1);
    emitTo(contents, 'did-fail-load', fakeEvent(), -6, 'ERR_FILE_NOT_FOUND', 'app://kiosk/index.html', true);
    vi.advanceTimersByTime(500);
    expect(contents.loadURL).toHaveBeenCalledTimes(2);
  });

  it('with the relaunch budget spent, stays up in a degraded state and records it', async () => {
    vi.useFakeTimers();
    const now = Date.now();
    const argv = [...process.argv];
    process.argv.push(`--kiosk-relaunch-history=${now - 3_000},${now - 2_000},${now - 1_000}`);
    try {
      const electron = await loadMain();
      const contents = theWindow().webContents;
      for (let i = 0; i < 5; i += 1) {
        emitTo(contents, 'render-process-gone', fakeEvent(), { reason: 'crashed', exitCode: 1 });
        vi.advanceTimersByTime(20_000);
      }
      expect(electron.app.relaunch).not.toHaveBeenCalled();
      expect(electron.app.exit).not.toHaveBeenCalled();
      const faults = readFileSync(path.join(userData, 'shell-faults.jsonl'), 'utf8');
      expect(faults).toContain('"renderer-degraded"');
    } finally {
      process.argv.splice(0, process.argv.length, ...argv);
    }
  });

  it('forgets the page nonce when the renderer is gone', async () => {
    vi.useFakeTimers();
    const electron = await loadMain();
    const contents = theWindow().webContents;
    electron.children[0]?.emit('spawn');
    electron.ipcHandlers.get(ELECTRON_CHANNELS.requestHostPort)?.({ sender: contents, senderFrame: contents.mainFrame }, 'nonce-1234abcd');
    emitTo(contents, 'render-process-gone', fakeEvent(), { reason: 'crashed', exitCode: 1 });
    electron.children[0]?.emit('exit', 1);
    vi.advanceTimersByTime(1_000);
    electron.children[1]?.emit('spawn');
    expect(contents.postMessage).toHaveBeenCalledTimes(1);
  });
});
