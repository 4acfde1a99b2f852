/**
 * The outbox's figures:
 * - outbox.enqueue.p50.ms / .p99.ms: one submission with three 300 KB images, from allocating the
 *   local reference to "accepted" (host seal + journal fsync, one strict-durability IndexedDB
 *   transaction, journal confirm), in real Chromium on the outbox harness page, 60 runs after 5
 *   warm-ups, while the delivery worker is running.
 * - sync.drain.items-per-s / sync.drain.faulty.items-per-s: queued submissions (no attachments)
 *   drained into the local platform over loopback, in real Chromium with the real outbox code, the
 *   real device host and the platform as processes (tests/support/outbox-kiosk.ts). The harness page
 *   holds the delivery worker's Web Lock while the items are enqueued the real way, then releases
 *   it; timed from that release until a poll (every 500 ms) of the platform's /_admin/counts holds
 *   all of them (and from the release to the platform's own receipt time of the last one); then
 *   each must have `firstDeliveries === 1` and no conflicts in /_admin/records, or the bench fails.
 *   "faulty": the platform fails 30% of /api requests (5xx, 429, 503, reset, drop-after-commit).
 *   10,000 items per run, as the goal states (`OUTBOX_BENCH_DRAIN_ITEMS` and
 *   `OUTBOX_BENCH_DRAIN_TIMEOUT_MS` change them); `OUTBOX_BENCH_DRAIN_PROFILE=1` prints the CPU
 *   seconds of each process.
 *
 * `tests/support/outbox-drain.ts` measures the drain in Node on fake-indexeddb, whose index updates
 * grow with the store (1,000 items: ~12 items/s), which says nothing of Chromium's IndexedDB;
 * `OUTBOX_BENCH_NODE_DRAIN=<items>` runs it and reports it under `sync.drain.node-fake-idb.*`.
 */
import { spawnSync } from 'node:child_process';
import type { Page } from '@playwright/test';
import type { FaultOptions } from '../platform/faults';
import { startOutboxKiosk } from '../tests/support/outbox-kiosk';
import { percentile, type Metric } from './results-file';

const nodeDrainItems = Number(process.env.OUTBOX_BENCH_NODE_DRAIN ?? 0) || 0;
/** Submissions per drain run; `OUTBOX_BENCH_DRAIN_ITEMS` overrides. */
const DRAIN_ITEMS = Number(process.env.OUTBOX_BENCH_DRAIN_ITEMS ?? 10_000) || 10_000;
/** A drain run gives up (and the bench fails) after this long: no figure is better than a made-up one. */
const DRAIN_TIMEOUT_MS = Number(process.env.OUTBOX_BENCH_DRAIN_TIMEOUT_MS ?? 300_000);
const FAULTS: FaultOptions = { rate: 0.3, kinds: ['5xx', '429', '503', 'reset', 'drop-after-commit'], seed: 99 };

/** CPU seconds used so far by each process (for `OUTBOX_BENCH_DRAIN_PROFILE=1`: where the drain's time goes). */
function cpuSeconds(): Map<string, number> {
  const out = spawnSync('ps', ['-eo', 'pid=,times=,args='], { encoding: 'utf8' }).stdout;
  const map = new Map<string, number>();
  for (const line of out.split('\n')) {
    const m = /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line);
    if (!m) continue;
    const args = m[3]!;
    const name = /dist\/platform\//.test(args) ? 'platform' : /dist\/host\//.test(args) ? 'host' : /chromium/.test(args) ? `chromium ${/--type=([\w-]+)/.exec(args)?.[1] ?? 'browser'}` : /bench/.test(args) ? 'bench (node)' : null;
    if (name) map.set(`${name} [${m[1]}]`, Number(m[2]));
  }
  return map;
}

function printCpu(before: Map<string, number>, seconds: number): void {
  const after = cpuSeconds();
  const rows = [...after].map(([name, total]) => [name, total - (before.get(name) ?? 0)] as const).filter(([, used]) => used > 0).sort((a, b) => b[1] - a[1]);
  for (const [name, used] of rows) console.log(`  cpu ${name.padEnd(40)} ${String(used).padStart(5)} s  (${Math.round((100 * used) / seconds)}% of one core)`);
}

interface DrainRecords {
  submissions: { count: number; items: { id: string; firstDeliveries: number; conflicts: number; receivedAt: string }[] };
}

