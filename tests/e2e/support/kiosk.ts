/**
 * Starts the real kiosk — `node dist/browser-shell/main.mjs --no-browser`, which starts the local
 * platform and the device host — in a fresh data directory, and tells the test where the UI and
 * the simulator panel are. Waits on the shell's own output lines, never on sleeps.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { test } from '@playwright/test';

export interface RunningKiosk {
  uiUrl: string;
  panelUrl: string;
  dataDir: string;
  output: string[];
  /** Resolves with the first output line (past or future) matching the pattern. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  hostPid(): number;
  stop(): Promise<void>;
}

export async function startKiosk(env: Record<string, string> = {}): Promise<RunningKiosk> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-e2e-'));
  const child: ChildProcess = spawn(process.execPath, ['dist/browser-shell/main.mjs', '--no-browser'], {
    env: { ...process.env, KIOSK_DATA_DIR: dataDir, KIOSK_HEARTBEAT_SECONDS: '2', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const waiters: { pattern: RegExp; resolve(m: RegExpExecArray): void }[] = [];
  const onLine = (line: string) => {
    output.push(line);
    for (const waiter of [...waiters]) {
      const match = waiter.pattern.exec(line);
      if (match) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(match);
      }
    }
  };
  createInterface({ input: child.stdout! }).on('line', onLine);
  createInterface({ input: child.stderr! }).on('line', onLine);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const waitForLine = (pattern: RegExp, timeoutMs = 30_000, from = 0) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      for (const line of output.slice(from)) {
        const match = pattern.exec(line);
        if (match) return resolve(match);
      }
      const timer = setTimeout(() => reject(new Error(`kiosk did not print ${pattern} within ${timeoutMs} ms. Output:\n${output.slice(-40).join('\n')}`)), timeoutMs);
      waiters.push({ pattern, resolve: (m) => (clearTimeout(timer), resolve(m)) });
    });

  const uiUrl = (await waitForLine(/Kiosk UI: (\S+)/))[1]!;
  const panelUrl = (await waitForLine(/Simulator panel: (\S+)/))[1]!;
  return {
    uiUrl,
    panelUrl,
    dataDir,
    output,
    waitForLine: (pattern, timeoutMs) => waitForLine(pattern, timeoutMs),
    hostPid: () => {
      const readies = output.map((l) => /device host ready \(pid (\d+)\)/.exec(l)).filter((m): m is RegExpExecArray => m !== null);
      return Number(readies.at(-1)![1]);
    },
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * One kiosk for the tests of a spec file: started before the first of them, stopped after the last.
 * `kiosk.current` is that kiosk (it throws if read outside a test).
 */
export function kioskForFile(env: Record<string, string> = {}): { readonly current: RunningKiosk } {
  let running: RunningKiosk | undefined;
  test.beforeAll(async () => {
    running = await startKiosk(env);
  });
  test.afterAll(async () => {
    await running?.stop();
  });
  return {
    get current(): RunningKiosk {
      if (!running) throw new Error('the kiosk starts before the first test of the file');
      return running;
    },
  };
}
