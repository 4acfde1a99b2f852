/**
 * Queue categories a hall manager closed at this terminal, with the reason citizens see. Kept on
 * disk (a restart does not silently reopen a category); only this terminal stops issuing tickets
 * for it, the hall's windows are not affected.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { PausedCategory } from '../../common/ipc/methods/staff';
import { pauseReasons } from '../../common/ipc/methods/staff';
import { writeJsonDurably } from '../platform/terminal-service';

export class PausedCategories {
  private paused: PausedCategory[];

  constructor(
    private readonly path: string,
    private readonly now: () => number,
  ) {
    this.paused = read(path);
  }

  list(): PausedCategory[] {
    return this.paused.map((p) => ({ ...p }));
  }

  get(category: string): PausedCategory | undefined {
    return this.paused.find((p) => p.category === category);
  }

  pause(category: string, reason: PausedCategory['reason'], note?: string): PausedCategory[] {
    const entry: PausedCategory = { category, reason, ...(note ? { note } : {}), since: new Date(this.now()).toISOString() };
    this.paused = [...this.paused.filter((p) => p.category !== category), entry];
    writeJsonDurably(this.path, this.paused);
    return this.list();
  }

  resume(category: string): PausedCategory[] {
    this.paused = this.paused.filter((p) => p.category !== category);
    writeJsonDurably(this.path, this.paused);
    return this.list();
  }
}

function read(path: string): PausedCategory[] {
  if (!existsSync(path)) return [];
  try {
    const raw = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    if (!Array.isArray(raw)) return [];
    return raw.filter(
      (p): p is PausedCategory =>
        typeof p === 'object' && p !== null && typeof (p as PausedCategory).category === 'string' && (pauseReasons as readonly string[]).includes((p as PausedCategory).reason) && typeof (p as PausedCategory).since === 'string',
    );
  } catch {
    return [];
  }
}
