/** bench/results.json: `{"metric.name": {"value": n, "unit": "…"}}`, merged across benchmark runs. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface Metric {
  value: number;
  unit: string;
}

export const RESULTS_PATH = 'bench/results.json';

export function recordMetrics(metrics: Record<string, Metric>, path = RESULTS_PATH): void {
  const current: Record<string, Metric> = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, Metric>) : {};
  for (const [name, metric] of Object.entries(metrics)) {
    current[name] = { value: Math.round(metric.value * 100) / 100, unit: metric.unit };
    console.log(`${name.padEnd(34)} ${String(current[name]!.value).padStart(10)} ${metric.unit}`);
  }
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(current, null, 2) + '\n');
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}
