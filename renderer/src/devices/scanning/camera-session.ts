/**
 * Runs the camera scanner for as long as a screen waits for a code: starts it (with the preview
 * element), hands every decoded scan on (to pageScans, so useScan sees camera scans like any other),
 * and stops it — camera tracks and decoding worker — when the screen leaves. Leaving while the
 * camera is still opening is safe: the camera is stopped as soon as the start settles.
 */
import type { ScanEvent } from '../../../../common/scan/scan-event';

/** What this needs of CameraScanner. */
export interface CameraScannerLike {
  onScan(listener: (scan: ScanEvent) => void): () => void;
  start(video?: HTMLVideoElement): Promise<void>;
  stop(): void;
}

export type CameraSessionState = 'starting' | 'on' | 'failed';

export interface CameraSessionOptions {
  scanner: CameraScannerLike;
  video?: HTMLVideoElement;
  emit(scan: ScanEvent): void;
  onState?(state: CameraSessionState): void;
}

/** Starts scanning; returns the function that ends it (idempotent). */
export function startCameraSession({ scanner, video, emit, onState }: CameraSessionOptions): () => void {
  let ended = false;
  const off = scanner.onScan((scan) => {
    if (!ended) emit(scan);
  });
  onState?.('starting');
  scanner.start(video).then(
    () => {
      if (ended) scanner.stop();
      else onState?.('on');
    },
    () => {
      // No camera, or permission refused: the reason may name a device; it is not shown or logged.
      scanner.stop();
      if (!ended) onState?.('failed');
    },
  );
  return () => {
    if (ended) return;
    ended = true;
    off();
    scanner.stop();
  };
}
