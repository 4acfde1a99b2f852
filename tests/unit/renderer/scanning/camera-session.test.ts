import { afterEach, describe, expect, it, vi } from 'vitest';
import { CameraScanner, type CameraWorkerLike } from '../../../../renderer/src/devices/scanning/camera-scanner';
import { startCameraSession, type CameraSessionState } from '../../../../renderer/src/devices/scanning/camera-session';
import { pageScans } from '../../../../renderer/src/devices/scanning/page-scans';
import type { ScanEvent } from '../../../../common/scan';

afterEach(() => {
  vi.useRealTimers();
});

/** A CameraScanner on a fake camera and worker; `opened` resolves getUserMedia when the test says so. */
function rig() {
  const track = { stop: vi.fn() };
  const stream = { getTracks: () => [track] } as unknown as MediaStream;
  let open!: () => void;
  let refuse!: (e: Error) => void;
  const getUserMedia = vi.fn(
    () =>
      new Promise<MediaStream>((resolve, reject) => {
        open = () => resolve(stream);
        refuse = reject;
      }),
  );
  const posted: unknown[] = [];
  const worker: CameraWorkerLike = { onmessage: null, postMessage: (m) => posted.push(m), terminate: vi.fn() };
  const video = { muted: false, playsInline: false, srcObject: null as unknown, play: vi.fn(async () => undefined) } as unknown as HTMLVideoElement;
  const scanner = new CameraScanner({
    mediaDevices: { getUserMedia },
    createWorker: () => worker,
    grabFrame: () => ({ data: new Uint8ClampedArray(4), width: 1, height: 1 }),
  });
  const states: CameraSessionState[] = [];
  const settle = async () => {
    for (let i = 0; i < 5; i += 1) await Promise.resolve();
  };
  return { track, getUserMedia, posted, worker, video, scanner, states, settle, open: () => open(), refuse: (e: Error) => refuse(e) };
}

describe('startCameraSession', () => {
  it('shows the preview, decodes in the worker and feeds camera scans to pageScans; ending stops camera and worker', async () => {
    vi.useFakeTimers();
    const r = rig();
    const seen: ScanEvent[] = [];
    const offPage = pageScans.on((scan) => seen.push(scan));
    const end = startCameraSession({ scanner: r.scanner, video: r.video, emit: (scan) => pageScans.emit(scan), onState: (s) => r.states.push(s) });
    expect(r.states).toEqual(['starting']);
    r.open();
    await r.settle();
    expect(r.states).toEqual(['starting', 'on']);
    expect((r.video as unknown as { srcObject: unknown }).srcObject).not.toBeNull();

    vi.advanceTimersByTime(250);
    expect(r.posted).toHaveLength(1); // the frame went to the worker, not decoded here
    r.worker.onmessage!({ data: { text: 'BMK:R:L-C147-20261122-0001', encoding: 'utf-8' } } as MessageEvent);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ source: 'camera', kind: 'receipt' });

    end();
    expect(r.track.stop).toHaveBeenCalled();
    expect(r.worker.terminate).toHaveBeenCalled();
    expect(r.scanner.isRunning).toBe(false);
    vi.advanceTimersByTime(5_000);
    expect(r.posted).toHaveLength(1); // no more frames
    end(); // idempotent
    offPage();
  });

  it('leaving while the camera is still opening stops it as soon as it opens', async () => {
    vi.useFakeTimers();
    const r = rig();
    const emit = vi.fn();
    const end = startCameraSession({ scanner: r.scanner, video: r.video, emit, onState: (s) => r.states.push(s) });
    end();
    r.open();
    await r.settle();
    expect(r.track.stop).toHaveBeenCalled();
    expect(r.scanner.isRunning).toBe(false);
    expect(r.states).toEqual(['starting']);
    vi.advanceTimersByTime(5_000);
    expect(r.posted).toHaveLength(0);
    expect(emit).not.toHaveBeenCalled();
  });

  it('a camera that cannot be opened is reported, not thrown', async () => {
    const r = rig();
    startCameraSession({ scanner: r.scanner, video: r.video, emit: vi.fn(), onState: (s) => r.states.push(s) });
    r.refuse(new Error('NotAllowedError'));
    await r.settle();
    expect(r.states).toEqual(['starting', 'failed']);
    expect(r.scanner.isRunning).toBe(false);
  });
});
