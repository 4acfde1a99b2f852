/**
 * Idle: a citizen walks away mid-flow. On the page's fake clock (no real waiting) the countdown
 * shows before the hall's idle time (demo hall: 120 s, the last 30 s counted down), 继续办理 keeps
 * the session, and when the time is up the home screen returns with nothing of the citizen left —
 * going back into the flow asks for the privacy notice again and no name remains in the DOM.
 */
import { expect, test, type Page } from '@playwright/test';
import { kioskForFile } from './support/kiosk';
import { CARD, LANDSCAPE, expectAccessible, openStage, searchAndOpen, shot } from './support/citizen';

const kiosk = kioskForFile();

const IDLE_MS = 120_000;
const WARNING_MS = 30_000;

/** Home → search sbzm → the guide → apply: the privacy notice. */
async function intoApply(page: Page): Promise<void> {
  await searchAndOpen(page, 'sbzm');
  await page.getByTestId('guide-apply').click();
  await expect(page.getByTestId('privacy-notice')).toBeVisible();
}

test('idle: countdown, 继续办理 keeps the session, expiry wipes it and returns home', async ({ browser }) => {
  // The kiosk page runs on a fake clock; the panel (and the kiosk's host) on real time.
  const { page, panel } = await openStage(browser, kiosk.current, LANDSCAPE, { clock: true });

  await intoApply(page);
  await page.getByTestId('privacy-agree').click();
  await expect(page.getByTestId('identify-card-wait')).toBeVisible();
  await panel.getByTestId(`sim-place-card-${CARD.linJiayi}`).click();
  await expect(page.getByTestId('identity-name')).toHaveText('林*怡');

  // Not yet: just short of the countdown nothing shows.
  await page.clock.fastForward(IDLE_MS - WARNING_MS - 5_000);
  await expect(page.getByTestId('idle-warning')).toBeHidden();
  // Into the countdown.
  await page.clock.fastForward(10_000);
  const warning = page.getByTestId('idle-warning');
  await expect(warning).toBeVisible();
  await expect(warning.getByRole('alertdialog')).toBeVisible();
  const seconds = page.getByTestId('idle-seconds');
  await expect(seconds).toContainText(/^\s*(2[0-9]|30)/);
  const first = Number((await seconds.locator('.idle-dialog__number').textContent()) ?? NaN);
  expect(first).toBeGreaterThan(20);
  expect(first).toBeLessThanOrEqual(30);
  // It counts down.
  await page.clock.runFor(3_000);
  await expect(seconds.locator('.idle-dialog__number')).toHaveText(String(first - 3));
  await expectAccessible(page, 'idle warning');
  await shot(page, 'idle-warning');

  // 继续办理: the session stays, the identity is still on screen, the full time again.
  await page.getByTestId('idle-continue').click();
  await expect(warning).toBeHidden();
  await expect(page.getByTestId('identity-name')).toHaveText('林*怡');
  await page.clock.fastForward(IDLE_MS - WARNING_MS - 5_000);
  await expect(warning).toBeHidden();
  await expect(page.getByTestId('identity-confirm')).toBeVisible();

  // Walk away: the countdown, then expiry.
  await page.clock.fastForward(10_000);
  await expect(warning).toBeVisible();
  await page.clock.fastForward(WARNING_MS);
  await expect(page.getByTestId('home-screen')).toBeVisible();
  await expect(warning).toBeHidden();
  await expect(page.getByTestId('flow')).toHaveAttribute('data-route', 'home');
  const html = await page.content();
  expect(html).not.toContain('林*怡');
  expect(html).not.toContain('林嘉怡');
  expect(html).not.toMatch(/4401\*{10}/);
  await shot(page, 'idle-expired-home');

  // Back into the flow: consent is asked afresh, no identity carried over.
  await intoApply(page);
  await expect(page.getByTestId('identify-confirm')).toHaveCount(0);
  expect(await page.content()).not.toContain('林*怡');
  await page.close();
  await panel.close();
});
