/**
 * A technician on site: tests each device on the spot (a card read and shown masked, a test page
 * printed), reassigns a device and applies it (the host restarts with the new assignment), and a
 * paper-out fault is shown with who must act until the paper is refilled.
 */
import { expect, test, type Page } from '@playwright/test';
import { kioskForFile } from './support/kiosk';
import { CARD } from './support/citizen';
import { signInStaff } from './support/staff';

const kiosk = kioskForFile();

async function signInTechnician(page: Page) {
  await page.clock.install();
  await page.goto(kiosk.current.uiUrl);
  await expect(page.getByTestId('home-screen')).toBeVisible();
  await signInStaff(page, 'TH-T01', '246810');
  await expect(page.getByTestId('staff-technician')).toBeVisible();
}

test('a technician tests the devices on the spot and reassigns one', async ({ page, browser }) => {
  const panel = await browser.newPage();
  await panel.goto(kiosk.current.panelUrl);
  await signInTechnician(page);
  await page.getByTestId('tech-tab-devices').click();
  await expect(page.getByTestId('tech-devices')).toBeVisible();

  await page.getByTestId('tech-test-receipt-printer').click();
  await expect(page.getByTestId('tech-test-result-receipt-printer')).not.toBeEmpty();
  await expect(panel.getByTestId('sim-printed-item').first()).toBeVisible();

  // The reader test waits for a card; the one placed is shown masked.
  await page.getByTestId('tech-test-idcard-reader').click();
  await panel.getByTestId(`sim-place-card-${CARD.linJiayi}`).click();
  const shown = page.getByTestId('tech-test-result-idcard-reader');
  await expect(shown).toContainText('林*怡');
  await expect(shown).not.toContainText('林嘉怡');
  await panel.getByTestId('sim-remove-card').click();
  await page.screenshot({ path: 'test-results/screenshots/staff-devices.png' });

  // Reassign the ticket printer to "none" and apply: the host restarts with it.
  const hostBefore = kiosk.current.hostPid();
  await page.getByTestId('tech-assign-ticket-printer').selectOption('none');
  await page.getByTestId('tech-devices-apply').click();
  await expect.poll(() => kiosk.current.hostPid(), { timeout: 20_000 }).not.toBe(hostBefore);
  await expect(page.getByTestId('device-status-ticket-printer')).toHaveAttribute('data-state', 'offline', { timeout: 20_000 });
});

test('a paper-out fault says staff must act, and clears when the paper is refilled', async ({ page, browser }) => {
  const panel = await browser.newPage();
  await panel.goto(kiosk.current.panelUrl);
  await page.goto(kiosk.current.uiUrl);
  await expect(page.getByTestId('device-status-receipt-printer')).toHaveAttribute('data-state', 'ready');
  await panel.getByTestId('sim-receipt-printer-paper-out').click();
  const printer = page.getByTestId('device-status-receipt-printer');
  await expect(printer).toHaveAttribute('data-state', 'fault');
  await expect(printer).toContainText('工作人员');
  await panel.getByTestId('sim-receipt-printer-paper-ok').click();
  await expect(printer).toHaveAttribute('data-state', 'ready');
});
