/**
 * Durable files for the host's outbox state: whole-file replacement (temp + fsync + rename + fsync
 * of the directory, so a power cut leaves the old or the new file), and an append-only log with
 * group commit (every append waits for an fsync; appends that arrive during one fsync share the next).
 */
import { closeSync, fsyncSync, openSync, renameSync, writeFileSync } from 'node:fs';
import { open, rename, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';

export function fsyncDirectory(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function writeFileDurably(path: string, data: string | Uint8Array): void {
  const temp = `${path}.tmp`;
  writeFileSync(temp, data, { mode: 0o600 });
  const fd = openSync(temp, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
  fsyncDirectory(dirname(path));
}

async function cutTornTail(path: string): Promise<void> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r+');
  } catch {
    return; // no file yet
  }
  try {
    const { size } = await handle.stat();
    if (size === 0) return;
    // Read back from the end in blocks until the last newline.
    const block = Buffer.alloc(64 * 1024);
    let end = size;
    while (end > 0) {
      const start = Math.max(0, end - block.length);
      const { bytesRead } = await handle.read(block, 0, end - start, start);
      const at = block.subarray(0, bytesRead).lastIndexOf(0x0a);
      if (at !== -1) {
        const keep = start + at + 1;
        if (keep === size) return;
        await handle.truncate(keep);
        await handle.sync();
        return;
      }
      end = start;
    }
    await handle.truncate(0);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

interface PendingAppend {
  text: string;
  resolve(): void;
  reject(error: Error): void;
}

export class AppendLog {
  private handle: FileHandle | null = null;
  private readonly queue: PendingAppend[] = [];
  private flushing: Promise<void> | null = null;
  private failed: Error | null = null;

  private constructor(
    readonly path: string,
    /** Called between flushes; may return the full text of a compacted log to replace the file with. */
    private readonly compaction: () => string | null,
  ) {}

  /**
   * Opens the log for appending. A torn last line (a crash mid-append) is cut off first: its append
   * never resolved, and the next line appended after it would otherwise be glued to it and unreadable.
   */
  static async open(path: string, compaction: () => string | null): Promise<AppendLog> {
    const log = new AppendLog(path, compaction);
    await cutTornTail(path);
    log.handle = await open(path, 'a', 0o600);
    await log.handle.sync();
    fsyncDirectory(dirname(path));
    return log;
  }

  /** Resolves once the lines are on disk. */
  append(lines: string[]): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    if (!this.handle) return Promise.reject(new Error('the journal is closed'));
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ text: lines.map((l) => `${l}\n`).join(''), resolve, reject });
      if (!this.flushing) this.flushing = this.flushLoop();
    });
  }

  private async flushLoop(): Promise<void> {
    for (;;) {
      if (this.queue.length === 0) {
        // Decided synchronously with the check of the queue: an append from now on starts a new loop.
        this.flushing = null;
        return;
      }
      const batch = this.queue.splice(0, this.queue.length);
      try {
        const handle = this.handle!;
        await handle.write(batch.map((p) => p.text).join(''));
        await handle.datasync();
        const snapshot = this.compaction();
        if (snapshot !== null) await this.replace(snapshot);
      } catch (error) {
        this.failed = error as Error;
        for (const p of [...batch, ...this.queue.splice(0)]) p.reject(this.failed);
        this.flushing = null;
        return;
      }
      for (const p of batch) p.resolve();
    }
  }

  private async replace(text: string): Promise<void> {
    const temp = `${this.path}.compact`;
    const handle = await open(temp, 'w', 0o600);
    try {
      await handle.write(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, this.path);
    fsyncDirectory(dirname(this.path));
    await this.handle?.close();
    this.handle = await open(this.path, 'a', 0o600);
  }

  async close(): Promise<void> {
    while (this.flushing) await this.flushing;
    await this.handle?.close();
    this.handle = null;
  }
}
