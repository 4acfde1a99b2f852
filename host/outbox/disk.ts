/**
 * The disk floor: below it new intake is refused (a full disk is a known cause of Chromium wiping
 * IndexedDB, electron#41877). Nothing already queued is ever dropped to make room.
 * Defaults: refuse below 2 GiB free or below 10% of the volume. Configurable with
 * KIOSK_OUTBOX_MIN_FREE_BYTES and KIOSK_OUTBOX_MIN_FREE_PERCENT.
 */
import { statfsSync } from 'node:fs';

export interface DiskFloor {
  minFreeBytes: number;
  minFreePercent: number;
}

export interface DiskReading {
  freeBytes: number;
  totalBytes: number;
}

export function diskFloorFromEnv(env: NodeJS.ProcessEnv): DiskFloor {
  const bytes = Number(env.KIOSK_OUTBOX_MIN_FREE_BYTES ?? 2 * 1024 ** 3);
  const percent = Number(env.KIOSK_OUTBOX_MIN_FREE_PERCENT ?? 10);
  return { minFreeBytes: Number.isFinite(bytes) && bytes >= 0 ? bytes : 2 * 1024 ** 3, minFreePercent: Number.isFinite(percent) && percent >= 0 && percent < 100 ? percent : 10 };
}

export function readDisk(path: string): DiskReading {
  const s = statfsSync(path);
  return { freeBytes: Number(s.bavail) * Number(s.bsize), totalBytes: Number(s.blocks) * Number(s.bsize) };
}

/** The free space below which intake is refused, for this volume. */
export function floorBytes(floor: DiskFloor, reading: DiskReading): number {
  return Math.max(floor.minFreeBytes, Math.ceil((reading.totalBytes * floor.minFreePercent) / 100));
}
