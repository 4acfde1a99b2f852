/**
 * The Electron main process: thin glue between Electron's APIs and the pure policies in ./policy.
 * Every decision (where the page may go, which keys and permissions it gets, which files it is
 * served, when to reload or restart) lives in those modules and is unit-tested without Electron.
 *
 * One kiosk window on app://kiosk/index.html, served by protocol.handle with a header CSP; the
 * device host runs as a utilityProcess and talks to the page over a MessagePort this process hands
 * out (common/ipc/electron-bridge.ts), after handing it the outbox master key, which this process
 * keeps sealed with safeStorage (policy/key-store.ts). Logs carry event names, reasons and origins
 * only: never a path, a query, a key, or anything a citizen typed.
 */
import { app, BrowserWindow, ipcMain, Menu, MessageChannelMain, powerSaveBlocker, protocol, safeStorage, session, utilityProcess } from 'electron';
import type { IpcMainEvent, Session, UtilityProcess, WebContents } from 'electron';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ELECTRON_CHANNELS, HOST_CONNECT_MESSAGE } from '../common/ipc/electron-bridge';
import { loadKioskConfig } from '../host/config/load-config';
import { startEmbeddedPlatform, type EmbeddedPlatform } from '../host/embedded-platform';
import { fileUnderRoot, resolveAppRequest, securityHeaders } from './policy/app-protocol';
import { isValidNonce, RequestThrottle, validateIpcSender } from './policy/ipc';
import { shouldBlockInput } from './policy/keys';
import { APP_ENTRY_URL, APP_SCHEME, frameNavigationDecision, navigationDecision, requestDecision, urlForLog, windowOpenDecision } from './policy/navigation';
import { devicePermissionDecision, permissionCheckDecision, permissionRequestDecision } from './policy/permissions';
import { hostEnvironment, resolveDataDir, shellPaths } from './policy/shell-config';
import { hostKeyHandOff, KEY_STORE_ENV, type HostKeyHandOff } from './policy/key-store';
import { HostSupervisor, readRelaunchHistory, relaunchAllowed, relaunchArgs, RendererWatchdog, shellStatus } from './policy/watchdog';
import type { HostDecision, RendererAction, ShellStatus } from './policy/watchdog';

export const HOST_SERVICE_NAME = 'kiosk-device-host';

type LogValue = string | number | boolean | undefined;

/** An error's code or class for the log; messages can quote paths or input, so they are left out. */
function errorCode(error: unknown): string {
  if (error instanceof Error) return typeof (error as NodeJS.ErrnoException).code === 'string' ? String((error as NodeJS.ErrnoException).code) : error.name;
  return 'unknown';
}

function log(event: string, fields: Record<string, LogValue> = {}): void {
  console.log(JSON.stringify({ at: new Date().toISOString(), src: 'electron-main', event, ...fields }));
}

//#region before ready

// The app scheme must be privileged before `ready`: standard (origin, relative URLs), secure
// context (camera), fetch, and code cache for the bundle.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }]);
app.enableSandbox();
// Pinch zoom and swipe-to-go-back are touch-screen escape hatches.
app.commandLine.appendSwitch('disable-pinch');
app.commandLine.appendSwitch('overscroll-history-navigation', '0');

if (!app.requestSingleInstanceLock()) {
  log('single-instance-lock-not-obtained');
  app.quit();
} else {
  startShell();
}

//#endregion

