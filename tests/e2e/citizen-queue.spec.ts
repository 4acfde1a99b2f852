/**
 * Take a number and check in for an appointment, online, landscape, in Chinese and in elderly
 * mode: the ticket prints with the number, people ahead and the estimated wait; priority asks for
 * staff; a booked appointment checks in by its typed code, a cancelled one (scanned) is refused.
 */
import { expect, test } from '@playwright/test';
import { kioskForFile } from './support/kiosk';
import { countPrinted, expectAccessible, expectWithinScreen, nextPrinted, openStage, scan, shot } from './support/citizen';

const kiosk = kioskForFile();

test('take a number, priority asks staff, appointment check-in, rating skipped', async ({ browser }) => {
  test.setTimeout(120_000);
  const { page, panel } = await openStage(browser, kiosk.current);
  await expect(page.getByTestId('connectivity')).toHaveAttribute('data-state', 'online');
  await page.getByTestId('toggle-elderly').click();
  await expect(page.getByTestId('toggle-elderly')).toHaveAttribute('aria-pressed', 'true');
  await expectAccessible(page, 'home elderly');
  await shot(page, 'home-elderly');

  await page.getByTestId('tile-ticket').click();
  await expect(page.getByTestId('ticket-category-A')).toContainText('等候');
  await expectWithinScreen(page, { scrolling: false });
  await expectAccessible(page, 'ticket categories');
  await shot(page, 'ticket-categories-elderly');
  await page.getByTestId('ticket-category-A').click();
  await page.getByTestId('priority-elderly').click();
  await expect(page.getByTestId('ticket-ask-staff')).toBeVisible();
  await expectAccessible(page, 'ask staff');
  await shot(page, 'ticket-ask-staff');
  const before = await countPrinted(panel, 'ticket-printer');
  await page.getByTestId('ticket-take-normal').click();
  await expect(page.getByTestId('ticket-done')).toBeVisible();
  await expect(page.getByTestId('ticket-print')).toHaveAttribute('data-state', 'printed');
  const number = (await page.getByTestId('ticket-number').textContent())!;
  expect(number).toMatch(/^A\d+$/);
  await expect(page.getByTestId('ticket-wait')).toBeVisible();
  const ticket = await nextPrinted(panel, 'ticket-printer', before);
  expect(ticket.text).toContain(number);
  expect(ticket.text).toMatch(/您前面还有 \d+ 人等候/);
  expect(ticket.text).toContain('预计等待约');
  await expectAccessible(page, 'ticket done');
  await shot(page, 'ticket-done-elderly');
  // Rating is offered, never forced: skip it.
  await page.getByTestId('ticket-rate').click();
  await expect(page.getByTestId('rating-screen')).toBeVisible();
  // The five levels and the reasons for a low one fit the screen in elderly mode, nothing to scroll to.
  await page.getByTestId('rate-level-1').click();
  await expect(page.getByTestId('rate-reasons')).toBeVisible();
  await expectWithinScreen(page, { scrolling: false });
  await expectAccessible(page, 'rating elderly');
  await page.getByTestId('rate-skip').click();
  await expect(page.getByTestId('home-screen')).toBeVisible();
  await page.getByTestId('toggle-elderly').click();

  // Appointment check-in by typing the code.
  await page.getByTestId('tile-appointment').click();
  await expect(page.getByTestId('appointment-entry')).toBeVisible();
  await expectAccessible(page, 'appointment entry');
  await page.getByTestId('appointment-code').click();
  const kb = page.getByTestId('appointment-code-keyboard');
  for (const ch of 'yy') await kb.getByTestId(`key-${ch}`).click();
  await kb.getByTestId('key-mode-digits').click();
  for (const ch of '-4821') await kb.getByTestId(`key-${ch}`).click();
  await kb.getByTestId('key-mode-letters').click();
  await kb.getByTestId('key-done').click();
  await expect(page.getByTestId('appointment-code')).toHaveAttribute('data-value', 'YY-4821');
  // A wrong code (no such appointment): said plainly, with a way on.
  await page.getByTestId('appointment-submit').click();
  await expect(page.getByTestId('appointment-refused')).toHaveAttribute('data-reason', 'not-found');
  await page.getByTestId('appointment-again').click();
  await scan(panel, 'BMK:A:YY-SY4821');
  await expect(page.getByTestId('appointment-found')).toBeVisible();
  await expect(page.getByTestId('appointment-applicant')).toHaveText('林*欣');
  await expectAccessible(page, 'appointment found');
  await shot(page, 'appointment-found');
  const before2 = await countPrinted(panel, 'ticket-printer');
  await page.getByTestId('appointment-check-in').click();
  await expect(page.getByTestId('ticket-done')).toBeVisible();
  const appt = await nextPrinted(panel, 'ticket-printer', before2);
  expect(appt.text).toContain('【预约】');
  await page.getByTestId('go-home').click();

  // A cancelled appointment, scanned from the home screen's check-in.
  await page.getByTestId('tile-appointment').click();
  await scan(panel, 'YY-GJ8836');
  await expect(page.getByTestId('appointment-refused')).toHaveAttribute('data-reason', 'cancelled');
  await expectAccessible(page, 'appointment refused');
  await shot(page, 'appointment-refused');
  await page.getByTestId('go-home').click();
  await expect(page.getByTestId('home-screen')).toBeVisible();
});
