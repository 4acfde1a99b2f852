import { describe, expect, it } from 'vitest';
import QRCode from 'qrcode';
import iconv from 'iconv-lite';
import {
  decodeQrFromImageData,
  decodeScanFromImageData,
  handleCameraFrame,
} from '../../../../renderer/src/devices/scanning/camera-decoder';

/** Paints a QR symbol into an RGBA buffer: 4-module quiet zone, `scale` pixels per module. */
function paint(qr: QRCode.QRCode, scale = 4): { data: Uint8ClampedArray; width: number; height: number } {
  const size = qr.modules.size;
  const quiet = 4;
  const width = (size + 2 * quiet) * scale;
  const data = new Uint8ClampedArray(width * width * 4).fill(255);
  for (let row = 0; row < size; row += 1) {
    for (let col = 0; col < size; col += 1) {
      if (!qr.modules.get(row, col)) continue;
      for (let dy = 0; dy < scale; dy += 1) {
        for (let dx = 0; dx < scale; dx += 1) {
          const p = (((row + quiet) * scale + dy) * width + (col + quiet) * scale + dx) * 4;
          data[p] = 0;
          data[p + 1] = 0;
          data[p + 2] = 0;
        }
      }
    }
  }
  return { data, width, height: width };
}

describe('decodeQrFromImageData', () => {
  it('decodes an ASCII QR code', () => {
    const text = 'BMK:R:2024-GD-000123';
    expect(decodeQrFromImageData(paint(QRCode.create(text, { errorCorrectionLevel: 'M' })))).toBe(text);
  });

  it('decodes a licence URL', () => {
    const text = 'https://www.gsxt.gov.cn/index.html?uniscid=91440101MA5CJQ4N59';
    expect(decodeQrFromImageData(paint(QRCode.create(text)))).toBe(text);
  });

  it('decodes Chinese text encoded as UTF-8 in byte mode', () => {
    const text = '统一社会信用代码：91440101MA5CJQ4N59 广州市';
    const result = decodeScanFromImageData(paint(QRCode.create(text)));
    expect(result).toEqual({ text, encoding: 'utf-8' });
  });

  it('decodes Chinese text encoded as GB18030 in byte mode (no ECI)', () => {
    const text = '名称：广州某某科技有限公司 统一社会信用代码：91440101MA5CJQ4N59';
    const bytes = new Uint8ClampedArray(iconv.encode(text, 'gb18030'));
    const qr = QRCode.create([{ data: bytes, mode: 'byte' }]);
    const result = decodeScanFromImageData(paint(qr));
    expect(result).toEqual({ text, encoding: 'gb18030' });
  });

  it('returns null for an empty or malformed frame', () => {
    const blank = { data: new Uint8ClampedArray(64 * 64 * 4).fill(255), width: 64, height: 64 };
    expect(decodeQrFromImageData(blank)).toBeNull();
    expect(decodeQrFromImageData({ data: new Uint8ClampedArray(4), width: 10, height: 10 })).toBeNull();
    expect(decodeQrFromImageData({ data: new Uint8ClampedArray(0), width: 0, height: 0 })).toBeNull();
  });

  it('the worker handler answers { text } or { none: true }', () => {
    const frame = paint(QRCode.create('BMK:A:YY-20240601-0007'));
    expect(handleCameraFrame(frame)).toEqual({ text: 'BMK:A:YY-20240601-0007', encoding: 'utf-8' });
    expect(handleCameraFrame({ data: 'nope', width: 1, height: 1 })).toEqual({ none: true });
    expect(handleCameraFrame(null)).toEqual({ none: true });
  });
});