function startShell(): void {
  const relaunchHistory = readRelaunchHistory(process.argv);
  const canRelaunch = (): boolean => relaunchAllowed(relaunchHistory, Date.now());
  const hardened = new WeakSet<WebContents>();
  let win: BrowserWindow | undefined;
  let quitting = false;
  let hostChild: UtilityProcess | undefined;
  let dataDir = '';
  let status: ShellStatus = shellStatus(new Date(), { state: 'starting' }, { degraded: false });
  let statusWrites: Promise<void> = Promise.resolve();
  // The nonce of the page's latest port request, and the nonce already served by the running host.
  let pageNonce: string | undefined;
  let connectedNonce: string | undefined;
  const throttle = new RequestThrottle();

  const hostSupervisor = new HostSupervisor({ canRelaunch });

  function relaunch(cause: string): void {
    log('app-relaunch', { cause });
    // app.exit() does not wait for pending writes: record the fault synchronously first.
    recordFaultSync({ event: 'relaunch', cause });
    quitting = true;
    hostSupervisor.stop();
    app.relaunch({ args: relaunchArgs(process.argv.slice(1), relaunchHistory, Date.now()) });
    app.exit(0);
  }

  function writeStatus(host: Partial<ShellStatus['host']> = {}, renderer: Partial<ShellStatus['renderer']> = {}): void {
    status = shellStatus(new Date(), { ...status.host, state: hostSupervisor.state, ...host }, { ...status.renderer, ...renderer });
    if (dataDir === '') return;
    const file = path.join(dataDir, 'shell-status.json');
    const text = `${JSON.stringify(status, null, 2)}\n`;
    // One write at a time, each complete (temp file + rename), so a reader never sees half a file.
    statusWrites = statusWrites
      .then(() => mkdir(dataDir, { recursive: true }))
      .then(() => writeFile(`${file}.tmp`, text))
      .then(() => rename(`${file}.tmp`, file))
      .catch((error: unknown) => log('status-write-failed', { error: errorCode(error) }));
  }

  /**
   * Appends a line to <dataDir>/shell-faults.jsonl (kept across relaunches, unlike the status file)
   * and writes the current status, both synchronously. Fault codes and counts only.
   */
  function recordFaultSync(entry: Record<string, LogValue>): void {
    if (dataDir === '') return;
    try {
      mkdirSync(dataDir, { recursive: true });
      appendFileSync(path.join(dataDir, 'shell-faults.jsonl'), `${JSON.stringify({ at: new Date().toISOString(), ...entry })}\n`);
      writeFileSync(path.join(dataDir, 'shell-status.json'), `${JSON.stringify(status, null, 2)}\n`);
    } catch (error) {
      log('status-write-failed', { error: errorCode(error) });
    }
  }

  //#region hardening of every webContents and of the session

  function hardenWebContents(contents: WebContents): void {
    if (hardened.has(contents)) return;
    hardened.add(contents);
    contents.setWindowOpenHandler(() => windowOpenDecision());
    contents.on('will-navigate', (event) => {
      if (navigationDecision(event.url) === 'deny') {
        event.preventDefault();
        log('navigation-blocked', { to: urlForLog(event.url) });
      }
    });
    contents.on('will-redirect', (event) => {
      if (navigationDecision(event.url) === 'deny') {
        event.preventDefault();
        log('redirect-blocked', { to: urlForLog(event.url) });
      }
    });
    contents.on('will-frame-navigate', (event) => {
      if (frameNavigationDecision(event.url, event.isMainFrame) === 'deny') {
        event.preventDefault();
        log('frame-navigation-blocked', { to: urlForLog(event.url), mainFrame: event.isMainFrame });
      }
    });
    contents.on('will-attach-webview', (event) => {
      event.preventDefault();
      log('webview-blocked');
    });
    contents.on('before-input-event', (event, input) => {
      if (shouldBlockInput(input)) event.preventDefault();
    });
    contents.setVisualZoomLevelLimits(1, 1).catch(() => undefined);
  }

  function hardenSession(ses: Session): void {
    ses.setPermissionRequestHandler((_contents, permission, callback, details) => {
      const granted = permissionRequestDecision(permission, details);
      if (!granted) log('permission-denied', { permission });
      callback(granted);
    });
    ses.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) => permissionCheckDecision(permission, requestingOrigin, details));
    ses.setDevicePermissionHandler(() => devicePermissionDecision());
    ses.on('select-hid-device', (event, _details, callback) => {
      event.preventDefault();
      callback(null);
    });
    ses.on('select-serial-port', (event, _ports, _contents, callback) => {
      event.preventDefault();
      callback('');
    });
    ses.on('select-usb-device', (event, _details, callback) => {
      event.preventDefault();
      callback();
    });
    ses.on('will-download', (event) => {
      event.preventDefault();
      log('download-blocked');
    });
    ses.webRequest.onBeforeRequest({ urls: ['<all_urls>'] }, (details, callback) => {
      const cancel = requestDecision(details.url) === 'deny';
      if (cancel) log('request-blocked', { to: urlForLog(details.url) });
      callback({ cancel });
    });
  }

  //#endregion

  //#region app:// protocol

  async function serveApp(root: string, method: string, url: string): Promise<Response> {
    const resolution = resolveAppRequest(method, url);
    if (resolution.kind === 'error') return new Response(null, { status: resolution.status, headers: securityHeaders() });
    const file = fileUnderRoot(root, resolution.relativePath);
    if (file === undefined) return new Response(null, { status: 403, headers: securityHeaders() });
    try {
      const body = await readFile(file);
      return new Response(resolution.headOnly ? null : new Uint8Array(body), { status: 200, headers: securityHeaders(resolution.contentType) });
    } catch {
      return new Response(null, { status: 404, headers: securityHeaders() });
    }
  }

  //#endregion

  //#region device host and the port hand-off

  function connectPage(): void {
    const contents = win !== undefined && !win.isDestroyed() ? win.webContents : undefined;
    if (contents === undefined || pageNonce === undefined || hostChild === undefined || hostSupervisor.state !== 'running') return;
    const { port1, port2 } = new MessageChannelMain();
    hostChild.postMessage({ type: HOST_CONNECT_MESSAGE }, [port1]);
    contents.postMessage(ELECTRON_CHANNELS.hostPort, pageNonce, [port2]);
    connectedNonce = pageNonce;
    log('host-port-sent');
  }

  function onRequestHostPort(event: IpcMainEvent, nonce: unknown): void {
    const verdict = validateIpcSender({
      senderFrame: event.senderFrame,
      mainFrame: event.sender.mainFrame,
      fromKioskWindow: win !== undefined && !win.isDestroyed() && event.sender === win.webContents,
    });
    if (!verdict.ok) {
      log('ipc-rejected', { channel: ELECTRON_CHANNELS.requestHostPort, reason: verdict.reason });
      return;
    }
    if (!isValidNonce(nonce)) {
      log('ipc-rejected', { channel: ELECTRON_CHANNELS.requestHostPort, reason: 'bad-nonce' });
      return;
    }
    if (!throttle.allow()) {
      log('ipc-rejected', { channel: ELECTRON_CHANNELS.requestHostPort, reason: 'throttled' });
      return;
    }
    pageNonce = nonce;
    connectPage();
  }

  let keyHandOff: HostKeyHandOff | undefined;

  /**
   * The outbox master key for the host, from the safeStorage-sealed key store: obtained once and
   * kept; a refusal is tried again at the next start of the host (a technician may have unlocked
   * the secret store meanwhile).
   */
  function keyStoreForHost(): HostKeyHandOff {
    if (keyHandOff?.ok) return keyHandOff;
    const previous = keyHandOff;
    keyHandOff = hostKeyHandOff(dataDir, safeStorage);
    if (keyHandOff.ok) {
      log('master-key-ready', { origin: keyHandOff.origin, backend: keyHandOff.backend });
    } else {
      log('key-store-refused', { reason: keyHandOff.reason, backend: keyHandOff.backend, error: keyHandOff.error });
      if (previous?.ok !== false || previous.reason !== keyHandOff.reason) recordFaultSync({ event: 'key-store-refused', reason: keyHandOff.reason, actor: 'technician' });
    }
    return keyHandOff;
  }

  function forkHost(hostEntry: string): void {
    if (quitting) return;
    const keyStore = keyStoreForHost();
    const inherited = Object.fromEntries(KEY_STORE_ENV.map((name) => [name, undefined]));
    const child = utilityProcess.fork(hostEntry, [], {
      serviceName: HOST_SERVICE_NAME,
      stdio: 'pipe',
      env: hostEnvironment({ ...process.env, ...embeddedPlatformEnv, ...inherited, ...keyStore.env }, dataDir, app.isPackaged, shellPaths(app.getAppPath()).rendererRoot),
    });
    hostChild = child;
    // The host waits for its key before anything else; it queues until the host listens.
    if (keyStore.ok) child.postMessage(keyStore.message);
    // The pipes must be drained or the host blocks on a full pipe; the host keeps its own logs free of personal data.
    child.stdout?.on('data', (chunk: Buffer) => process.stdout.write(chunk));
    child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    child.on('spawn', () => {
      hostSupervisor.started();
      log('host-started', { pid: child.pid });
      writeStatus({ state: 'running', fault: undefined, failures: undefined });
      // A restarted host has lost the page's port: hand the page a new one for its current nonce.
      connectPage();
    });
    child.on('exit', (code) => {
      if (hostChild === child) hostChild = undefined;
      connectedNonce = undefined;
      onHostDecision(hostSupervisor.exited(code), hostEntry, code);
    });
  }

  function onHostDecision(decision: HostDecision, hostEntry: string, code: number): void {
    switch (decision.action) {
      case 'none':
        return;
      case 'restart':
        log('host-exited', { code, restartInMs: decision.delayMs, attempt: decision.attempt });
        writeStatus({ state: 'restarting' });
        setTimeout(() => forkHost(hostEntry), decision.delayMs);
        return;
      case 'fault':
        log('host-fault', { code, failures: decision.failures, relaunch: decision.relaunch });
        writeStatus({ state: 'fault', fault: decision.fault, failures: decision.failures });
        recordFaultSync({ event: 'host-fault', code: decision.fault.code, actor: decision.fault.actor, failures: decision.failures });
        if (decision.relaunch) relaunch('host-fault');
        else setTimeout(() => forkHost(hostEntry), decision.retryMs);
        return;
    }
  }

  //#endregion

  //#region the kiosk window

  function createWindow(preload: string): BrowserWindow {
    const window = new BrowserWindow({
      show: false,
      kiosk: true,
      fullscreen: true,
      autoHideMenuBar: true,
      backgroundColor: '#ffffff',
      title: '便民自助终端',
      webPreferences: {
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
        preload: preload,
      },
    });
    hardenWebContents(window.webContents);
    window.once('ready-to-show', () => window.show());
    // Only quitting the app closes the window (Alt+F4 reaches the window manager, not the page).
    window.on('close', (event) => {
      if (!quitting) event.preventDefault();
    });
    window.on('session-end', () => {
      quitting = true;
    });
    return window;
  }

  function wireRenderer(window: BrowserWindow): void {
    const contents = window.webContents;
    const watchdog = new RendererWatchdog({ canRelaunch, act: onRendererAction });

    function onRendererAction(action: RendererAction): void {
      switch (action.action) {
        case 'crash-renderer':
          log('renderer-hung');
          if (!contents.isDestroyed()) contents.forcefullyCrashRenderer();
          return;
        case 'reload':
          log('renderer-reload', { cause: action.cause, inMs: action.delayMs, degraded: action.degraded });
          writeStatus({}, { degraded: action.degraded, lastCause: action.cause });
          if (action.degraded) recordFaultSync({ event: 'renderer-degraded', cause: action.cause });
          setTimeout(() => {
            if (!contents.isDestroyed()) contents.loadURL(APP_ENTRY_URL).catch(() => log('renderer-load-failed'));
          }, action.delayMs);
          return;
        case 'relaunch':
          relaunch(action.cause);
          return;
      }
    }

    const forgetPort = (): void => {
      pageNonce = undefined;
      connectedNonce = undefined;
    };
    contents.on('did-start-navigation', (event) => {
      if (event.isMainFrame && !event.isSameDocument) forgetPort();
    });
    contents.on('did-finish-load', () => {
      watchdog.loaded();
      // The page asked before the host was ready (or before it restarted): deliver now.
      if (pageNonce !== undefined && connectedNonce !== pageNonce) connectPage();
    });
    contents.on('did-fail-load', (_event, errorCode, _description, _url, isMainFrame) => {
      // -3 is ERR_ABORTED: a navigation replaced by another, not a failure.
      if (isMainFrame && errorCode !== -3) watchdog.gone(`load-failed:${errorCode}`);
    });
    contents.on('render-process-gone', (_event, details) => {
      forgetPort();
      log('renderer-gone', { reason: details.reason, exitCode: details.exitCode });
      watchdog.gone(details.reason);
    });
    contents.on('unresponsive', () => watchdog.unresponsive());
    contents.on('responsive', () => watchdog.responsive());
    window.on('closed', () => watchdog.dispose());
  }

  //#endregion

  //#region embedded platform

  let embeddedPlatform: EmbeddedPlatform | undefined;
  let embeddedPlatformEnv: Record<string, string> = {};

  /**
   * The embedded default (no platform configured) runs the local platform beside the kiosk. It needs
   * a Node.js on the PATH: its SQLite binding is built for Node, not for Electron. Production
   * terminals configure a remote platform, and then nothing is started here.
   */
  async function startEmbeddedPlatformIfConfigured(platformEntry: string): Promise<void> {
    let embedded = false;
    try {
      embedded = loadKioskConfig({ env: process.env, dataDir }).platform.mode === 'embedded';
    } catch {
      return; // A bad configuration is reported by the host, which reads the same file.
    }
    if (!embedded) return;
    try {
      embeddedPlatform = await startEmbeddedPlatform({ nodeBinary: process.env.KIOSK_NODE ?? 'node', entry: platformEntry, dataDir: path.join(dataDir, 'platform') });
      embeddedPlatformEnv = { KIOSK_EMBEDDED_PLATFORM_URL: embeddedPlatform.apiUrl, KIOSK_ENROLLMENT_CODE: embeddedPlatform.enrollmentCode };
      log('embedded-platform-started', { pid: embeddedPlatform.pid });
    } catch (error) {
      // The kiosk still runs, offline: everything is queued until a platform answers.
      log('embedded-platform-unavailable', { error: errorCode(error) });
      recordFaultSync({ event: 'embedded-platform-unavailable', actor: 'technician' });
    }
  }

  //#endregion

  //#region app lifecycle

  app.on('second-instance', () => {
    if (win === undefined || win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  app.on('child-process-gone', (_event, details) => {
    if (details.type === 'Utility' && details.name === HOST_SERVICE_NAME) log('host-process-gone', { reason: details.reason, exitCode: details.exitCode });
  });
  app.on('before-quit', () => {
    quitting = true;
    void embeddedPlatform?.stop();
    hostSupervisor.stop();
    hostChild?.kill();
  });
  app.on('window-all-closed', () => app.quit());

  app
    .whenReady()
    .then(() => {
      Menu.setApplicationMenu(null);
      const paths = shellPaths(app.getAppPath());
      dataDir = resolveDataDir(process.env, app.getPath('userData'));
      hardenSession(session.defaultSession);
      protocol.handle(APP_SCHEME, (request) => serveApp(paths.rendererRoot, request.method, request.url));
      powerSaveBlocker.start('prevent-display-sleep');
      ipcMain.on(ELECTRON_CHANNELS.requestHostPort, onRequestHostPort);
      return startEmbeddedPlatformIfConfigured(paths.platformEntry).then(() => paths);
    })
    .then((paths) => {
      forkHost(paths.hostEntry);
      win = createWindow(paths.preload);
      wireRenderer(win);
      log('shell-ready', { packaged: app.isPackaged, relaunches: relaunchHistory.length });
      return win.webContents.loadURL(APP_ENTRY_URL);
    })
    .catch((error: unknown) => {
      log('startup-failed', { error: errorCode(error) });
    });

  //#endregion
}
