/** ui.bundle.gzip.kb: the JavaScript the kiosk page loads before it can show anything, gzipped. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Metric } from './results-file';

export function measureUiBundle(uiDir = 'dist/renderer'): Record<string, Metric> {
  const html = readFileSync(join(uiDir, 'index.html'), 'utf8');
  const scripts = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="([^"]+\.js)"/g)].map((m) => m[1]!);
  let gzipBytes = 0;
  for (const src of new Set(scripts)) gzipBytes += gzipSync(readFileSync(join(uiDir, src.replace(/^\//, ''))), { level: 9 }).length;
  return { 'ui.bundle.gzip.kb': { value: gzipBytes / 1024, unit: 'KiB' } };
}
