/**
 * A kiosk for the outbox's crash tests and benchmarks, made of the real parts: the local platform
 * (in this process), the real device host (`dist/host/main.mjs`, a child process we can SIGKILL),
 * and Debian's Chromium with a persistent profile directory (a child process we can SIGKILL, so
 * IndexedDB's on-disk durability is what is tested), driven over CDP. The page is the outbox
 * harness (tests/outbox-harness), served by the host. Waits on output lines, never on sleeps.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from '@playwright/test';
import type { FaultOptions } from '../../platform/faults';
import { buildOutboxHarness } from '../outbox-harness/build';

const FIXTURES = fileURLToPath(new URL('../integration/platform/fixtures/', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function waitForLine(child: ChildProcess, stream: 'stdout' | 'stderr', pattern: RegExp, timeoutMs = 30_000): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: child[stream]! });
    const lines: string[] = [];
    const timer = setTimeout(() => reject(new Error(`no ${pattern} within ${timeoutMs} ms:\n${lines.slice(-20).join('\n')}`)), timeoutMs);
    const onExit = () => reject(new Error(`process exited before ${pattern}:\n${lines.slice(-20).join('\n')}`));
    child.once('exit', onExit);
    rl.on('line', (line) => {
      lines.push(line);
      const m = pattern.exec(line);
      if (m) {
        clearTimeout(timer);
        child.off('exit', onExit);
        rl.close();
        resolve(m);
      }
    });
  });
}

/** The local platform, run as its own process (`dist/platform/main.mjs`). */
export interface PlatformProcess {
  url: string;
  apiUrl: string;
  setFaults(faults: FaultOptions | null): Promise<void>;
}

export interface OutboxKiosk {
  platform: PlatformProcess;
  /** The device host's data directory (its outbox journal is host/outbox/journal.jsonl). */
  kioskDataDir: string;
  page: Page;
  uiUrl: string;
  /** SIGKILL the device host and start it again (same port, token and data directory). */
  killHost(): Promise<void>;
  /** Crash the page's renderer (and its delivery worker) and open the page again. */
  crashRenderer(): Promise<void>;
  /** SIGKILL the whole browser and start it again on the same profile. */
  killBrowser(): Promise<void>;
  /** Called with the fresh page before it loads (e.g. to expose functions). */
  onPage(setup: (page: Page) => Promise<void>): void;
  stop(): Promise<void>;
}

export async function startOutboxKiosk(options: { faults?: FaultOptions; hostEnv?: Record<string, string>; setupPage?: (page: Page) => Promise<void> } = {}): Promise<OutboxKiosk> {
  const dir = mkdtempSync(join(tmpdir(), 'outbox-kiosk-'));
  const uiDir = await buildOutboxHarness();
  const platformChild = spawn(
    process.execPath,
    [join(ROOT, 'dist/platform/main.mjs'), '--port', '0', '--data-dir', join(dir, 'platform'), '--enrollment-code', 'TEST-ENROLL-1', '--quiet',
      '--catalog', join(FIXTURES, 'catalog.json'), '--hall', join(FIXTURES, 'hall.json'), '--appointments', join(FIXTURES, 'appointments.json')],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  platformChild.stderr!.resume();
  const platformUrl = (await waitForLine(platformChild, 'stdout', /listening on (http:\/\/\S+)/))[1]!;
  const platform: PlatformProcess = {
    url: platformUrl,
    apiUrl: `${platformUrl}/api`,
    setFaults: async (faults) => {
      const r = await fetch(`${platformUrl}/_admin/faults`, { method: 'PUT', body: JSON.stringify(faults) });
      if (r.status !== 200) throw new Error(`could not set faults: ${r.status}`);
    },
  };
  if (options.faults) await platform.setFaults(options.faults);
  const port = await freePort();
  const token = randomBytes(32).toString('hex');
  const uiUrl = `http://127.0.0.1:${port}/#token=${token}`;
  const kioskDir = join(dir, 'kiosk');
  mkdirSync(kioskDir, { recursive: true });
  const profile = join(dir, 'chromium-profile');

  let host: ChildProcess | null = null;
  const startHost = async () => {
    const child = spawn(process.execPath, [join(ROOT, 'dist/host/main.mjs')], {
      cwd: ROOT,
      env: {
        ...process.env,
        KIOSK_DATA_DIR: kioskDir,
        KIOSK_SHELL: 'browser',
        KIOSK_HOST_PORT: String(port),
        KIOSK_HOST_TOKEN: token,
        KIOSK_UI_DIR: uiDir,
        KIOSK_EMBEDDED_PLATFORM_URL: platform.apiUrl,
        KIOSK_ENROLLMENT_CODE: 'TEST-ENROLL-1',
        KIOSK_HEARTBEAT_SECONDS: '2',
        ...options.hostEnv,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stderr!.resume();
    await waitForLine(child, 'stdout', /"event":"host-ready"/);
    host = child;
  };

  let chrome: ChildProcess | null = null;
  let browser: Browser | null = null;
  let page!: Page;
  const setups: ((page: Page) => Promise<void>)[] = options.setupPage ? [options.setupPage] : [];
  const openPage = async () => {
    const context = browser!.contexts()[0] ?? (await browser!.newContext());
    page = await context.newPage();
    for (const setup of setups) await setup(page);
    await page.goto(uiUrl);
    // Not waitForFunction: its polling evaluates a string in the page, which the kiosk's CSP (no eval) refuses.
    await page.locator('#status', { hasText: 'outbox harness ready' }).waitFor({ timeout: 30_000 });
  };
  const startBrowser = async () => {
    const runningAsRoot = process.getuid?.() === 0;
    const child = spawn(
      process.env.KIOSK_TEST_CHROMIUM ?? '/usr/bin/chromium',
      ['--headless=new', '--remote-debugging-port=0', `--user-data-dir=${profile}`, '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', ...(runningAsRoot ? ['--no-sandbox'] : []), 'about:blank'],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    const m = await waitForLine(child, 'stderr', /DevTools listening on (ws:\/\/\S+)/);
    child.stderr!.resume();
    chrome = child;
    browser = await chromium.connectOverCDP(m[1]!);
    await openPage();
  };
  const kill = async (child: ChildProcess | null) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await exited;
  };

  await startHost();
  await startBrowser();

  return {
    platform,
    kioskDataDir: kioskDir,
    get page() {
      return page;
    },
    uiUrl,
    killHost: async () => {
      await kill(host);
      await startHost();
    },
    crashRenderer: async () => {
      const session = await page.context().newCDPSession(page);
      const crashed = new Promise<void>((resolve) => page.once('crash', () => resolve()));
      // Page.crash never answers: the renderer is gone. The page's 'crash' event says so.
      void session.send('Page.crash').catch(() => undefined);
      await crashed;
      await page.close().catch(() => undefined);
      await openPage();
    },
    killBrowser: async () => {
      await kill(chrome);
      await browser?.close().catch(() => undefined);
      await startBrowser();
    },
    onPage: (setup) => {
      setups.push(setup);
    },
    stop: async () => {
      await browser?.close().catch(() => undefined);
      await kill(chrome);
      await kill(host);
      await kill(platformChild);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
