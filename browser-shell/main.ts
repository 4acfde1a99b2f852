/**
 * The browser shell: the kiosk in system Chromium instead of Electron. It starts the embedded
 * platform (unless a remote one is configured), starts and supervises the device host, and opens
 * Chromium in kiosk mode on the host's loopback server — or, with --no-browser, prints the URLs.
 * A real deployment mode (UOS/Kylin machines with a system Chromium), and the end-to-end test seam.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ConfigError, loadKioskConfig, type KioskConfig } from '../host/config/load-config';
import { startEmbeddedPlatform } from '../host/embedded-platform';
import { appRoot, builtPaths } from './app-paths';
import { chromiumKioskArgs, findChromium, freshProfileDir } from './chromium';
import { SupervisedProcess } from './supervised-process';

const USAGE = `Usage: browser-shell [--no-browser] [--headless]
  --no-browser   start everything but Chromium, and print the addresses to open
  --headless     run Chromium headless (for measurements)
Configuration: config.json in the data directory, or KIOSK_* environment variables (see README).`;

interface Options {
  noBrowser: boolean;
  headless: boolean;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { noBrowser: false, headless: false };
  for (const arg of argv) {
    if (arg === '--no-browser') options.noBrowser = true;
    else if (arg === '--headless') options.headless = true;
    else if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else {
      console.error(`Unknown option ${arg}\n${USAGE}`);
      process.exit(1);
    }
  }
  return options;
}

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

function say(message: string): void {
  process.stdout.write(`[kiosk] ${message}\n`);
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  let config: KioskConfig;
  try {
    config = loadKioskConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78);
    }
    throw error;
  }
  mkdirSync(config.dataDir, { recursive: true });
  const root = appRoot();
  const paths = builtPaths(root);
  const children: { stop(): Promise<void> }[] = [];
  const appVersion = process.env.npm_package_version ?? '0.1.0';

  const shutdown = async (code: number) => {
    await Promise.all(children.map((child) => child.stop()));
    process.exit(code);
  };
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));

  // 1. The embedded platform, unless a remote one is configured.
  const platformEnv: NodeJS.ProcessEnv = {};
  if (config.platform.mode === 'embedded') {
    const platform = await startEmbeddedPlatform({
      nodeBinary: process.execPath,
      entry: paths.platformEntry,
      dataDir: join(config.dataDir, 'platform'),
      onLogLine: (line) => process.stderr.write(`[platform] ${line}\n`),
    });
    children.push(platform);
    platformEnv.KIOSK_EMBEDDED_PLATFORM_URL = platform.apiUrl;
    platformEnv.KIOSK_ENROLLMENT_CODE = platform.enrollmentCode;
    say(`local platform: ${platform.apiUrl} (embedded, data in ${join(config.dataDir, 'platform')})`);
  } else {
    say(`platform: ${config.platform.url}`);
  }

  // 2. The device host, kept alive on the same port and token so the page reconnects on its own.
  const port = config.uiPort !== 0 ? config.uiPort : await freePort();
  const token = randomBytes(32).toString('hex');
  const host = new SupervisedProcess<number>({
    name: 'device host',
    command: process.execPath,
    args: [paths.hostEntry],
    env: {
      ...process.env,
      ...platformEnv,
      KIOSK_DATA_DIR: config.dataDir,
      KIOSK_SHELL: 'browser',
      KIOSK_HOST_PORT: String(port),
      KIOSK_HOST_TOKEN: token,
      KIOSK_UI_DIR: paths.uiDir,
      KIOSK_APP_VERSION: appVersion,
    },
    readyFrom: (line) => {
      try {
        const message = JSON.parse(line) as { event?: string; port?: number };
        return message.event === 'host-ready' ? message.port : undefined;
      } catch {
        return undefined;
      }
    },
    onStderrLine: (line) => process.stderr.write(`[host] ${line}\n`),
    onReady: (_port, pid) => say(`device host ready (pid ${pid})`),
    onExit: (code, signal) => say(`device host exited (code ${code}, signal ${signal}); restarting`),
    onEscalate: (failures) => say(`TECHNICIAN: the device host failed ${failures} times in a few minutes; still retrying every 30 s. Check the log above.`),
    restart: true,
  });
  children.push(host);
  await host.start();

  const uiUrl = `http://127.0.0.1:${port}/#token=${token}`;
  const panelUrl = `http://127.0.0.1:${port}/simulator/#token=${token}`;
  say(`Kiosk UI: ${uiUrl}`);
  if (Object.values(config.devices).some((c) => c.kind === 'simulator')) say(`Simulator panel: ${panelUrl}`);

  // 3. Chromium in kiosk mode, relaunched if it closes (a kiosk never shows the desktop).
  if (options.noBrowser) {
    say('--no-browser: open the Kiosk UI address above in Chromium. Press Ctrl+C to stop.');
    return;
  }
  const executable = findChromium(config.browserExecutable);
  if (!executable) {
    say('Chromium was not found. Install it (Debian/UOS: apt-get install chromium) or set KIOSK_BROWSER to its path. The kiosk keeps running: open the Kiosk UI address above yourself.');
    return;
  }
  const browser = new SupervisedProcess<true>({
    name: 'chromium',
    command: executable,
    args: chromiumKioskArgs({ url: uiUrl, profileDir: freshProfileDir(config.dataDir), runningAsRoot: process.getuid?.() === 0, headless: options.headless }),
    env: { ...process.env },
    restart: true,
    onExit: (code) => say(`chromium exited (code ${code}); relaunching`),
  });
  children.push(browser);
  await browser.start();
  say(`chromium started in kiosk mode (${executable})`);
}

main().catch((error: unknown) => {
  console.error(`The kiosk could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
