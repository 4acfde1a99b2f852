/** Runs the real `kiosk-devices` binary as a child process and collects what it prints. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const CLI = fileURLToPath(new URL('../../../bin/kiosk-devices.mjs', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout split into lines and parsed as JSON (throws if a line is not JSON). */
  lines: unknown[];
}

export interface RunningCli {
  pid: number;
  /** Resolves with each stdout line as it arrives (for interactive tests). */
  nextLine(): Promise<string>;
  done: Promise<CliResult>;
  kill(): void;
}

export function startCli(args: string[], options: { timeoutMs?: number } = {}): RunningCli {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let buffered = '';
  const queue: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (text: string) => {
    stdout += text;
    buffered += text;
    let at: number;
    while ((at = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, at);
      buffered = buffered.slice(at + 1);
      const waiter = waiting.shift();
      if (waiter) waiter(line);
      else queue.push(line);
    }
  });
  child.stderr.on('data', (text: string) => (stderr += text));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 15_000);
  const done = new Promise<CliResult>((resolve) => {
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({
        code,
        stdout,
        stderr,
        get lines() {
          return stdout
            .split('\n')
            .filter((line) => line.length > 0)
            .map((line) => JSON.parse(line) as unknown);
        },
      });
    });
  });
  return {
    pid: child.pid!,
    nextLine: () => {
      const line = queue.shift();
      if (line !== undefined) return Promise.resolve(line);
      return new Promise<string>((resolve) => waiting.push(resolve));
    },
    done,
    kill: () => child.kill('SIGTERM'),
  };
}

export function runCli(args: string[], options: { timeoutMs?: number } = {}): Promise<CliResult> {
  return startCli(args, options).done;
}
