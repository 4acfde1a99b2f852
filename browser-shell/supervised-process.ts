/**
 * A child process the browser shell keeps alive: started, watched for its ready line, restarted
 * with backoff when it dies (the same RestartPolicy the Electron shell uses), stopped on shutdown.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { RestartPolicy } from '../common/supervision/restart-policy';

export interface SupervisedProcessOptions<Ready> {
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  /** Recognises the line on stdout that says the process is ready, and extracts what it announced. */
  readyFrom?: (line: string) => Ready | undefined;
  /** Where the child's stderr goes (the host logs JSON lines there). */
  onStderrLine?: (line: string) => void;
  onStdoutLine?: (line: string) => void;
  /** Called after each (re)start once the process is ready. */
  onReady?: (ready: Ready, pid: number) => void;
  /** Called when restarting is not helping; the process is still retried at the longest delay. */
  onEscalate?: (failures: number) => void;
  onExit?: (code: number | null, signal: NodeJS.Signals | null) => void;
  restart: boolean;
  policy?: RestartPolicy;
}

export class SupervisedProcess<Ready = true> {
  private child: ChildProcess | undefined;
  private stopping = false;
  private readonly policy: RestartPolicy;
  private restartTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: SupervisedProcessOptions<Ready>) {
    this.policy = options.policy ?? new RestartPolicy();
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts the process and resolves when it reports ready (or at once if it has no ready line). */
  start(): Promise<Ready> {
    return new Promise<Ready>((resolve, reject) => {
      let settled = false;
      const child = spawn(this.options.command, this.options.args, { env: this.options.env, stdio: ['ignore', 'pipe', 'pipe'] });
      this.child = child;
      this.policy.started();
      createInterface({ input: child.stdout! }).on('line', (line) => {
        this.options.onStdoutLine?.(line);
        const ready = this.options.readyFrom?.(line);
        if (ready !== undefined && !settled) {
          settled = true;
          this.options.onReady?.(ready, child.pid ?? -1);
          resolve(ready);
        }
      });
      createInterface({ input: child.stderr! }).on('line', (line) => this.options.onStderrLine?.(line));
      if (!this.options.readyFrom) {
        settled = true;
        resolve(true as Ready);
      }
      child.once('error', (error) => {
        if (!settled) {
          settled = true;
          reject(new Error(`${this.options.name} could not start: ${error.message}`));
        }
      });
      child.once('exit', (code, signal) => {
        this.options.onExit?.(code, signal);
        if (!settled) {
          settled = true;
          reject(new Error(`${this.options.name} exited before it was ready (code ${code}, signal ${signal})`));
        }
        if (this.child === child) this.child = undefined;
        if (!this.stopping && this.options.restart) this.scheduleRestart();
      });
    });
  }

  /** Stops the process for good (no restart). */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      const kill = setTimeout(() => child.kill('SIGKILL'), 3000);
      child.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }

  private scheduleRestart(): void {
    const decision = this.policy.failed();
    let delayMs: number;
    if (decision.action === 'escalate') {
      this.options.onEscalate?.(decision.failures);
      this.policy.reset();
      delayMs = 30_000;
    } else {
      delayMs = decision.delayMs;
    }
    this.restartTimer = setTimeout(() => {
      this.start().catch(() => {
        /* the exit handler schedules the next attempt */
      });
    }, delayMs);
  }
}
