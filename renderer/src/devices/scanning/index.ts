export { WedgeDetector, attachWedgeDetector } from './wedge-detector';
export type { WedgeDetectorOptions, WedgeKeyResult } from './wedge-detector';
// camera-decoder.ts (and @zxing/library with it) is meant for the worker: import it directly there,
// so the page bundle does not carry the decoder.
export type { ImageDataLike, CameraFrameMessage, CameraDecodeReply } from './camera-decoder';
export { CameraScanner } from './camera-scanner';
export type { CameraScannerOptions, CameraWorkerLike } from './camera-scanner';
