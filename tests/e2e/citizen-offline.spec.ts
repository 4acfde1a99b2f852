/**
 * With the network cut, in portrait and in English: a number is issued from the terminal's lease,
 * an application is accepted with a local reference, the 一次性告知书 and the receipt print, and
 * the receipt's QR code finds the application on this terminal; the platform lookup explains it is
 * unavailable. When the network returns, the queued application is delivered.
 */
import { expect, test } from '@playwright/test';
import { kioskForFile } from './support/kiosk';
import { CARD, countPrinted, expectAccessible, nextPrinted, openStage, scan, setNetwork, shot, typeInto, typePinyin } from './support/citizen';

const kiosk = kioskForFile();

test('offline, portrait, English: ticket from the lease, application with 一次性告知, receipt lookup', async ({ browser }) => {
  test.setTimeout(150_000);
  const { page, panel } = await openStage(browser, kiosk.current, { width: 1080, height: 1920 });
  await expect(page.getByTestId('connectivity')).toHaveAttribute('data-state', 'online');
  // Let the catalog and queue configuration arrive before the network goes.
  await page.getByTestId('tile-guide').click();
  await expect(page.getByTestId('category-list')).toBeVisible();
  await page.getByTestId('go-home').click();
  await page.getByTestId('toggle-language').click();
  await expect(page.getByTestId('tile-apply')).toContainText('Apply');
  await setNetwork(panel, false);
  await expect(page.getByTestId('connectivity')).toHaveAttribute('data-state', 'offline');
  await expectAccessible(page, 'home offline en');
  await shot(page, 'home-offline-portrait-en');

  // Take a number offline.
  await page.getByTestId('tile-ticket').click();
  await expect(page.getByTestId('ticket-categories')).toBeVisible();
  await expectAccessible(page, 'ticket categories offline');
  await shot(page, 'ticket-offline-portrait-en');
  const ticketsBefore = await countPrinted(panel, 'ticket-printer');
  await page.getByTestId('ticket-category-B').click();
  await page.getByTestId('priority-normal').click();
  await expect(page.getByTestId('ticket-done')).toBeVisible();
  await expect(page.getByTestId('ticket-number')).toHaveText(/^B\d+$/);
  await expect(page.getByTestId('ticket-issued-offline')).toBeVisible();
  await expect(page.getByTestId('ticket-print')).toHaveAttribute('data-state', 'printed');
  const ticket = await nextPrinted(panel, 'ticket-printer', ticketsBefore);
  expect(ticket.text).toContain((await page.getByTestId('ticket-number').textContent())!);
  expect(ticket.text).toContain('离线取号');
  await expectAccessible(page, 'ticket done offline');
  await shot(page, 'ticket-done-offline-portrait-en');
  await page.getByTestId('go-home').click();

  // Apply offline for 居住证签注 from the cached catalog.
  await page.getByTestId('tile-apply').click();
  await expect(page.getByTestId('catalog-from-cache')).toBeVisible();
  await page.getByTestId('category-B').click();
  await page.locator('[data-testid="item"]', { hasText: '居住证签注' }).click();
  await page.getByTestId('guide-apply').click();
  await page.getByTestId('privacy-agree').click();
  await panel.getByTestId(`sim-place-card-${CARD.linJiayi}`).click();
  await page.getByTestId('identity-confirm').click();
  await expect(page.getByTestId('apply-form')).toBeVisible();
  expect(await typePinyin(page, 'field-residenceAddress', ['tianhe', { pinyin: 'qu', text: '区' }, 'tianrun', { pinyin: 'lu', text: '路' }])).toBe('天河区天润路');
  await page.getByTestId('field-basis-option-employment').click();
  await typeInto(page, 'field-phone', '13800138000');
  await expectAccessible(page, 'form portrait en');
  await shot(page, 'apply-form-portrait-en');
  await page.getByTestId('apply-next').click();
  await expect(page.getByTestId('apply-materials')).toBeVisible();
  const tolerated = page.locator('[data-testid^="provision-"][data-testid$="-tolerated"]').first();
  await tolerated.click();
  await expect(tolerated).toHaveAttribute('aria-pressed', 'true');
  await page.getByTestId('apply-next').click();
  await expect(page.getByTestId('apply-outstanding')).toBeVisible();
  await expect(page.getByTestId('outstanding-item')).toHaveCount(1);
  const receiptsBefore = await countPrinted(panel, 'receipt-printer');
  await page.getByTestId('print-notice').click();
  await expect(page.getByTestId('notice-print')).toHaveAttribute('data-state', 'printed');
  const notice = await nextPrinted(panel, 'receipt-printer', receiptsBefore);
  expect(notice.text).toContain('一次性告知书');
  expect(notice.text).toContain('合法稳定就业、住所或就读证明');
  await expectAccessible(page, 'outstanding');
  await shot(page, 'apply-outstanding-portrait-en');
  await page.getByTestId('apply-next').click();
  await expect(page.getByTestId('apply-review')).toBeVisible();
  await shot(page, 'apply-review-portrait-en');
  await page.getByTestId('apply-submit').click();
  await expect(page.getByTestId('apply-done')).toBeVisible();
  await expect(page.getByTestId('receipt-print')).toHaveAttribute('data-state', 'printed');
  const reference = (await page.getByTestId('done-reference').textContent())!;
  await expect(page.getByTestId('done-receipt-no')).toHaveAttribute('data-state', 'pending');
  await expect(page.getByTestId('done-qr')).toHaveAttribute('data-qr', `BMK:R:${reference}`);
  const receipt = await nextPrinted(panel, 'receipt-printer', receiptsBefore + 1);
  expect(receipt.text).toContain('离线受理');
  expect(receipt.text).toContain(reference);
  // The notice printed once: not again with the receipt.
  expect(await countPrinted(panel, 'receipt-printer')).toBe(receiptsBefore + 2);
  await expectAccessible(page, 'done offline');
  await shot(page, 'apply-done-offline-portrait-en');
  await page.getByTestId('go-home').click();

  // Look it up by the receipt's QR code: this terminal knows it; the platform cannot be asked.
  await page.getByTestId('tile-progress').click();
  await expect(page.getByTestId('progress-step-waiting')).toBeVisible();
  await scan(panel, `BMK:R:${reference}`);
  await expect(page.getByTestId('progress-local')).toHaveAttribute('data-state', /queued|delivering/);
  await panel.getByTestId('sim-remove-card').click();
  await panel.getByTestId(`sim-place-card-${CARD.linJiayi}`).click();
  await expect(page.getByTestId('progress-unavailable')).toBeVisible();
  await expectAccessible(page, 'progress unavailable');
  await shot(page, 'progress-offline-portrait-en');

  // The network returns: the application is delivered and a lookup by card finds it, masked.
  await setNetwork(panel, true);
  await expect(page.getByTestId('connectivity')).toHaveAttribute('data-state', 'online', { timeout: 30_000 });
  await page.getByTestId('progress-again').click();
  await scan(panel, `BMK:R:${reference}`);
  await expect(page.getByTestId('progress-local')).toHaveAttribute('data-state', 'delivered', { timeout: 30_000 });
  await panel.getByTestId('sim-remove-card').click();
  await panel.getByTestId(`sim-place-card-${CARD.linJiayi}`).click();
  await expect(page.getByTestId('progress-item')).toHaveCount(1);
  await expect(page.getByTestId('progress-item')).toContainText('林*怡');
  await expect(page.getByTestId('progress-item')).not.toContainText('林嘉怡');
  await expectAccessible(page, 'progress results');
  await shot(page, 'progress-results-portrait-en');
});
