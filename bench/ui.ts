/**
 * The touch UI under 4× CPU throttling (Chromium's CDP Emulation.setCPUThrottlingRate), in the
 * browser shell with simulated devices:
 *   ui.tap-to-frame.p95.ms  a tap (the click event's timestamp) to the first frame painted after it,
 *                           over 40 taps that change the screen (tiles, home, language, senior mode);
 *   ui.card-to-prefill.ms   the simulated card placed on the reader to the form showing the name from
 *                           the card, median of 3 — machine time only: the citizen's tap on "this is
 *                           me" on the confirmation screen is not counted.
 * Run: npm run bench -- ui
 */
import { chromium, type Page } from '@playwright/test';
import { startKiosk } from '../tests/e2e/support/kiosk';
import { median, percentile, type Metric } from './results-file';

const THROTTLE = 4;

/** Records, for every click, the time from the event to the first frame painted after it. */
const TAP_PROBE = `
  window.__tapToFrame = [];
  document.addEventListener('click', (event) => {
    const t0 = event.timeStamp;
    requestAnimationFrame(() => setTimeout(() => window.__tapToFrame.push(performance.now() - t0), 0));
  }, true);
`;

/**
 * Resolves with the page's wall-clock time when an element with this test id first appears.
 * Written as a string: tsx would otherwise add helpers to the function that do not exist in the page.
 */
function whenAppears(page: Page, testId: string): Promise<number> {
  return page.evaluate(`new Promise((resolve) => {
    const selector = '[data-testid="${testId}"]';
    const now = () => performance.timeOrigin + performance.now();
    if (document.querySelector(selector)) return resolve(now());
    const observer = new MutationObserver(() => {
      if (!document.querySelector(selector)) return;
      observer.disconnect();
      resolve(now());
    });
    observer.observe(document.body, { childList: true, subtree: true, attributes: true });
  })`) as Promise<number>;
}

export async function measureUi(): Promise<Record<string, Metric>> {
  const runningAsRoot = process.getuid?.() === 0;
  const browser = await chromium.launch({ executablePath: process.env.KIOSK_TEST_CHROMIUM ?? '/usr/bin/chromium', args: runningAsRoot ? ['--no-sandbox'] : [] });
  const kiosk = await startKiosk();
  try {
    const page = await (await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' })).newPage();
    const panel = await browser.newPage();
    await page.addInitScript(TAP_PROBE);
    await page.goto(kiosk.uiUrl);
    await page.getByTestId('home-screen').waitFor();
    await panel.goto(kiosk.panelUrl);
    await panel.getByTestId('simulator-panel').waitFor();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });

    // Taps that change what is on screen.
    for (let round = 0; round < 5; round += 1) {
      for (const tile of ['tile-guide', 'tile-ticket', 'tile-progress']) {
        await page.getByTestId(tile).click();
        await page.getByTestId('go-home').click();
        await page.getByTestId('home-screen').waitFor();
      }
      await page.getByTestId('toggle-language').click();
      await page.getByTestId('toggle-language').click();
    }
    const taps = (await page.evaluate('window.__tapToFrame')) as number[];

    // Card to pre-filled form.
    const prefill: number[] = [];
    for (let run = 0; run < 3; run += 1) {
      await page.getByTestId('tile-apply').click();
      await page.getByTestId('find-tab-search').click();
      // The search keyboard opens by itself on the search tab.
      if (!(await page.getByTestId('search-field-keyboard').isVisible())) await page.getByTestId('search-field').click();
      for (const ch of 'sbzm') await page.getByTestId('search-field-keyboard').getByTestId(`key-${ch}`).click();
      await page.getByTestId('search-field-keyboard').getByTestId('key-done').click();
      await page.getByTestId('search-field-keyboard').waitFor({ state: 'hidden' });
      await page.getByTestId('item').first().click();
      await page.getByTestId('guide-apply').click();
      await page.getByTestId('privacy-agree').click();
      await page.getByTestId('identify-card-wait').waitFor();
      const confirmShown = whenAppears(page, 'identify-confirm');
      const placedAt = Date.now();
      await panel.getByTestId(`sim-place-card-${run % 2}`).click();
      const readMs = (await confirmShown) - placedAt;
      const formShown = whenAppears(page, 'apply-form');
      const confirmAt = (await page.evaluate('performance.timeOrigin + performance.now()')) as number;
      await page.getByTestId('identity-confirm').click();
      const fillMs = (await formShown) - confirmAt;
      prefill.push(readMs + fillMs);
      await panel.getByTestId('sim-remove-card').click();
      await page.getByTestId('go-home').click();
      await page.getByTestId('home-screen').waitFor();
    }
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    return {
      'ui.tap-to-frame.p95.ms': { value: percentile(taps, 95), unit: 'ms' },
      'ui.tap-to-frame.p50.ms': { value: percentile(taps, 50), unit: 'ms' },
      'ui.card-to-prefill.ms': { value: median(prefill), unit: 'ms' },
    };
  } finally {
    await browser.close();
    await kiosk.stop();
  }
}
