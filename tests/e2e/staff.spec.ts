/**
 * Staff on the terminal, end to end in the browser shell: the discreet door, PIN sign-in, what a
 * technician and a hall manager see, lockout after repeated wrong PINs, and sign-out back to the
 * citizen home screen. Demo staff and PINs: platform/demo/README.md.
 */
import { expect, test, type Page } from '@playwright/test';
import { startKiosk, type RunningKiosk } from './support/kiosk';
import { enterPin, openStaffDoor, signInStaff } from './support/staff';

let kiosk: RunningKiosk;
test.beforeAll(async () => {
  kiosk = await startKiosk();
});
test.afterAll(async () => {
  await kiosk?.stop();
});

async function openKiosk(page: Page) {
  await page.clock.install();
  await page.goto(kiosk.uiUrl);
  await expect(page.getByTestId('home-screen')).toBeVisible();
  await expect(page.getByTestId('hall-name')).toHaveText('广州市天河区政务服务中心');
}

test('a short press on the hall name does not open anything', async ({ page }) => {
  await openKiosk(page);
  const door = page.getByTestId('staff-door');
  await door.click();
  await expect(page.getByTestId('staff-door-corner')).toHaveCount(0);
  await expect(page.getByTestId('home-screen')).toBeVisible();
});

test('a technician signs in with the PIN, sees diagnostics, and signs out to the citizen home screen', async ({ page }) => {
  await openKiosk(page);
  await signInStaff(page, 'TH-T01', '246810');
  await expect(page.getByTestId('staff-technician')).toBeVisible();
  await expect(page.getByTestId('staff-hall-manager')).toHaveCount(0);
  await expect(page.getByTestId('tech-diagnostics')).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/staff-technician.png' });
  await page.getByTestId('staff-exit').click();
  await expect(page.getByTestId('home-screen')).toBeVisible();
  await expect(page.getByTestId('staff-mode')).toHaveCount(0);
});

test('a hall manager issues a priority ticket and pauses a category, which citizens then see closed', async ({ page }) => {
  await openKiosk(page);
  await signInStaff(page, 'TH-M01', '135790');
  await expect(page.getByTestId('staff-hall-manager')).toBeVisible();
  await expect(page.getByTestId('staff-technician')).toHaveCount(0);
  // A priority ticket issued for a citizen: printed, and registered with the platform through the outbox.
  await page.getByTestId('mgr-issue-B-elderly').click();
  await expect(page.getByTestId('mgr-note')).toContainText('B');
  const platformApi = (await kiosk.waitForLine(/local platform: (http:\/\/127\.0\.0\.1:\d+)\/api/))[1]!;
  const registered = async () => ((await (await fetch(`${platformApi}/_admin/records`)).json()) as { tickets: { items: { priority: string }[] } }).tickets.items;
  await expect.poll(async () => (await registered()).map((t) => t.priority), { timeout: 30_000 }).toEqual(['elderly']);

  await page.getByTestId('mgr-pause-A').click();
  await expect(page.getByTestId('mgr-resume-A')).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/staff-hall-manager.png' });
  await page.getByTestId('staff-exit').click();

  // The citizen's take-a-number screen shows category A closed, with the reason.
  await page.getByTestId('tile-ticket').click();
  await expect(page.getByTestId('ticket-category-A')).toBeDisabled();
  await expect(page.getByTestId('ticket-category-A-closed')).toContainText('窗口人员不足');
  await expect(page.getByTestId('ticket-category-B')).toBeEnabled();
  await page.screenshot({ path: 'test-results/screenshots/ticket-category-paused.png' });
});

test('five wrong PINs lock staff entry, and the right PIN is then refused too', async ({ page }) => {
  await openKiosk(page);
  await openStaffDoor(page);
  await page.getByTestId('staff-choose-TH-A01').click();
  for (let attempt = 1; attempt <= 5; attempt += 1) await enterPin(page, '000000');
  await expect(page.getByTestId('staff-message')).toBeVisible();
  await enterPin(page, '864209');
  await expect(page.getByTestId('staff-signed-in')).toHaveCount(0);
  await expect(page.getByTestId('staff-message')).toBeVisible();
  await kiosk.waitForLine(/staff.*lock/i);
});
