/**
 * Scans read in the page itself (a keyboard-wedge scanner; later the camera) join the scans the
 * host's scanners report, as the same ScanEvent, so a screen listens in one place (useScan).
 */
import type { ScanEvent } from '../../../../common/scan';

const listeners = new Set<(scan: ScanEvent) => void>();

export const pageScans = {
  emit(scan: ScanEvent): void {
    for (const listener of [...listeners]) listener(scan);
  },
  on(listener: (scan: ScanEvent) => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
