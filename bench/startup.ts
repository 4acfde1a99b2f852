/**
 * startup.cold.ms: from running the browser shell (fresh data directory: new platform database,
 * new enrollment) to the home screen interactive with every device ready, median of 5.
 * Also startup.host-ready-to-home.ms (the "within 3 s of the host being ready") and
 * host.rss.mb (the device host's resident memory once the home screen is up).
 */
import { readFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { startKiosk } from '../tests/e2e/support/kiosk';
import { median, type Metric } from './results-file';

export async function measureStartup(runs = 5): Promise<Record<string, Metric>> {
  const runningAsRoot = process.getuid?.() === 0;
  const browser = await chromium.launch({ executablePath: process.env.KIOSK_TEST_CHROMIUM ?? '/usr/bin/chromium', args: runningAsRoot ? ['--no-sandbox'] : [] });
  const cold: number[] = [];
  const fromHostReady: number[] = [];
  const rss: number[] = [];
  try {
    for (let run = 0; run < runs; run += 1) {
      const started = performance.now();
      const kiosk = await startKiosk();
      const hostReadyAt = performance.now();
      const page = await browser.newPage();
      try {
        await page.goto(kiosk.uiUrl);
        await page.getByTestId('home-screen').waitFor();
        for (const role of ['idcard-reader', 'qr-scanner', 'receipt-printer', 'ticket-printer']) {
          await page.locator(`[data-testid="device-status-${role}"][data-state="ready"]`).waitFor();
        }
        const interactiveAt = performance.now();
        cold.push(interactiveAt - started);
        fromHostReady.push(interactiveAt - hostReadyAt);
        const status = readFileSync(`/proc/${kiosk.hostPid()}/status`, 'utf8');
        rss.push(Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024);
      } finally {
        await page.close();
        await kiosk.stop();
      }
    }
  } finally {
    await browser.close();
  }
  return {
    'startup.cold.ms': { value: median(cold), unit: 'ms' },
    'startup.host-ready-to-home.ms': { value: median(fromHostReady), unit: 'ms' },
    'host.rss.mb': { value: median(rss), unit: 'MiB' },
  };
}
