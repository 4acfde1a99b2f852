/**
 * A fake of the parts of `electron` the shell uses, for vi.mock('electron', …). Electron's binary
 * cannot be downloaded here, so main.ts and preload.ts are exercised against these fakes.
 */
import { vi } from 'vitest';

type Listener = (...args: unknown[]) => unknown;

export class FakeEmitter {
  readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: Listener): this {
    const wrapped: Listener = (...args) => {
      this.listeners.set(event, (this.listeners.get(event) ?? []).filter((l) => l !== wrapped));
      return listener(...args);
    };
    return this.on(event, wrapped);
  }
  emit(event: string, ...args: unknown[]): boolean {
    const list = this.listeners.get(event) ?? [];
    for (const listener of [...list]) listener(...args);
    return list.length > 0;
  }
  count(event: string): number {
    return this.listeners.get(event)?.length ?? 0;
  }
}

/** An event object as Electron passes it: preventDefault plus the details of the new-style events. */
export function fakeEvent<T extends object>(details: T = {} as T): T & { preventDefault: ReturnType<typeof vi.fn>; defaultPrevented: () => boolean } {
  const preventDefault = vi.fn();
  return Object.assign({}, details, { preventDefault, defaultPrevented: () => preventDefault.mock.calls.length > 0 });
}

export class FakeWebContents extends FakeEmitter {
  windowOpenHandler: ((details: { url: string }) => unknown) | undefined;
  readonly mainFrame = { url: 'app://kiosk/index.html', parent: null as unknown };
  readonly setWindowOpenHandler = vi.fn((handler: (details: { url: string }) => unknown) => {
    this.windowOpenHandler = handler;
  });
  readonly setVisualZoomLevelLimits = vi.fn(() => Promise.resolve());
  readonly postMessage = vi.fn();
  readonly loadURL = vi.fn(() => Promise.resolve());
  readonly forcefullyCrashRenderer = vi.fn();
  readonly isDestroyed = vi.fn(() => false);
}

export class FakeBrowserWindow extends FakeEmitter {
  static instances: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  readonly show = vi.fn();
  readonly focus = vi.fn();
  readonly restore = vi.fn();
  readonly isMinimized = vi.fn(() => false);
  readonly isDestroyed = vi.fn(() => false);
  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.instances.push(this);
  }
}

export class FakeUtilityProcess extends FakeEmitter {
  readonly postMessage = vi.fn();
  readonly kill = vi.fn(() => true);
  readonly stdout = new FakeEmitter();
  readonly stderr = new FakeEmitter();
  pid: number | undefined = 4242;
}

let channelCount = 0;
export class FakeMessageChannelMain {
  readonly port1: { id: string };
  readonly port2: { id: string };
  constructor() {
    channelCount += 1;
    this.port1 = { id: `port1#${channelCount}` };
    this.port2 = { id: `port2#${channelCount}` };
  }
}

/**
 * A fake of safeStorage: "encrypts" by XOR with a per-fake secret behind a marker, so a file sealed
 * by one fake does not open with another (like a reset keyring). No real protection, of course.
 */
export class FakeSafeStorage {
  available = true;
  backend = 'gnome_libsecret';
  constructor(readonly secret = 0x5a) {}
  readonly isEncryptionAvailable = vi.fn(() => this.available);
  readonly getSelectedStorageBackend = vi.fn(() => this.backend);
  readonly encryptString = vi.fn((plainText: string): Buffer => {
    if (!this.available) throw new Error('Error while encrypting the text provided to safeStorage.encryptString. Encryption is not available.');
    return Buffer.concat([Buffer.from('v11'), Buffer.from([this.secret]), Buffer.from(plainText, 'utf8').map((b) => b ^ this.secret)]);
  });
  readonly decryptString = vi.fn((encrypted: Buffer): string => {
    if (encrypted.subarray(0, 3).toString() !== 'v11' || encrypted[3] !== this.secret) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return Buffer.from(encrypted.subarray(4).map((b) => b ^ this.secret)).toString('utf8');
  });
}

export function makeFakeElectron(options: { lock?: boolean; appPath?: string; userData?: string; safeStorage?: FakeSafeStorage } = {}) {
  FakeBrowserWindow.instances = [];
  channelCount = 0;
  const children: FakeUtilityProcess[] = [];
  const ipcHandlers = new Map<string, Listener>();
  const app = Object.assign(new FakeEmitter(), {
    requestSingleInstanceLock: vi.fn(() => options.lock ?? true),
    quit: vi.fn(),
    exit: vi.fn(),
    relaunch: vi.fn(),
    enableSandbox: vi.fn(),
    commandLine: { appendSwitch: vi.fn() },
    whenReady: vi.fn(() => Promise.resolve()),
    getAppPath: vi.fn(() => options.appPath ?? '/opt/kiosk/app'),
    getPath: vi.fn(() => options.userData ?? '/opt/kiosk/user-data'),
    isPackaged: false,
  });
  const defaultSession = Object.assign(new FakeEmitter(), {
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
    setDevicePermissionHandler: vi.fn(),
    webRequest: { onBeforeRequest: vi.fn() },
  });
  return {
    app,
    children,
    ipcHandlers,
    BrowserWindow: FakeBrowserWindow,
    MessageChannelMain: FakeMessageChannelMain,
    Menu: { setApplicationMenu: vi.fn() },
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    session: { defaultSession },
    ipcMain: {
      on: vi.fn((channel: string, handler: Listener) => {
        ipcHandlers.set(channel, handler);
      }),
    },
    utilityProcess: {
      fork: vi.fn(() => {
        const child = new FakeUtilityProcess();
        children.push(child);
        return child;
      }),
    },
    powerSaveBlocker: { start: vi.fn(() => 1) },
    safeStorage: options.safeStorage ?? new FakeSafeStorage(),
  };
}

export type FakeElectron = ReturnType<typeof makeFakeElectron>;

/** Lets promise callbacks (app.whenReady().then) run. */
export async function flushPromises(): Promise<void> {
  for (let i = 0; i < 10; i += 1) await Promise.resolve();
}