export interface DrainResult {
  items: number;
  faulty: boolean;
  enqueueSeconds: number;
  /** From releasing the delivery worker until a poll of /_admin/records saw every item. */
  seconds: number;
  /** From releasing the delivery worker until the platform's receivedAt of the last item. */
  platformSeconds: number;
  itemsPerSecond: number;
}

/**
 * The drain in Chromium: the harness page holds the delivery worker's lock while `items`
 * submissions (no attachments) are enqueued the real way (seal, strict IndexedDB, confirm), then
 * releases it; timed until the platform's records hold all of them, each exactly once.
 */
export async function measureDrain(faulty: boolean, items = DRAIN_ITEMS): Promise<DrainResult> {
  const kiosk = await startOutboxKiosk({
    setupPage: async (page: Page) => {
      await page.addInitScript('window.outboxHoldDelivery = true');
    },
  });
  try {
    const { terminalId } = (await kiosk.page.evaluate('window.harness.connected()')) as { terminalId: string };
    const enqueueStarted = performance.now();
    const ids = (await kiosk.page.evaluate(`window.harness.enqueueMany(${JSON.stringify(terminalId)}, ${items}, 16)`)) as string[];
    const enqueueSeconds = (performance.now() - enqueueStarted) / 1000;
    if (new Set(ids).size !== items) throw new Error(`enqueued ${new Set(ids).size} of ${items}`);
    const records = async () => (await (await fetch(`${kiosk.platform.url}/_admin/records`)).json()) as DrainRecords;
    if ((await records()).submissions.count !== 0) throw new Error('the platform received items while delivery was held');
    if (faulty) await kiosk.platform.setFaults(FAULTS);
    const cpuBefore = process.env.OUTBOX_BENCH_DRAIN_PROFILE ? cpuSeconds() : null;
    const startedAt = Date.now();
    if (!(await kiosk.page.evaluate('window.harness.startDelivery()'))) throw new Error('delivery was not held');
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const held = ((await (await fetch(`${kiosk.platform.url}/_admin/counts`)).json()) as { submissions: number }).submissions;
      if (held >= items) break;
      if (Date.now() - startedAt > DRAIN_TIMEOUT_MS) throw new Error(`drain${faulty ? ' (faulty)' : ''}: ${held} of ${items} after ${DRAIN_TIMEOUT_MS} ms`);
    }
    const seconds = (Date.now() - startedAt) / 1000;
    if (cpuBefore) printCpu(cpuBefore, seconds);
    await kiosk.platform.setFaults(null);
    const last = await records();
    const byId = new Map(last.submissions.items.map((s) => [s.id, s]));
    const bad = ids.filter((id) => byId.get(id)?.firstDeliveries !== 1 || byId.get(id)?.conflicts !== 0);
    if (bad.length > 0 || last.submissions.count !== items) throw new Error(`drain${faulty ? ' (faulty)' : ''} was not exactly-once: ${bad.length} bad, ${last.submissions.count} received of ${items}`);
    const lastReceived = Math.max(...last.submissions.items.map((s) => Date.parse(s.receivedAt)));
    const result = { items, faulty, enqueueSeconds, seconds, platformSeconds: (lastReceived - startedAt) / 1000, itemsPerSecond: items / seconds };
    console.log(`drain${faulty ? ' (30% faults)' : ''}: ${JSON.stringify(result)}`);
    return result;
  } finally {
    await kiosk.stop();
  }
}

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
  const clean = await measureDrain(false);
  const faulty = await measureDrain(true);
  return {
    'outbox.enqueue.p50.ms': { value: percentile(times, 50), unit: 'ms' },
    'outbox.enqueue.p99.ms': { value: percentile(times, 99), unit: 'ms' },
    'sync.drain.items-per-s': { value: clean.itemsPerSecond, unit: 'items/s' },
    'sync.drain.faulty.items-per-s': { value: faulty.itemsPerSecond, unit: 'items/s' },
    ...(nodeDrainItems > 0
      ? {
          'sync.drain.node-fake-idb.items-per-s': { value: drain(false, nodeDrainItems), unit: 'items/s' },
          'sync.drain.node-fake-idb.faulty.items-per-s': { value: drain(true, nodeDrainItems), unit: 'items/s' },
        }
      : {}),
  };
}
