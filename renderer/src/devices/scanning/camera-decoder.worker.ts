/**
 * Web Worker entry: receives camera frames ({ data: Uint8ClampedArray RGBA, width, height }) and
 * posts back `{ text, encoding }` or `{ none: true }` for each, in order.
 * Start it with `new Worker(new URL('./camera-decoder.worker.ts', import.meta.url), { type: 'module' })`.
 */
import { handleCameraFrame } from './camera-decoder';

interface WorkerScope {
  onmessage: ((event: MessageEvent<unknown>) => void) | null;
  postMessage(message: unknown): void;
}

const scope = globalThis as unknown as WorkerScope;
scope.onmessage = (event) => {
  scope.postMessage(handleCameraFrame(event.data));
};
