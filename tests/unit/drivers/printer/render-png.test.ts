import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { BinaryBitmap, Code128Reader, HybridBinarizer, QRCodeReader, RGBLuminanceSource } from '@zxing/library';
import { describe, expect, it } from 'vitest';
import { withIdCheckChar } from '../../../../common/identity/check-digits';
import { EscPosSimulator, buildAcceptanceReceipt, buildQueueTicket, buildTestPage, getDot, inkWidth } from '../../../../drivers/printer';
import type { PrintedDocument } from '../../../../drivers/printer';
import { createCanvasGlyphRasterizer, renderPrintedDocumentPng } from '../../../../drivers/node/printer';

const OUT = join(process.cwd(), 'test-results', 'printer');
const NOW = new Date('2025-03-05T02:23:00Z');

function print(bytes: Uint8Array, paperWidth: 80 | 58): PrintedDocument {
  const sim = new EscPosSimulator({ paperWidth });
  sim.receive(bytes);
  return sim.printed[0]!;
}

async function luminance(png: Buffer): Promise<{ width: number; height: number; lum: Uint8ClampedArray }> {
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  const { data } = ctx.getImageData(0, 0, image.width, image.height);
  const lum = new Uint8ClampedArray(image.width * image.height);
  for (let i = 0; i < lum.length; i++) lum[i] = data[i * 4]!;
  return { width: image.width, height: image.height, lum };
}

function bitmapOf(width: number, height: number, lum: Uint8ClampedArray): BinaryBitmap {
  return new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(lum, width, height)));
}

describe('renderPrintedDocumentPng', () => {
  const rasterizer = createCanvasGlyphRasterizer();

  it('renders the acceptance receipt (80 mm) and a queue ticket (58 mm), with readable QR codes', async () => {
    mkdirSync(OUT, { recursive: true });
    const receipt = buildAcceptanceReceipt(
      {
        hallName: '示例市示例区政务服务中心',
        serviceName: '城乡居民基本养老保险参保登记',
        applicant: { name: '𠮷晓雨', idNumber: withIdCheckChar('44010619900307123'), phone: '13800001234' },
        localReference: 'SL-20250305-0012',
        receivedAt: NOW,
        promisedCompletionDate: '2025-03-19',
        promisedWorkingDays: 10,
        materials: [{ name: '居民身份证', form: '原件', copies: 1 }, { name: '户口簿', form: '复印件', copies: 1 }, { name: '参保登记表', copies: 2 }],
        nextSteps: ['窗口工作人员将在1个工作日内审核材料', '审核结果将以短信通知，请保持电话畅通'],
        lookupCode: 'https://example.invalid/q/SL-20250305-0012',
        hotline: '12345',
      },
      { paperWidth: 80, rasterizer, now: NOW },
    );
    const receiptPng = renderPrintedDocumentPng(print(receipt, 80));
    writeFileSync(join(OUT, 'receipt-80.png'), receiptPng);
    const r = await luminance(receiptPng);
    expect(r.width).toBe(576);
    expect(r.height).toBeGreaterThan(600);
    expect(new QRCodeReader().decode(bitmapOf(r.width, r.height, r.lum)).getText()).toBe('https://example.invalid/q/SL-20250305-0012');

    const ticket = buildQueueTicket(
      { hallName: '示例市政务服务中心', ticketNumber: 'A023', category: '社保医保业务', peopleAhead: 7, estimatedWaitMinutes: 21, issuedAt: NOW, priority: 'priority', qrData: 'Q:A023' },
      { paperWidth: 58, rasterizer, now: NOW },
    );
    const ticketPng = renderPrintedDocumentPng(print(ticket, 58), { paperWidth: 58 });
    writeFileSync(join(OUT, 'ticket-58.png'), ticketPng);
    const t = await luminance(ticketPng);
    expect(t.width).toBe(384);
    expect(new QRCodeReader().decode(bitmapOf(t.width, t.height, t.lum)).getText()).toBe('Q:A023');
  });

  it('draws a CODE128 barcode that a reader decodes (test page)', async () => {
    const png = renderPrintedDocumentPng(print(buildTestPage({ paperWidth: 80, rasterizer, now: NOW }), 80));
    writeFileSync(join(OUT, 'test-page-80.png'), png);
    const { width, height, lum } = await luminance(png);
    // Find the barcode rows: the first row band after the QR with many transitions; try each row.
    let decoded: string | null = null;
    const reader = new Code128Reader();
    for (let y = height - 400; y < height && decoded === null; y += 4) {
      const row = lum.slice(y * width, (y + 1) * width);
      try {
        decoded = reader.decode(bitmapOf(width, 1, row)).getText();
      } catch {
        decoded = null;
      }
    }
    expect(decoded).toBe('TEST-0123456789');
  });

  it('draws raster images dot for dot', async () => {
    const sim = new EscPosSimulator({ paperWidth: 58 });
    sim.receive(Uint8Array.of(0x1d, 0x76, 0x30, 0x00, 0x01, 0x00, 0x02, 0x00, 0b10100000, 0b00000001, 0x1d, 0x56, 0x00));
    const png = renderPrintedDocumentPng(sim.printed[0]!);
    const { width, lum } = await luminance(png);
    const top = 12; // margin
    expect([lum[top * width + 0], lum[top * width + 1], lum[top * width + 2], lum[(top + 1) * width + 7], lum[(top + 1) * width + 6]]).toEqual([0, 255, 0, 0, 255]);
  });
});

describe('createCanvasGlyphRasterizer', () => {
  it('renders rare characters on the printer grid at the requested height', () => {
    const rasterizer = createCanvasGlyphRasterizer();
    const bitmap = rasterizer.rasterize('𠮷A', 24);
    expect(bitmap.height).toBe(24);
    expect(bitmap.widthBytes).toBe(Math.ceil((24 + 12) / 8));
    const ink = inkWidth(bitmap);
    expect(ink).toBeGreaterThan(24); // the A is drawn after the 24-dot cell of 𠮷
    let black = 0;
    for (let y = 0; y < 24; y++) for (let x = 0; x < 24; x++) if (getDot(bitmap, x, y)) black++;
    expect(black).toBeGreaterThan(40);
    expect(rasterizer.rasterize('𠮷', 48).height).toBe(48);
  });
});
