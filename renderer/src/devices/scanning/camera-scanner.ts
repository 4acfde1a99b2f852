/**
 * Scans codes with the kiosk's camera: opens the rear/environment camera, grabs a scaled-down frame
 * a few times a second, has the camera worker decode it off the main thread, and emits the common
 * scan event (source 'camera'). One frame is in flight at a time (frames are skipped, never queued).
 * The same payload seen again within `dedupeMs` of its last sighting is not emitted again, so a code
 * held in front of the camera is one scan. stop() stops the camera tracks and the worker.
 */
import { makeScanEvent } from '../../../../common/scan/scan-event';
import type { ScanEvent } from '../../../../common/scan/scan-event';
import { SCAN_ENCODINGS } from '../../../../common/scan/decode-bytes';
import type { ScanEncoding } from '../../../../common/scan/decode-bytes';
import type { CameraFrameMessage } from './camera-decoder';

export interface CameraWorkerLike {
  postMessage(message: unknown, transfer: Transferable[]): void;
  onmessage: ((event: MessageEvent<unknown>) => void) | null;
  terminate(): void;
}

export interface CameraScannerOptions {
  /** Frames decoded per second; default 5. */
  fps?: number;
  /** Identical payloads within this time of the last sighting are one scan; default 2000 ms. */
  dedupeMs?: number;
  /** Frames are scaled down to at most this width before decoding; default 640. */
  maxFrameWidth?: number;
  /** Default: `{ video: { facingMode: 'environment' }, audio: false }`. */
  constraints?: MediaStreamConstraints;
  /** Default: navigator.mediaDevices. */
  mediaDevices?: Pick<MediaDevices, 'getUserMedia'>;
  /** Default: the module worker camera-decoder.worker.ts. */
  createWorker?: () => CameraWorkerLike;
  /** Default: draws the video into an (Offscreen)canvas and reads its pixels. */
  grabFrame?: (video: HTMLVideoElement, maxWidth: number) => CameraFrameMessage | null;
  clock?: () => number;
}

function defaultWorker(): CameraWorkerLike {
  return new Worker(new URL('./camera-decoder.worker.ts', import.meta.url), { type: 'module' });
}

type Canvas2D = OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D;
let grabCanvas: { canvas: OffscreenCanvas | HTMLCanvasElement; context: Canvas2D } | undefined;

function defaultGrabFrame(video: HTMLVideoElement, maxWidth: number): CameraFrameMessage | null {
  if (video.readyState < 2 || video.videoWidth === 0 || video.videoHeight === 0) return null;
  const scale = Math.min(1, maxWidth / video.videoWidth);
  const width = Math.max(1, Math.round(video.videoWidth * scale));
  const height = Math.max(1, Math.round(video.videoHeight * scale));
  if (grabCanvas === undefined) {
    const canvas: OffscreenCanvas | HTMLCanvasElement =
      typeof OffscreenCanvas === 'function' ? new OffscreenCanvas(width, height) : document.createElement('canvas');
    const context = canvas.getContext('2d', { willReadFrequently: true }) as Canvas2D | null;
    if (context === null) return null;
    grabCanvas = { canvas, context };
  }
  const { canvas, context } = grabCanvas;
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  context.drawImage(video, 0, 0, width, height);
  const image = context.getImageData(0, 0, width, height);
  return { data: image.data, width, height };
}

function isEncoding(value: unknown): value is ScanEncoding {
  return typeof value === 'string' && (SCAN_ENCODINGS as readonly string[]).includes(value);
}

export class CameraScanner {
  private readonly fps: number;
  private readonly dedupeMs: number;
  private readonly maxFrameWidth: number;
  private readonly clock: () => number;
  private readonly listeners = new Set<(scan: ScanEvent) => void>();
  private stream: MediaStream | undefined;
  private worker: CameraWorkerLike | undefined;
  private video: HTMLVideoElement | undefined;
  private interval: ReturnType<typeof setInterval> | undefined;
  private busy = false;
  private last: { text: string; at: number } | undefined;

  constructor(private readonly options: CameraScannerOptions = {}) {
    this.fps = Math.min(30, Math.max(0.5, options.fps ?? 5));
    this.dedupeMs = options.dedupeMs ?? 2000;
    this.maxFrameWidth = options.maxFrameWidth ?? 640;
    this.clock = options.clock ?? (() => performance.now());
  }

  get isRunning(): boolean {
    return this.stream !== undefined;
  }

  onScan(listener: (scan: ScanEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Opens the camera and starts scanning. Pass a <video> element to show the preview; without one a
   * detached element is used. Rejects if the camera cannot be opened (no camera, permission denied).
   */
  async start(video?: HTMLVideoElement): Promise<void> {
    if (this.stream !== undefined) return;
    const mediaDevices = this.options.mediaDevices ?? navigator.mediaDevices;
    const stream = await mediaDevices.getUserMedia(
      this.options.constraints ?? { video: { facingMode: 'environment' }, audio: false },
    );
    this.stream = stream;
    try {
      const element = video ?? document.createElement('video');
      element.muted = true;
      element.playsInline = true;
      element.srcObject = stream;
      this.video = element;
      await element.play();
      const worker = (this.options.createWorker ?? defaultWorker)();
      this.worker = worker;
      worker.onmessage = (event) => this.handleReply(event.data);
      this.busy = false;
      this.interval = setInterval(() => this.tick(), Math.round(1000 / this.fps));
    } catch (error) {
      this.stop();
      throw error;
    }
  }

  /** Stops the timer, the worker and every camera track. Safe to call more than once. */
  stop(): void {
    if (this.interval !== undefined) clearInterval(this.interval);
    this.interval = undefined;
    if (this.worker !== undefined) {
      this.worker.onmessage = null;
      this.worker.terminate();
    }
    this.worker = undefined;
    for (const track of this.stream?.getTracks() ?? []) track.stop();
    this.stream = undefined;
    if (this.video !== undefined) this.video.srcObject = null;
    this.video = undefined;
    this.busy = false;
  }

  private tick(): void {
    if (this.busy || this.worker === undefined || this.video === undefined) return;
    const frame = (this.options.grabFrame ?? defaultGrabFrame)(this.video, this.maxFrameWidth);
    if (frame === null) return;
    this.busy = true;
    this.worker.postMessage(frame, [frame.data.buffer]);
  }

  private handleReply(reply: unknown): void {
    this.busy = false;
    if (typeof reply !== 'object' || reply === null || !('text' in reply) || typeof reply.text !== 'string') return;
    const encoding = 'encoding' in reply && isEncoding(reply.encoding) ? reply.encoding : 'utf-8';
    const now = this.clock();
    const previous = this.last;
    this.last = { text: reply.text, at: now };
    if (previous !== undefined && previous.text === reply.text && now - previous.at < this.dedupeMs) return;
    const event = makeScanEvent(reply.text, encoding, 'camera');
    if (event === undefined) return;
    for (const listener of [...this.listeners]) listener(event);
  }
}
