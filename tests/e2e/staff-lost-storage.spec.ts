/**
 * Lost browser storage, end to end in the browser shell. With the platform unreachable a citizen's
 * application is accepted (the receipt prints with its local reference) and stays queued; then the
 * terminal's browser storage is wiped (IndexedDB, as a browser reset does), and with it the host's
 * sealed copy, and the page reloaded.
 * The host's journal still knows the item, so the terminal refuses new applications until a
 * technician has seen the lost item, by the reference on the citizen's receipt, and acknowledged it
 * (audited). Then citizens can apply again.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { kioskForFile } from './support/kiosk';
import { applyForContributionRecord, countPrinted, expectAccessible, nextPrinted, openStage, setNetwork, shot, LANDSCAPE } from './support/citizen';
import { signInStaff } from './support/staff';

const kiosk = kioskForFile();

test('after the browser storage is lost, intake is refused until a technician acknowledges the lost item', async ({ browser }) => {
  test.setTimeout(180_000);
  // On Playwright's clock for the staff door's hold; it survives the reload.
  const { page, panel } = await openStage(browser, kiosk.current, LANDSCAPE, { clock: true });
  await expect(page.getByTestId('connectivity')).toHaveAttribute('data-state', 'online');
  // Let the catalog arrive before the network goes.
  await page.getByTestId('tile-guide').click();
  await expect(page.getByTestId('category-list')).toBeVisible();
  await page.getByTestId('go-home').click();
  await setNetwork(panel, false);
  await expect(page.getByTestId('connectivity')).toHaveAttribute('data-state', 'offline');

  // Accepted while the platform is unreachable: the citizen takes a receipt, the item stays queued.
  const receiptsBefore = await countPrinted(panel, 'receipt-printer');
  expect(await applyForContributionRecord(page, panel)).toBe('accepted');
  await expect(page.getByTestId('apply-done')).toBeVisible();
  await expect(page.getByTestId('receipt-print')).toHaveAttribute('data-state', 'printed');
  await expect(page.getByTestId('done-receipt-no')).toHaveAttribute('data-state', 'pending');
  const receipt = await nextPrinted(panel, 'receipt-printer', receiptsBefore);
  expect(receipt.text).toContain('离线受理');
  const reference = /受理号[:：]\s*(L-[0-9A-F]{4}-\d{8}-\d+)/.exec(receipt.text)?.[1];
  expect(reference, receipt.text).toBeDefined();
  await expect(page.getByTestId('done-reference')).toHaveText(reference!);
  await panel.getByTestId('sim-remove-card').click();
  await page.getByTestId('go-home').click();

  // The browser storage is wiped, then the kiosk page loads again (its host token is in sessionStorage).
  // The host's sealed copies are removed too: with them the item would be written back and delivered
  // (tests/integration/outbox/fault-delivery.test.ts); this is the loss nothing on the terminal can undo.
  rmSync(join(kiosk.current.dataDir, 'host', 'outbox', 'sealed'), { recursive: true, force: true });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Storage.clearDataForOrigin', { origin: new URL(page.url()).origin, storageTypes: 'indexeddb' });
  await page.reload();
  await expect(page.getByTestId('home-screen')).toBeVisible();
  await expect(page.getByTestId('connectivity')).toHaveAttribute('data-state', 'offline');

  // 1. A citizen's application is refused as it starts, before the card is read, with the reason and where to go.
  expect(await applyForContributionRecord(page, panel)).toBe('refused-at-start');
  const refused = page.getByTestId('apply-refused');
  await expect(refused).toContainText('本机存储异常，暂时不能受理新的申请。');
  await expect(page.getByTestId('apply-refused-screen')).toHaveAttribute('data-at', 'start');
  await expect(page.getByTestId('apply-refused-next')).toHaveText('您可以取号到人工窗口办理此事项。');
  await expect(page.getByTestId('apply-refused-ticket')).toBeVisible();
  await expect(page.getByTestId('privacy-agree')).toHaveCount(0);
  await expect(page.getByTestId('apply-done')).toHaveCount(0);
  expect(await countPrinted(panel, 'receipt-printer')).toBe(receiptsBefore + 1);
  await expectAccessible(page, 'apply refused: storage lost');
  await shot(page, 'apply-refused-storage-lost');
  await page.getByTestId('apply-refused-home').click();
  await expect(page.getByTestId('home-screen')).toBeVisible();

  // 2. The technician's diagnostics list exactly the lost item, by the reference on the receipt.
  await signInStaff(page, 'TH-T01', '246810');
  const lost = page.getByTestId('tech-lost');
  await expect(lost).toBeVisible();
  await expect(lost.getByRole('heading')).toContainText('1 件已受理事项未能上传');
  const rows = page.getByTestId('tech-lost-items').getByRole('listitem');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(`本地编号 ${reference}，`);
  await expectAccessible(page, 'technician: lost items');
  await shot(page, 'staff-lost-storage-list');

  // 3. Acknowledged: the list goes, the note says so, and the audit log has it.
  await page.getByTestId('tech-lost-acknowledge').click();
  await expect(page.getByTestId('tech-note')).toHaveText('已确认 1 件丢失事项，本机恢复受理。');
  await expect(lost).toHaveCount(0);
  await shot(page, 'staff-lost-storage-acknowledged');
  await page.getByTestId('tech-tab-audit').click();
  await expect(page.getByTestId('tech-audit')).toContainText('TH-T01 outbox-lost-acknowledge ok');
  await page.getByTestId('staff-exit').click();
  await expect(page.getByTestId('home-screen')).toBeVisible();

  // A citizen can apply again: accepted with a new reference, and delivered once the network is back.
  expect(await applyForContributionRecord(page, panel)).toBe('accepted');
  await expect(page.getByTestId('apply-done')).toBeVisible();
  await expect(page.getByTestId('apply-refused')).toHaveCount(0);
  await expect(page.getByTestId('done-reference')).not.toHaveText(reference!);
  await setNetwork(panel, true);
  await expect(page.getByTestId('done-receipt-no')).toHaveAttribute('data-state', 'delivered', { timeout: 30_000 });
  await shot(page, 'apply-done-after-lost-storage');
});
