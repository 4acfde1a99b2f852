/**
 * Find a service, read its guide, and apply: identify with the simulated ID card, the form filled
 * from the card (一证通办) and completed on the on-screen keyboard, materials, review, hand in, the
 * receipt printed — online (the platform's case number arrives) and offline (local reference, 一次性
 * 告知书), in both orientations and both languages, with an axe check on every screen.
 */
import { expect, test } from '@playwright/test';
import { kioskForFile } from './support/kiosk';
import { CARD, countPrinted, expectAccessible, nextPrinted, openStage, shot, typeInto } from './support/citizen';

const kiosk = kioskForFile();

test('search sbzm, read the guide, apply online with the ID card, receipt printed, rate it', async ({ browser }) => {
  const { page, panel } = await openStage(browser, kiosk.current);
  await expect(page.getByTestId('connectivity')).toHaveAttribute('data-state', 'online');
  await expectAccessible(page, 'home');
  await page.getByTestId('tile-guide').click();
  await expect(page.getByTestId('category-list')).toBeVisible();
  await expectAccessible(page, 'find categories');
  await shot(page, 'find-categories');
  await page.getByTestId('find-tab-search').click();
  await typeInto(page, 'search-field', 'sbzm');
  const first = page.getByTestId('item').first();
  await expect(first).toContainText('社会保险参保缴费证明');
  await expectAccessible(page, 'search results');
  await shot(page, 'find-search-sbzm');
  await first.click();

  await expect(page.getByTestId('guide-screen')).toBeVisible();
  await expectAccessible(page, 'guide overview');
  await page.getByTestId('guide-tab-materials').click();
  await expect(page.getByTestId('guide-material')).toHaveCount(2);
  await page.getByTestId('guide-tab-take-away').click();
  await expect(page.getByTestId('guide-qr')).toBeVisible();
  await expectAccessible(page, 'guide take-away');
  await shot(page, 'guide-qr');
  await page.getByTestId('guide-apply').click();

  // Identify: the privacy notice first, then the card.
  await expect(page.getByTestId('privacy-notice')).toBeVisible();
  await expectAccessible(page, 'privacy');
  await shot(page, 'apply-privacy');
  await page.getByTestId('privacy-agree').click();
  await expect(page.getByTestId('identify-card-wait')).toBeVisible();
  await expectAccessible(page, 'identify');
  await panel.getByTestId(`sim-place-card-${CARD.linJiayi}`).click();
  await expect(page.getByTestId('identify-confirm')).toBeVisible();
  // Masked on screen.
  await expect(page.getByTestId('identity-name')).toHaveText('林*怡');
  await expect(page.getByTestId('identity-id')).toHaveText(/^4401\*{10}\d{3}[\dX]$/);
  await expectAccessible(page, 'identify confirm');
  await shot(page, 'apply-identity-masked');
  await page.getByTestId('identity-confirm').click();

  // Fill in: name and number came from the card.
  await expect(page.getByTestId('apply-form')).toBeVisible();
  await expect(page.getByTestId('field-applicantName')).toHaveAttribute('data-value', '林嘉怡');
  await page.getByTestId('apply-next').click();
  await expect(page.getByTestId('form-problems')).toBeVisible();
  await expect(page.getByTestId('field-startMonth-problem')).toBeVisible();
  await typeInto(page, 'field-startMonth', '2024-13');
  await expect(page.getByTestId('field-startMonth-problem')).toContainText('2024-01');
  await expectAccessible(page, 'form with problems');
  await shot(page, 'apply-form-problems');
  await page.getByTestId('field-startMonth').click();
  const kb = page.getByTestId('field-startMonth-keyboard');
  await kb.getByTestId('key-backspace').click();
  await kb.getByTestId('key-backspace').click();
  await kb.getByTestId('key-0').click();
  await kb.getByTestId('key-1').click();
  await kb.getByTestId('key-done').click();
  await typeInto(page, 'field-endMonth', '2024-12');
  await page.getByTestId('field-purpose-option-house').click();
  await typeInto(page, 'field-phone', '13800138000');
  await expect(page.getByTestId('field-startMonth-problem')).toBeHidden();
  await page.getByTestId('apply-next').click();

  // Materials: the ID card by electronic licence, the power of attorney does not apply.
  await expect(page.getByTestId('apply-materials')).toBeVisible();
  await expectAccessible(page, 'materials');
  await shot(page, 'apply-materials');
  await page.getByTestId('apply-next').click();

  await expect(page.getByTestId('apply-review')).toBeVisible();
  // The review is where the citizen checks: the form in full, and the applicant as the form repeats it.
  await expect(page.getByTestId('summary-name')).toHaveText('林嘉怡');
  await expect(page.getByTestId('review-form')).toContainText('林嘉怡');
  await expect(page.getByTestId('review-reveal')).toHaveCount(0);
  await expectAccessible(page, 'review');
  await shot(page, 'apply-review');
  const receiptsBefore = await countPrinted(panel, 'receipt-printer');
  await page.getByTestId('apply-submit').click();

  await expect(page.getByTestId('apply-done')).toBeVisible();
  await expect(page.getByTestId('receipt-print')).toHaveAttribute('data-state', 'printed');
  const reference = (await page.getByTestId('done-reference').textContent())!;
  expect(reference).toMatch(/^L-[0-9A-Z]{4}-\d{8}-\d{4,6}$/);
  const receipt = await nextPrinted(panel, 'receipt-printer', receiptsBefore);
  expect(receipt.text).toContain('受理回执');
  expect(receipt.text).toContain(reference);
  expect(receipt.text).toContain('林*怡');
  expect(receipt.text).not.toContain('林嘉怡');
  // Online: the platform's case number arrives through the outbox.
  await expect(page.getByTestId('done-receipt-no')).toHaveAttribute('data-state', 'delivered', { timeout: 30_000 });
  await expectAccessible(page, 'done');
  await shot(page, 'apply-done-online');

  // Rate: offered, a low level needs a reason.
  await page.getByTestId('done-rate').click();
  await expect(page.getByTestId('rating-screen')).toBeVisible();
  await page.getByTestId('rate-level-1').click();
  await page.getByTestId('rate-submit').click();
  await expect(page.getByTestId('rate-problem')).toBeVisible();
  await page.getByTestId('rate-reason-slow').click();
  await expectAccessible(page, 'rating');
  await shot(page, 'rate-reasons');
  await page.getByTestId('rate-submit').click();
  await expect(page.getByTestId('rate-thanks')).toBeVisible();
  await page.getByTestId('go-home').click();
  await expect(page.getByTestId('home-screen')).toBeVisible();
  await page.close();
  await panel.close();
});
