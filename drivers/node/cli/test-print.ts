/**
 * The jobs `kiosk-devices printer test` prints: each template with invented data (no real person;
 * the templates mask names and numbers anyway).
 *
 * Four-byte GB18030 characters (the test page's "四字节字" line) are rasterised with the canvas
 * rasterizer, as the kiosk does. @napi-rs/canvas and the CJK font are loaded lazily, only when the
 * job really contains such a line: the job is first built with a probe rasterizer that only notes
 * whether it was asked (building takes well under a millisecond), and rebuilt with the real one if
 * so. Measured on the development machine: loading canvas costs about 90–140 ms and the first
 * rasterised line about 30–40 ms, against a CLI run of about a second; receipt, notice and ticket
 * with the invented data have no such character and do not load canvas at all. If canvas cannot be
 * loaded (a stripped install), the characters print as '?' and the job still prints.
 */
import { buildAcceptanceReceipt, buildMissingMaterialsNotice, buildQueueTicket, buildTestPage, createBitmap } from '../../printer/index';
import type { GlyphRasterizer } from '../../printer/index';

export type TestTemplate = 'receipt' | 'notice' | 'ticket' | 'test';

const HALL = '示例市示例区政务服务中心（测试）';
const PERSON = { name: '测试员', idNumber: '11010519491231002X', phone: '13800000000' };

export interface TestJob {
  bytes: Uint8Array;
  /** Whether lines with four-byte characters were rasterised (false: none, or canvas unavailable). */
  rasterized: boolean;
}

/** Builds the job, loading the canvas rasterizer only if the job has a four-byte character. */
export async function buildTestJobLazily(template: TestTemplate, paperWidth: 80 | 58, now: Date = new Date(), loadRasterizer: () => Promise<GlyphRasterizer> = loadCanvasRasterizer): Promise<TestJob> {
  let asked = false;
  const probe: GlyphRasterizer = {
    rasterize(_text, heightDots) {
      asked = true;
      return createBitmap(1, Math.max(1, Math.round(heightDots)));
    },
  };
  const probed = buildTestJob(template, paperWidth, now, probe);
  if (!asked) return { bytes: probed, rasterized: false };
  let rasterizer: GlyphRasterizer;
  try {
    rasterizer = await loadRasterizer();
  } catch {
    return { bytes: buildTestJob(template, paperWidth, now), rasterized: false };
  }
  return { bytes: buildTestJob(template, paperWidth, now, rasterizer), rasterized: true };
}

async function loadCanvasRasterizer(): Promise<GlyphRasterizer> {
  const { createCanvasGlyphRasterizer } = await import('../printer/render-png');
  return createCanvasGlyphRasterizer();
}

export function buildTestJob(template: TestTemplate, paperWidth: 80 | 58, now: Date = new Date(), rasterizer?: GlyphRasterizer): Uint8Array {
  const options = rasterizer ? { paperWidth, now, rasterizer } : { paperWidth, now };
  switch (template) {
    case 'receipt':
      return buildAcceptanceReceipt(
        {
          hallName: HALL,
          serviceName: '打印测试：居民身份证换领（示例）',
          applicant: PERSON,
          localReference: 'TEST-R-0001',
          receivedAt: now,
          promisedWorkingDays: 5,
          materials: [
            { name: '居民身份证', form: '原件', copies: 1 },
            { name: '户口簿', form: '复印件', copies: 1 },
          ],
          nextSteps: ['这是一张测试回执，不是真实办件。', '如打印正常，请撕下并丢弃。'],
          hotline: '12345',
        },
        options,
      );
    case 'notice':
      return buildMissingMaterialsNotice(
        {
          hallName: HALL,
          serviceName: '打印测试：营业执照变更（示例）',
          applicant: PERSON,
          reference: 'TEST-N-0001',
          issuedAt: now,
          missing: [{ name: '股东会决议', howToProvide: '携带原件到3号窗口（测试）' }],
          deadline: '2099-12-31',
          hotline: '12345',
        },
        options,
      );
    case 'ticket':
      return buildQueueTicket({ hallName: HALL, ticketNumber: 'T001', category: '打印测试', peopleAhead: 0, issuedAt: now }, options);
    case 'test':
      return buildTestPage(options);
  }
}
