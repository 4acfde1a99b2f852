/**
 * Entry point of the device host process. Started by either shell; prints one JSON line
 * `{"event":"host-ready","port":N}` on stdout when it serves, and logs JSON lines on stderr.
 * Started by Electron with KIOSK_MASTER_KEY_SOURCE=parent, it first waits for the outbox master key
 * that main posts on the parentPort (transports/electron-parent-port.ts).
 */
import { ConfigError, loadKioskConfig } from './config/load-config';
import { readLaunchParameters } from './launch-parameters';
import { createLogger } from './log';
import { startDeviceHost } from './device-host';
import { startLoopbackServer } from './server/loopback-server';
import { MasterKeyHandOffError, openElectronParentPort } from './transports/electron-parent-port';
import type { MasterKeyring } from './outbox/master-key';

async function main(): Promise<void> {
  const log = createLogger('host');
  let config;
  try {
    config = loadKioskConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG: restarting will not help until the configuration is fixed
    }
    throw error;
  }
  const launch = readLaunchParameters(process.env);
  // Listening from the start: ports main sends while the host is still opening are kept for it.
  const parentPort = openElectronParentPort();
  let masterKey: MasterKeyring | undefined;
  if (launch.KIOSK_MASTER_KEY_SOURCE === 'parent' && launch.KIOSK_KEY_STORE_REFUSED === undefined) {
    try {
      if (!parentPort) throw new MasterKeyHandOffError('The device host was started with KIOSK_MASTER_KEY_SOURCE=parent outside an Electron utilityProcess: no parent can send it the outbox master key. Unset it to use the key file.');
      masterKey = await parentPort.masterKey();
    } catch (error) {
      if (!(error instanceof MasterKeyHandOffError)) throw error;
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
  }
  // With KIOSK_KEY_STORE_REFUSED the outbox refuses to open here, and says why.
  const host = await startDeviceHost(config, launch, log, masterKey ? { masterKey } : {});

  parentPort?.listen((channel, label) => host.connect(channel, label));
  const inElectron = parentPort !== null;
  const server = await startLoopbackServer({
    port: launch.KIOSK_HOST_PORT,
    token: launch.KIOSK_HOST_TOKEN,
    // The Electron shell serves the UI itself (app://); the panel page still comes from here.
    uiDir: launch.KIOSK_UI_DIR,
    kioskPage: launch.KIOSK_SHELL === 'browser',
    simulatorPanel: host.simulated,
    log,
    onConnection: (channel, label) => host.connect(channel, label),
  });
  log.info('device host ready', { shell: launch.KIOSK_SHELL, port: server.port, electron: inElectron, simulated: host.simulated });
  process.stdout.write(`${JSON.stringify({ event: 'host-ready', port: server.port })}\n`);
  if (host.simulated && launch.KIOSK_SHELL === 'electron') {
    // The Electron window has no address bar: the panel is opened in a browser on this machine.
    process.stdout.write(`Simulator panel: http://127.0.0.1:${server.port}/simulator/#token=${launch.KIOSK_HOST_TOKEN}\n`);
  }

  const shutdown = async () => {
    await Promise.race([Promise.all([server.close(), host.close()]), new Promise((resolve) => setTimeout(resolve, 2000))]);
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown());
  process.once('SIGINT', () => void shutdown());
}

main().catch((error: unknown) => {
  process.stderr.write(`device host failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
