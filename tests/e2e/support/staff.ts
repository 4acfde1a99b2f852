/** Staff steps shared by the end-to-end tests. Demo staff and PINs: platform/demo/README.md. */
import { expect, type Page } from '@playwright/test';

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
