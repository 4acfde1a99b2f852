/**
 * `npm run bench`: runs the benchmarks, prints each figure and merges them into bench/results.json.
 * `npm run bench -- startup` runs one group.
 */
import { recordMetrics, type Metric } from './results-file';
import { measureDevices } from './devices';
import { measureStartup } from './startup';
import { measureUiBundle } from './ui-bundle';
import { measureOutbox } from './outbox';
import { measureUi } from './ui';

const groups: Record<string, () => Promise<Record<string, Metric>> | Record<string, Metric>> = {
  bundle: () => measureUiBundle(),
  startup: () => measureStartup(),
  outbox: () => measureOutbox(),
  devices: () => measureDevices(),
  ui: () => measureUi(),
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
for (const [name, measure] of Object.entries(groups)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  console.log(`\n# ${name}`);
  recordMetrics(await measure());
}
