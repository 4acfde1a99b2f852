/**
 * Crash test of the outbox: a page enqueues submissions (3 attachments each) without pause while
 * the worker delivers them, and we kill, at random moments, one of:
 *   - the device host (SIGKILL of `dist/host/main.mjs`: mid-seal, mid-journal-append, mid-PUT),
 *   - the page's renderer (CDP Page.crash: the page and its delivery Worker die mid-transaction),
 *   - the whole browser (SIGKILL of Chromium: IndexedDB's strict-durability commits must be on disk),
 * 105 kills in all, and the platform drops 10% of answers after committing or resets connections.
 * Afterwards every submission the page was told was accepted is delivered exactly once, according
 * to the platform's own records, and nothing else was delivered twice.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startOutboxKiosk, type OutboxKiosk } from '../support/outbox-kiosk';

test.setTimeout(300_000);
const ROUNDS = Number(process.env.OUTBOX_CRASH_ROUNDS ?? 105);
const progress = (message: string) => {
  if (process.env.OUTBOX_CRASH_VERBOSE) console.log(`[${new Date().toISOString()}] ${message}`);
};

type Harness = {
  startLoop(images: number, imageBytes: number): Promise<void>;
  stopLoop(): void;
  summary(): Promise<{ pending: number; needsAttention: number }>;
  lost(): unknown[];
  deliverNow(): void;
  states(): Promise<Record<string, number>>;
  describe(ids: string[]): Promise<unknown[]>;
};

/** The journal lines of the host that mention these ids: for the failure message. */
function journalLines(kioskDataDir: string, ids: string[]): string[] {
  const path = join(kioskDataDir, 'host', 'outbox', 'journal.jsonl');
  if (!existsSync(path)) return [];
  const wanted = new Set(ids);
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => {
      const m = /"id":"([^"]+)"/.exec(line);
      return m !== null && wanted.has(m[1]!);
    })
    .map((line) => line.replace(/"wk":"[^"]*"/, '"wk":"…"'));
}

test('every accepted submission is delivered exactly once across 105 random kills of host, renderer and browser', async () => {
  const accepted = new Set<string>();
  const kiosk: OutboxKiosk = await startOutboxKiosk({
    faults: { rate: 0.1, kinds: ['drop-after-commit', 'reset'], seed: 7 },
    setupPage: async (page) => {
      await page.exposeFunction('reportAccepted', (id: string) => {
        accepted.add(id);
      });
    },
  });
  const kills = { host: 0, renderer: 0, browser: 0 };
  try {
    const startLoop = () => void kiosk.page.evaluate(() => (window as unknown as { harness: Harness }).harness.startLoop(3, 20_000)).catch(() => undefined);
    startLoop();
    for (let round = 0; round < ROUNDS; round += 1) {
      // A random point in the enqueue/delivery cycle (this chooses where to crash; nothing waits on it).
      await new Promise<void>((resolve) => setTimeout(resolve, 100 + Math.floor(Math.random() * 600)));
      const kind = (['host', 'renderer', 'browser'] as const)[round % 3]!;
      if (kind === 'host') await kiosk.killHost();
      else if (kind === 'renderer') await kiosk.crashRenderer();
      else await kiosk.killBrowser();
      kills[kind] += 1;
      progress(`round ${round}: killed ${kind}; ${accepted.size} accepted`);
      if (kind !== 'host') startLoop();
    }
    progress('stopping the loop');
    await kiosk.page.evaluate(() => (window as unknown as { harness: Harness }).harness.stopLoop());
    await kiosk.platform.setFaults(null);
    await expect
      .poll(
        async () => {
          // Faults are off now: whatever waits on a network backoff may go at once (as on a reconnect).
          await kiosk.page.evaluate(() => (window as unknown as { harness: Harness }).harness.deliverNow());
          progress(JSON.stringify(await kiosk.page.evaluate(() => (window as unknown as { harness: Harness }).harness.states())));
          return (await kiosk.page.evaluate(() => (window as unknown as { harness: Harness }).harness.summary())).pending;
        },
        { timeout: 90_000, intervals: [500] },
      )
      .toBe(0);

    const records = (await (await fetch(`${kiosk.platform.url}/_admin/records`)).json()) as { submissions: { items: { id: string; firstDeliveries: number; conflicts: number }[] } };
    const byId = new Map(records.submissions.items.map((s) => [s.id, s]));
    const missing = [...accepted].filter((id) => byId.get(id)?.firstDeliveries !== 1);
    if (missing.length > 0) {
      const sample = missing.slice(0, 5);
      console.log('accepted but not delivered exactly once (first 5):', JSON.stringify({
        platform: sample.map((id) => byId.get(id) ?? { id, absent: true }),
        page: await kiosk.page.evaluate((ids) => (window as unknown as { harness: Harness }).harness.describe(ids), sample),
        journal: journalLines(kiosk.kioskDataDir, sample),
        lost: await kiosk.page.evaluate(() => (window as unknown as { harness: Harness }).harness.lost()),
      }, null, 1));
    }
    expect(missing, 'accepted but not delivered exactly once').toEqual([]);
    expect(records.submissions.items.filter((s) => s.firstDeliveries !== 1 || s.conflicts !== 0)).toEqual([]);
    expect((await kiosk.page.evaluate(() => (window as unknown as { harness: Harness }).harness.summary())).needsAttention).toBe(0);
    expect(await kiosk.page.evaluate(() => (window as unknown as { harness: Harness }).harness.lost())).toEqual([]);
    console.log(`outbox crash test: ${kills.host} host kills, ${kills.renderer} renderer crashes, ${kills.browser} browser kills; ${accepted.size} accepted, ${records.submissions.items.length} delivered`);
    expect(accepted.size).toBeGreaterThan(20);
  } finally {
    await kiosk.stop();
  }
});
