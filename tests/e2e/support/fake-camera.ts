/**
 * A fake camera for Chromium: a one-frame YUV4MPEG2 (.y4m) video showing a QR code, for
 * `--use-fake-device-for-media-stream --use-file-for-fake-video-capture=<file>` (Chromium loops it).
 * Written synchronously, so a spec can make it at load time and pass it to the browser's launch options.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import QRCode from 'qrcode';

export function writeQrVideo(dir: string, text: string, width = 640, height = 480): string {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const quiet = 4;
  const cells = modules.size + 2 * quiet;
  const scale = Math.floor((Math.min(width, height) * 0.9) / cells);
  const left = Math.floor((width - cells * scale) / 2);
  const top = Math.floor((height - cells * scale) / 2);
  const luma = Buffer.alloc(width * height, 235); // white
  for (let r = 0; r < modules.size; r += 1) {
    for (let c = 0; c < modules.size; c += 1) {
      if (!modules.get(r, c)) continue;
      const y0 = top + (r + quiet) * scale;
      const x0 = left + (c + quiet) * scale;
      for (let y = y0; y < y0 + scale; y += 1) luma.fill(16, y * width + x0, y * width + x0 + scale); // black
    }
  }
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128); // no colour (U and V planes)
  const file = join(dir, 'fake-camera-qr.y4m');
  writeFileSync(file, Buffer.concat([Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\nFRAME\n`), luma, chroma]));
  return file;
}
