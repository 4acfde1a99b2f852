/**
 * `kiosk-devices printer test` rasterises four-byte GB18030 characters with the canvas rasterizer
 * (loaded lazily, only when the job has such a character).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EscPosSimulator } from '../../../drivers/printer/index';
import { serveSimulatorOnTcp } from '../../../drivers/node/simulator-host';
import type { TcpServedSimulator } from '../../../drivers/node/simulator-host';
import { buildTestJobLazily } from '../../../drivers/node/cli/test-print';
import type { GlyphRasterizer } from '../../../drivers/printer/index';
import { createBitmap } from '../../../drivers/printer/index';
import { runCli } from './cli-harness';

describe('printer test: four-byte characters', () => {
  let sim: EscPosSimulator;
  let served: TcpServedSimulator;
  beforeEach(async () => {
    sim = new EscPosSimulator({ paperWidth: 80 });
    served = await serveSimulatorOnTcp(0, sim);
  });
  afterEach(async () => {
    await served.close();
  });

  it('the test page prints its four-byte sample line as a raster image, not as "?"', async () => {
    const result = await runCli(['printer', 'test', '--port', `tcp://127.0.0.1:${served.port}`, '--template', 'test']);
    expect(result.code).toBe(0);
    expect(result.lines[0]).toMatchObject({ printed: true, template: 'test', width: 80 });
    const doc = sim.printed.at(-1)!;
    const texts = doc.blocks.flatMap((b) => (b.kind === 'text' ? [b.text] : []));
    expect(texts.some((t) => t.includes('四字节字'))).toBe(false);
    expect(texts.some((t) => t.includes('?'))).toBe(false);
    const rasters = doc.blocks.filter((b) => b.kind === 'raster');
    expect(rasters.length).toBeGreaterThanOrEqual(1);
  }, 20_000);
});

describe('buildTestJobLazily', () => {
  const counting = () => {
    let loads = 0;
    const loader = async (): Promise<GlyphRasterizer> => {
      loads += 1;
      return { rasterize: (_text, height) => createBitmap(4, Math.round(height)) };
    };
    return { loader, loads: () => loads };
  };

  it.each(['receipt', 'notice', 'ticket'] as const)('does not load the rasterizer for the %s (no four-byte character)', async (template) => {
    const { loader, loads } = counting();
    const job = await buildTestJobLazily(template, 80, new Date('2025-01-01T00:00:00Z'), loader);
    expect(loads()).toBe(0);
    expect(job.rasterized).toBe(false);
  });

  it('loads it for the test page, and falls back to "?" when it cannot be loaded', async () => {
    const { loader, loads } = counting();
    const now = new Date('2025-01-01T00:00:00Z');
    const job = await buildTestJobLazily('test', 58, now, loader);
    expect(loads()).toBe(1);
    expect(job.rasterized).toBe(true);
    const fallback = await buildTestJobLazily('test', 58, now, () => Promise.reject(new Error('no canvas')));
    expect(fallback.rasterized).toBe(false);
    expect(fallback.bytes.length).toBeGreaterThan(0);
    expect(fallback.bytes).not.toEqual(job.bytes);
  });
});
