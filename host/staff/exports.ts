/**
 * Where a technician may export the audit log and diagnostics: the data directory's `exports`
 * folder, and removable media mounted right now (a directory under /media, /run/media or /mnt that
 * is a mount point: its device differs from its parent's). The page picks one by id; it never names
 * a path, so an export cannot be written anywhere else on the machine.
 */
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export interface ExportTarget {
  id: string;
  label: string;
  path: string;
  removable: boolean;
}

export const DEFAULT_EXPORT_ROOTS = ['/media', '/run/media', '/mnt'];

function isMountPoint(dir: string): boolean {
  try {
    return statSync(dir).dev !== statSync(dirname(dir)).dev;
  } catch {
    return false;
  }
}

function subdirectories(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => join(dir, d.name));
  } catch {
    return [];
  }
}

export function exportTargets(dataDir: string, roots: readonly string[] = DEFAULT_EXPORT_ROOTS, mountCheck: (dir: string) => boolean = isMountPoint): ExportTarget[] {
  const local = join(dataDir, 'exports');
  const targets: ExportTarget[] = [{ id: 'data-dir', label: 'Terminal data folder (exports)', path: local, removable: false }];
  for (const root of roots) {
    if (!existsSync(root)) continue;
    // /media/<label>, /media/<user>/<label>, /run/media/<user>/<label>, /mnt/<label>
    for (const first of subdirectories(root)) {
      const candidates = mountCheck(first) ? [first] : subdirectories(first).filter(mountCheck);
      for (const dir of candidates) targets.push({ id: `media:${dir}`, label: `Removable media ${basename(dir)}`, path: dir, removable: true });
    }
  }
  return targets;
}

/** The target's directory, created for the local one; throws when the id is not offered now. */
export function resolveExportTarget(targetId: string, dataDir: string, roots?: readonly string[], mountCheck?: (dir: string) => boolean): string {
  const target = exportTargets(dataDir, roots, mountCheck).find((t) => t.id === targetId);
  if (!target) throw new Error('That export destination is not available (was the USB stick removed?). Choose one from the list.');
  if (!target.removable) mkdirSync(target.path, { recursive: true });
  return target.path;
}

/** A file name with the terminal id and time: `bianmin-<what>-<terminal>-<yyyymmddThhmmss>.<ext>`. */
export function exportFileName(what: string, terminalId: string | null, now: number, ext: string): string {
  const stamp = new Date(now).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
  return `bianmin-${what}-${(terminalId ?? 'unenrolled').replace(/[^A-Za-z0-9-]/g, '')}-${stamp}.${ext}`;
}
