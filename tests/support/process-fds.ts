/**
 * Knowing when another process has a device open, without touching the device: Linux lists every
 * open file of a process under /proc/PID/fd. Used to start talking to a child CLI only once it is
 * listening (instead of sleeping).
 */
import { readdirSync, readlinkSync, realpathSync } from 'node:fs';

export function processHasOpen(pid: number, path: string): boolean {
  let target: string;
  try {
    target = realpathSync(path);
  } catch {
    return false;
  }
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return false;
  }
  return fds.some((fd) => {
    try {
      return readlinkSync(`/proc/${pid}/fd/${fd}`) === target;
    } catch {
      return false;
    }
  });
}

/** Polls /proc until `pid` has `path` open, or rejects at the deadline. */
export async function waitUntilProcessOpens(pid: number, path: string, deadlineMs = 8000): Promise<void> {
  const until = Date.now() + deadlineMs;
  while (!processHasOpen(pid, path)) {
    if (Date.now() > until) throw new Error(`process ${pid} did not open ${path} within ${deadlineMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
