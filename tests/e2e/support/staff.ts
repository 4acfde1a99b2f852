/** Staff steps shared by the end-to-end tests. Demo staff and PINs: platform/demo/README.md. */
import { expect, type Page } from '@playwright/test';
import { DEMO_CARDS } from '../../../drivers/idcard/demo-cards';
import { DEMO_STAFF, demoIdNumber } from '../../../platform/demo/make-staff-hashes';

/**
 * The door: hold the hall's name for 3 s, let go, tap the bottom-right corner within 2 s. The hold
 * is measured on the page's clock, which the test controls (call page.clock.install() before goto).
 */
export async function openStaffDoor(page: Page): Promise<void> {
  const box = (await page.getByTestId('staff-door').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.clock.fastForward(3100);
  await page.mouse.up();
  await page.getByTestId('staff-door-corner').click();
  await expect(page.getByTestId('staff-mode')).toBeVisible();
}

export async function enterPin(page: Page, pin: string): Promise<void> {
  for (const digit of pin) await page.getByTestId(`staff-pin-${digit}`).click();
  await page.getByTestId('staff-pin-ok').click();
}

/** Opens the door, chooses the staff member and enters the PIN; resolves once signed in. */
export async function signInStaff(page: Page, staffId: string, pin: string): Promise<void> {
  await openStaffDoor(page);
  await page.getByTestId(`staff-choose-${staffId}`).click();
  await enterPin(page, pin);
  await expect(page.getByTestId('staff-signed-in')).toHaveAttribute('data-staff-id', staffId);
}

/** The simulator panel's index of a demo staff member's ID card (the simulator's own list, matched by the provisioned number). */
export function staffCardIndex(staffId: string): number {
  const member = DEMO_STAFF.find((s) => s.staffId === staffId);
  const idNumber = member ? demoIdNumber(member) : undefined;
  const index = DEMO_CARDS.findIndex((c) => idNumber !== undefined && c.card.idNumber === idNumber);
  if (index < 0) throw new Error(`the simulated reader has no card of ${staffId}`);
  return index;
}

/**
 * On the staff door's sign-in screen: taps card sign-in, waits until the host has armed the reader
 * for a staff card, places demo card `index` through the simulator panel, and waits for the answer
 * (the waiting notice goes away), then takes the card off the reader.
 */
export async function presentCardAtStaffDoor(page: Page, panel: Page, index: number): Promise<void> {
  await page.getByTestId('staff-card-sign-in').click();
  await expect(page.getByTestId('staff-card-waiting')).toHaveAttribute('data-armed', 'true');
  await panel.getByTestId(`sim-place-card-${index}`).click();
  await expect(page.getByTestId('staff-card-waiting')).toHaveCount(0);
  await panel.getByTestId('sim-remove-card').click();
  await expect(panel.getByTestId(`sim-place-card-${index}`)).toHaveAttribute('aria-pressed', 'false');
}
