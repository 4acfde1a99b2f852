/**
 * The outbox's figures:
 * - outbox.enqueue.p50.ms / .p99.ms: one submission with three 300 KB images, from allocating the
 *   local reference to "accepted" (host seal + journal fsync, one strict-durability IndexedDB
 *   transaction, journal confirm), in real Chromium on the outbox harness page, 60 runs after 5
 *   warm-ups, while the delivery worker is running.
 *
 * Not yet: sync.drain.items-per-s and sync.drain.faulty.items-per-s (10,000 queued submissions).
 * `tests/support/outbox-drain.ts` measures the drain in Node, but on fake-indexeddb, whose index
 * updates grow with the store (1,000 items: ~12 items/s; 300: ~74 items/s), which says nothing of
 * Chromium's IndexedDB. The drain must be measured on the harness page in Chromium; until then
 * `OUTBOX_BENCH_NODE_DRAIN=<items>` runs the Node drain and reports it under
 * `sync.drain.node-fake-idb.*` so it is never mistaken for the real figure.
 */
import { spawnSync } from 'node:child_process';
import { startOutboxKiosk } from '../tests/support/outbox-kiosk';
import { percentile, type Metric } from './results-file';

const nodeDrainItems = Number(process.env.OUTBOX_BENCH_NODE_DRAIN ?? 0) || 0;

function drain(faulty: boolean, items: number): number {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'tests/support/outbox-drain.ts', '--items', String(items), ...(faulty ? ['--faulty'] : [])], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  const line = result.stdout.trim().split('\n').at(-1) ?? '';
  const parsed = JSON.parse(line) as { itemsPerSecond: number; exactlyOnce: boolean };
  if (!parsed.exactlyOnce) throw new Error(`drain${faulty ? ' (faulty)' : ''} was not exactly-once`);
  return parsed.itemsPerSecond;
}

export async function measureOutbox(): Promise<Record<string, Metric>> {
  const kiosk = await startOutboxKiosk();
  const times: number[] = [];
  try {
    const { terminalId } = (await kiosk.page.evaluate('window.harness.connected()')) as { terminalId: string };
    for (let run = 0; run < 65; run += 1) {
      const { ms } = (await kiosk.page.evaluate(`window.harness.enqueueOne(${JSON.stringify(terminalId)}, 3, 300000)`)) as { ms: number };
      if (run >= 5) times.push(ms);
    }
  } finally {
    await kiosk.stop();
  }
  return {
    'outbox.enqueue.p50.ms': { value: percentile(times, 50), unit: 'ms' },
    'outbox.enqueue.p99.ms': { value: percentile(times, 99), unit: 'ms' },
    ...(nodeDrainItems > 0
      ? {
          'sync.drain.node-fake-idb.items-per-s': { value: drain(false, nodeDrainItems), unit: 'items/s' },
          'sync.drain.node-fake-idb.faulty.items-per-s': { value: drain(true, nodeDrainItems), unit: 'items/s' },
        }
      : {}),
  };
}
