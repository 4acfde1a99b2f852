/**
 * `node --import tsx tests/support/outbox-drain.ts --items 10000 [--faulty]`: queues N submissions
 * while delivery is stopped, then starts the delivery engine and times the drain into the local
 * platform over loopback (through the real host side and protocol; IndexedDB is fake-indexeddb).
 * Checks exactly-once on the platform's records and prints one JSON line.
 */
import { newId, startOutboxRig, submissionBody } from './outbox-rig';

const args = process.argv.slice(2);
const items = Number(args[args.indexOf('--items') + 1] ?? 10_000) || 10_000;
const faulty = args.includes('--faulty');

const rig = await startOutboxRig({ startEngine: false, engine: { reportDepth: false } });
try {
  for (let i = 0; i < items; i += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, items - i) }, async () => {
        const ref = await rig.outbox.allocateLocalReference();
        await rig.outbox.enqueueSubmission({ submissionId: newId(), body: submissionBody(rig.terminalId, ref), attachments: [], serviceName: 'bench' });
      }),
    );
  }
  if (faulty) rig.platform.setFaults({ rate: 0.3, kinds: ['latency', '5xx', '429', '503', 'reset', 'drop-after-commit'], seed: 99 });
  const started = performance.now();
  await rig.engine.start();
  await rig.drained(30 * 60_000);
  const seconds = (performance.now() - started) / 1000;
  rig.platform.setFaults(null);
  const records = await rig.records();
  const exactlyOnce = records.submissions.count === items && records.submissions.items.every((s) => s.firstDeliveries === 1);
  console.log(JSON.stringify({ items, faulty, seconds, itemsPerSecond: items / seconds, exactlyOnce }));
} finally {
  await rig.stop();
}
process.exit(0);
