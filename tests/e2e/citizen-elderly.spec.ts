/**
 * Elderly mode (长辈模式) on the form: fewer items per screen. The generated form comes a page of
 * three fields at a time on an upright screen (two on a wide one), with 第 n / m 页 and big 上一页 /
 * 下一页 buttons, each page fitting the screen; each page is checked before the next, going back a
 * page keeps what was typed, and turning the screen or switching the mode off mid-form re-pages it
 * with nothing lost. Axe and screenshots on each page.
 */
import { expect, test } from '@playwright/test';
import { kioskForFile } from './support/kiosk';
import { CARD, expectAccessible, expectWithinScreen, openStage, shot, typeInto } from './support/citizen';

const kiosk = kioskForFile();

test('elderly mode pages the form: 第 n / m 页, checked page by page, nothing lost going back', async ({ browser }) => {
  const { page, panel } = await openStage(browser, kiosk.current, { width: 1080, height: 1920 });
  await page.getByTestId('toggle-elderly').click();
  await expect(page.getByTestId('toggle-elderly')).toHaveAttribute('aria-pressed', 'true');
  await page.getByTestId('tile-guide').click();
  await page.getByTestId('find-tab-search').click();
  await typeInto(page, 'search-field', 'sbzm');
  await page.getByTestId('item').first().click();
  await page.getByTestId('guide-apply').click();
  await page.getByTestId('privacy-agree').click();
  await panel.getByTestId(`sim-place-card-${CARD.linJiayi}`).click();
  await page.getByTestId('identity-confirm').click();

  // Page 1 of 2: the card's name and number and the first month; nothing of page 2.
  const form = page.getByTestId('apply-form');
  await expect(form).toBeVisible();
  await expect(page.getByTestId('form-page')).toHaveText('第 1 / 2 页');
  await expect(page.getByTestId('field-applicantName')).toHaveAttribute('data-value', '林嘉怡');
  await expect(page.getByTestId('field-startMonth')).toBeVisible();
  await expect(page.getByTestId('field-endMonth')).toHaveCount(0);
  await expect(page.getByTestId('field-phone')).toHaveCount(0);
  await expect(page.getByTestId('form-page-prev')).toHaveCount(0);
  const nextPage = page.getByTestId('form-page-next');
  await expect(nextPage).toHaveText('下一页');
  expect((await nextPage.boundingBox())!.height).toBeGreaterThanOrEqual(96);
  await expectWithinScreen(page, { scrolling: false });
  await expectAccessible(page, 'elderly form page 1');
  await shot(page, 'elderly-form-page-1-portrait');

  // Checked before the next page: the month is missing.
  await nextPage.click();
  await expect(page.getByTestId('form-page')).toHaveText('第 1 / 2 页');
  await expect(page.getByTestId('field-startMonth-problem')).toBeVisible();
  await expect(page.getByTestId('form-problems')).toContainText('1');
  await typeInto(page, 'field-startMonth', '2024-01');
  await expect(page.getByTestId('field-startMonth-problem')).toBeHidden();
  await nextPage.click();

  // Page 2 of 2: the rest, and nothing shown as wrong before it is touched.
  await expect(page.getByTestId('form-page')).toHaveText('第 2 / 2 页');
  await expect(page.getByTestId('field-startMonth')).toHaveCount(0);
  await expect(page.getByTestId('form-problems')).toHaveCount(0);
  await typeInto(page, 'field-endMonth', '2024-12');
  const prevPage = page.getByTestId('form-page-prev');
  await expect(prevPage).toHaveText(/上一页/);
  expect((await prevPage.boundingBox())!.height).toBeGreaterThanOrEqual(96);
  await expectWithinScreen(page, { scrolling: false });
  await expectAccessible(page, 'elderly form page 2');
  await shot(page, 'elderly-form-page-2-portrait');

  // Back a page and forward again: everything typed is still there.
  await prevPage.click();
  await expect(page.getByTestId('form-page')).toHaveText('第 1 / 2 页');
  await expect(page.getByTestId('field-startMonth')).toHaveAttribute('data-value', '2024-01');
  await nextPage.click();
  await expect(page.getByTestId('field-endMonth')).toHaveAttribute('data-value', '2024-12');

  // The last page's 下一步 checks it: the purpose is still to choose.
  await page.getByTestId('apply-next').click();
  await expect(page.getByTestId('field-purpose-problem')).toBeVisible();
  await page.getByTestId('field-purpose-option-house').click();
  await typeInto(page, 'field-phone', '13800138000');

  // The screen turned: two fields a page, the fields in view kept in view, every value kept.
  await page.setViewportSize({ width: 1920, height: 1080 });
  await expect(page.getByTestId('form-page')).toHaveText('第 2 / 3 页');
  await expect(page.getByTestId('field-startMonth')).toHaveAttribute('data-value', '2024-01');
  await expect(page.getByTestId('field-endMonth')).toHaveAttribute('data-value', '2024-12');
  await expectWithinScreen(page, { scrolling: false });
  await shot(page, 'elderly-form-page-2-landscape');
  // The mode off: every field on one page again; on again, from page 1.
  await page.getByTestId('toggle-elderly').click();
  await expect(page.getByTestId('form-page')).toHaveCount(0);
  await expect(page.getByTestId('field-phone')).toHaveAttribute('data-value', '13800138000');
  await page.getByTestId('toggle-elderly').click();
  await expect(page.getByTestId('form-page')).toHaveText('第 1 / 3 页');
  await nextPage.click();
  await expect(page.getByTestId('form-page')).toHaveText('第 2 / 3 页');
  await nextPage.click();
  await expect(page.getByTestId('form-page')).toHaveText('第 3 / 3 页');
  await expect(page.getByTestId('field-purpose-option-house')).toHaveAttribute('aria-pressed', 'true');
  await expectWithinScreen(page, { scrolling: false });
  await page.getByTestId('apply-next').click();
  await expect(page.getByTestId('apply-materials')).toBeVisible();
  await expectWithinScreen(page);

  // Back from the materials: the last page, as it was left.
  await page.getByTestId('apply-back').click();
  await expect(page.getByTestId('form-page')).toHaveText('第 3 / 3 页');
  await expect(page.getByTestId('field-phone')).toHaveAttribute('data-value', '13800138000');

  // Handed in, upright again: the platform's long case number wraps on the screen, nothing sticks out.
  await page.setViewportSize({ width: 1080, height: 1920 });
  await page.getByTestId('apply-next').click();
  await page.getByTestId('apply-next').click();
  await page.getByTestId('apply-submit').click();
  await expect(page.getByTestId('done-receipt-no')).toHaveAttribute('data-state', 'delivered', { timeout: 30_000 });
  await expectWithinScreen(page, { scrolling: false });
  await expectAccessible(page, 'elderly done');
  await shot(page, 'elderly-done-portrait');
  await page.close();
  await panel.close();
});
