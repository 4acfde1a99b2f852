/**
 * Staff on the terminal, end to end in the browser shell: the discreet door, PIN sign-in, what a
 * technician and a hall manager see, lockout after repeated wrong PINs, and sign-out back to the
 * citizen home screen. Demo staff and PINs: platform/demo/README.md.
 */
import { expect, test, type Page } from '@playwright/test';
import { kioskForFile } from './support/kiosk';
import { countPrinted, nextPrinted, setNetwork } from './support/citizen';
import { enterPin, openStaffDoor, signInStaff } from './support/staff';

const kiosk = kioskForFile();

async function openKiosk(page: Page) {
  await page.clock.install();
  await page.goto(kiosk.current.uiUrl);
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

test('a hall manager issues priority tickets that print the people ahead (online and offline), and pauses a category, which citizens then see closed', async ({ page, browser }) => {
  test.setTimeout(150_000);
  const panel = await (await browser.newContext({ viewport: { width: 1200, height: 1000 } })).newPage();
  await panel.goto(kiosk.current.panelUrl);
  await expect(panel.getByTestId('simulator-panel')).toBeVisible();
  await openKiosk(page);
  await signInStaff(page, 'TH-M01', '135790');
  await expect(page.getByTestId('staff-hall-manager')).toBeVisible();
  await expect(page.getByTestId('staff-technician')).toHaveCount(0);
  const platformApi = (await kiosk.current.waitForLine(/local platform: (http:\/\/127\.0\.0\.1:\d+)\/api/))[1]!;
  const registered = async () => ((await (await fetch(`${platformApi}/_admin/records`)).json()) as { tickets: { items: { priority: string; category: string }[] } }).tickets.items.filter((t) => t.category === 'B');

  /** The screen's figures are up to date: no refresh on its way. */
  const settled = () => expect(page.getByTestId('mgr-live')).toHaveAttribute('data-loading', 'false');
  /** What the hall manager's screen says is waiting in B (the queue at a glance). */
  const waitingShown = async () => Number(/(\d+)/.exec((await page.getByTestId('mgr-waiting-B').textContent()) ?? '')?.[1]);
  /** Issues a ticket in B; returns the people ahead printed on it (also shown in the note). */
  const issueB = async (priority: string) => {
    const before = await countPrinted(panel, 'ticket-printer');
    await page.getByTestId(`mgr-issue-B-${priority}`).click();
    const ticket = await nextPrinted(panel, 'ticket-printer', before);
    const ahead = Number(/您前面还有 (\d+) 人等候/.exec(ticket.text)?.[1]);
    await expect(page.getByTestId('mgr-note')).toContainText(`前面 ${ahead} 人等候`);
    await settled(); // the screen refreshes its figures after each ticket
    return ahead;
  };
  /** Waits until the platform holds `count` tickets of B (delivered through the outbox), then refreshes the screen's figures. */
  const deliveredThenRefresh = async (count: number) => {
    await expect.poll(async () => (await registered()).length, { timeout: 30_000 }).toBe(count);
    await page.getByTestId('mgr-refresh').click();
    await settled();
    await expect(page.getByTestId('mgr-live')).toHaveAttribute('data-live', 'true');
  };

  // Tickets issued for citizens are printed and registered with the platform through the outbox.
  // The platform's simulated windows call the first ticket at once and one every few minutes after.
  await settled();
  expect(await issueB('elderly')).toBe(0);
  await deliveredThenRefresh(1);
  await issueB('normal');
  await deliveredThenRefresh(2);
  // Online: the people ahead are the platform's figure, as the screen shows it.
  const live = await waitingShown();
  expect(live).toBeGreaterThan(0);
  expect(await issueB('disabled')).toBe(live);
  await deliveredThenRefresh(3);
  const lastKnown = await waitingShown();
  expect(lastKnown).toBe(live + 1);

  // Offline: the last known figure plus the tickets this terminal printed since.
  await setNetwork(panel, false);
  expect(await issueB('pregnant')).toBe(lastKnown);
  await expect(page.getByTestId('mgr-live')).toHaveAttribute('data-live', 'false');
  await expect(page.getByTestId('mgr-waiting-B')).toContainText(String(lastKnown + 1));
  expect(await issueB('green-channel')).toBe(lastKnown + 1);
  await setNetwork(panel, true);
  await expect.poll(async () => (await registered()).map((t) => t.priority).sort(), { timeout: 30_000 }).toEqual(['disabled', 'elderly', 'green-channel', 'normal', 'pregnant']);

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
  await kiosk.current.waitForLine(/staff.*lock/i);
});
