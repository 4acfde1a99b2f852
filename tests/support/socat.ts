/**
 * Real virtual serial port pairs for integration tests: socat links two ptys, so what is written to
 * one path is read from the other, through the real kernel tty layer and the real `serialport`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface VirtualSerialPair {
  a: string;
  b: string;
  close(): Promise<void>;
}

/** Whether socat can be run here; integration tests skip (with this reason) when it cannot. */
export function socatAvailable(): boolean {
  const result = spawnSync('socat', ['-V'], { stdio: 'ignore' });
  return result.error === undefined && result.status === 0;
}

export const SOCAT_MISSING_REASON = 'socat is not installed (apt-get install socat): virtual serial port tests skipped';

/**
 * Starts `socat -d -d pty,raw,echo=0,link=A pty,raw,echo=0,link=B` and resolves once socat reports
 * "starting data transfer loop" and both links exist. `close()` kills socat and waits for it to exit.
 * Pass `dir`/names to re-create a pair at the same paths (to simulate a device being plugged back).
 */
export function createVirtualSerialPair(options: { dir?: string; names?: [string, string]; timeoutMs?: number } = {}): Promise<VirtualSerialPair> {
  const ownDir = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'kiosk-socat-'));
  const [nameA, nameB] = options.names ?? ['ttyA', 'ttyB'];
  const a = join(dir, nameA);
  const b = join(dir, nameB);
  const child = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    if (ownDir) rmSync(dir, { recursive: true, force: true });
  };
  return new Promise<VirtualSerialPair>((resolve, reject) => {
    let stderr = '';
    const timer = setTimeout(() => {
      void close();
      reject(new Error(`socat did not start within ${options.timeoutMs ?? 5000} ms: ${stderr}`));
    }, options.timeoutMs ?? 5000);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`socat exited (${code}) before starting: ${stderr}`));
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      stderr += text;
      if (stderr.includes('starting data transfer loop')) {
        // socat creates the links before it enters the loop; check, do not wait.
        if (existsSync(a) && existsSync(b)) {
          clearTimeout(timer);
          child.stderr.removeAllListeners('data');
          child.stderr.resume();
          resolve({ a, b, close });
        }
      }
    });
  });
}
