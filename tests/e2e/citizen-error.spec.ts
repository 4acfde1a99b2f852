/**
 * No white screens: when a screen fails to render, the citizen sees a calm message and a way home,
 * and the kiosk works again after it. The fault is real data, not a hook in the product: the test
 * sits on the page's link to the device host and hands the page a catalog in which one item's form
 * schema (opaque to the contract, a JSON Schema the platform publishes) has a property that is null
 * — valid by the catalog's shape, so it reaches the screen — and the apply screen throws while
 * building the form. It fails before anything of the citizen is asked.
 */
import { expect, test } from '@playwright/test';
import { kioskForFile } from './support/kiosk';
import { expectAccessible, shot, typeInto } from './support/citizen';

const kiosk = kioskForFile();

const BROKEN_ITEM = '社会保险参保缴费证明';

test('a screen that throws shows the error view with the way home, and the kiosk carries on', async ({ browser }) => {
  const page = await (await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' })).newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  let damaged = 0;
  await page.routeWebSocket(/\/host$/, (ws) => {
    const server = ws.connectToServer();
    const catalogCalls = new Set<number>();
    ws.onMessage((message) => {
      if (typeof message === 'string') {
        const parsed = JSON.parse(message) as { kind?: string; id?: number; method?: string };
        if (parsed.kind === 'request' && parsed.method === 'catalog.get' && typeof parsed.id === 'number') catalogCalls.add(parsed.id);
      }
      server.send(message);
    });
    server.onMessage((message) => {
      if (typeof message === 'string') {
        const parsed = JSON.parse(message) as { kind?: string; id?: number; result?: { catalog?: { items?: { name: string; form: { schema: { properties: Record<string, unknown> } } }[] } } };
        const items = parsed.result?.catalog?.items;
        if (parsed.kind === 'reply' && typeof parsed.id === 'number' && catalogCalls.has(parsed.id) && items) {
          for (const item of items) if (item.name.startsWith(BROKEN_ITEM)) item.form.schema.properties.purpose = null;
          damaged += 1;
          return ws.send(JSON.stringify(parsed));
        }
      }
      ws.send(message);
    });
  });
  await page.goto(kiosk.current.uiUrl);
  await expect(page.getByTestId('home-screen')).toBeVisible();

  await page.getByTestId('tile-guide').click();
  await page.getByTestId('find-tab-search').click();
  await typeInto(page, 'search-field', 'sbzm');
  expect(damaged).toBeGreaterThan(0);
  await page.getByTestId('item').filter({ hasText: BROKEN_ITEM }).click();
  // The guide is fine; applying builds the form from the damaged schema.
  await expect(page.getByTestId('guide-screen')).toBeVisible();
  await page.getByTestId('guide-apply').click();

  // Not a white screen: the message, the way home, the header still there.
  const error = page.getByTestId('error-screen');
  await expect(error).toBeVisible();
  await expect(error).toContainText('页面出了点问题');
  await expect(page.getByTestId('hall-name')).toBeVisible();
  await expect(page.getByTestId('privacy-notice')).toHaveCount(0);
  // The log names the error, never its message.
  expect(errors.some((e) => /screen error: TypeError/.test(e))).toBe(true);
  await expectAccessible(page, 'error screen');
  await shot(page, 'error-screen');

  await page.getByTestId('error-home').click();
  await expect(page.getByTestId('home-screen')).toBeVisible();
  await expect(error).toHaveCount(0);
  // The kiosk carries on: another item's guide opens.
  await page.getByTestId('tile-guide').click();
  await page.getByTestId('find-tab-search').click();
  await typeInto(page, 'search-field', 'yyzzbl');
  await page.getByTestId('item').filter({ hasText: '营业执照补领' }).click();
  await expect(page.getByTestId('guide-screen')).toBeVisible();
  await page.close();
});
