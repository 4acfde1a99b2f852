/**
 * The embedded default: the local intake platform (platform/) started beside the kiosk as its own
 * Node process, with a fresh one-time enrollment code, so the kiosk works with no network. Both
 * shells use this. Production terminals configure a remote platform instead.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';

export interface EmbeddedPlatform {
  /** http://127.0.0.1:PORT/api — the base the host's platform client uses. */
  apiUrl: string;
  enrollmentCode: string;
  pid: number;
  stop(): Promise<void>;
}

export interface EmbeddedPlatformOptions {
  /** The Node.js executable (process.execPath in the browser shell; `node` on the PATH under Electron). */
  nodeBinary: string;
  /** dist/platform/main.mjs */
  entry: string;
  dataDir: string;
  onLogLine?: (line: string) => void;
  readyTimeoutMs?: number;
}

export function startEmbeddedPlatform(options: EmbeddedPlatformOptions): Promise<EmbeddedPlatform> {
  const enrollmentCode = randomBytes(12).toString('hex');
  const child = spawn(options.nodeBinary, [options.entry, '--port', '0', '--data-dir', options.dataDir, '--enrollment-code', enrollmentCode], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: process.env,
  });
  createInterface({ input: child.stderr }).on('line', (line) => options.onLogLine?.(line));
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return new Promise<EmbeddedPlatform>((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`the local platform did not start within ${options.readyTimeoutMs ?? 20_000} ms`));
    }, options.readyTimeoutMs ?? 20_000);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`the local platform could not start: ${error.message}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the local platform exited before it was ready (code ${code})`));
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(line.trim());
      if (!match) return;
      clearTimeout(timer);
      resolve({ apiUrl: `${match[1]}/api`, enrollmentCode, pid: child.pid ?? -1, stop });
    });
  });
}
