import { afterEach, describe, expect, it, vi } from 'vitest';
import { CameraScanner } from '../../../../renderer/src/devices/scanning/camera-scanner';
import type { CameraWorkerLike } from '../../../../renderer/src/devices/scanning/camera-scanner';
import type { ScanEvent } from '../../../../common/scan';

afterEach(() => {
  vi.useRealTimers();
});

function fakes() {
  const track = { stop: vi.fn() };
  const stream = { getTracks: () => [track] } as unknown as MediaStream;
  const getUserMedia = vi.fn(async () => stream);
  const posted: unknown[] = [];
  const worker: CameraWorkerLike = {
    onmessage: null,
    postMessage: (m) => posted.push(m),
    terminate: vi.fn(),
  };
  const video = { muted: false, playsInline: false, srcObject: null as unknown, play: vi.fn(async () => undefined) };
  const reply = (data: unknown): void => worker.onmessage!({ data } as MessageEvent);
  const frame = { data: new Uint8ClampedArray(4), width: 1, height: 1 };
  return { track, stream, getUserMedia, posted, worker, video, reply, frame };
}

describe('CameraScanner', () => {
  it('opens the environment camera, decodes at the frame rate, dedupes and stops the tracks', async () => {
    vi.useFakeTimers();
    const f = fakes();
    let now = 0;
    const scanner = new CameraScanner({
      mediaDevices: { getUserMedia: f.getUserMedia },
      createWorker: () => f.worker,
      grabFrame: () => ({ ...f.frame, data: new Uint8ClampedArray(4) }),
      clock: () => now,
    });
    const events: ScanEvent[] = [];
    scanner.onScan((e) => events.push(e));
    await scanner.start(f.video as unknown as HTMLVideoElement);
    expect(f.getUserMedia).toHaveBeenCalledWith({ video: { facingMode: 'environment' }, audio: false });
    expect(f.video.srcObject).toBe(f.stream);

    vi.advanceTimersByTime(200);
    vi.advanceTimersByTime(200); // busy: the first frame has no answer yet, so no second frame
    expect(f.posted).toHaveLength(1);
    f.reply({ text: 'BMK:R:ABCD1234', encoding: 'utf-8' });
    now = 500;
    vi.advanceTimersByTime(200);
    expect(f.posted).toHaveLength(2);
    f.reply({ text: 'BMK:R:ABCD1234', encoding: 'utf-8' }); // same code still in view
    now = 3000;
    vi.advanceTimersByTime(200);
    f.reply({ none: true });
    now = 3100;
    vi.advanceTimersByTime(200);
    f.reply({ text: 'uniscid=91440101MA5CJQ4N59', encoding: 'gb18030' });
    expect(events).toEqual([
      { text: 'BMK:R:ABCD1234', encoding: 'utf-8', kind: 'receipt', source: 'camera' },
      { text: 'uniscid=91440101MA5CJQ4N59', encoding: 'gb18030', kind: 'licence', uscc: '91440101MA5CJQ4N59', source: 'camera' },
    ]);

    scanner.stop();
    expect(f.track.stop).toHaveBeenCalled();
    expect(f.worker.terminate).toHaveBeenCalled();
    expect(f.video.srcObject).toBeNull();
    expect(scanner.isRunning).toBe(false);
    const before = f.posted.length;
    vi.advanceTimersByTime(1000);
    expect(f.posted).toHaveLength(before);
  });

  it('the same code after the dedupe window is a new scan', async () => {
    vi.useFakeTimers();
    const f = fakes();
    let now = 0;
    const scanner = new CameraScanner({ mediaDevices: { getUserMedia: f.getUserMedia }, createWorker: () => f.worker, grabFrame: () => f.frame, clock: () => now });
    const events: ScanEvent[] = [];
    scanner.onScan((e) => events.push(e));
    await scanner.start(f.video as unknown as HTMLVideoElement);
    f.reply({ text: 'YY-20240601-0007' });
    now = 2500;
    f.reply({ text: 'YY-20240601-0007' });
    expect(events).toHaveLength(2);
    scanner.stop();
  });

  it('rejects and cleans up when the camera cannot play', async () => {
    const f = fakes();
    f.video.play = vi.fn(async () => {
      throw new Error('NotAllowedError');
    });
    const scanner = new CameraScanner({ mediaDevices: { getUserMedia: f.getUserMedia }, createWorker: () => f.worker });
    await expect(scanner.start(f.video as unknown as HTMLVideoElement)).rejects.toThrow('NotAllowedError');
    expect(f.track.stop).toHaveBeenCalled();
    expect(scanner.isRunning).toBe(false);
  });
});
