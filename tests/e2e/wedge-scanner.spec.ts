/**
 * A keyboard-wedge scanner types into the page. Its fast bursts arrive as scans through the same
 * path as the other scanners; a person typing slowly is not taken for a scan.
 */
import { expect, test } from '@playwright/test';
import { kioskForFile } from './support/kiosk';

const kiosk = kioskForFile({ KIOSK_QR_SCANNER: 'wedge' });

test('a wedge scanner burst is a scan; slow typing is not', async ({ page }) => {
  await page.goto(kiosk.current.uiUrl);
  await expect(page.getByTestId('device-status-qr-scanner')).toHaveAttribute('data-state', 'ready');
  await page.getByTestId('tile-progress').click();
  await expect(page.getByTestId('progress-card-wait')).toBeVisible();

  // A person pressing keys, far slower than any scanner: nothing is scanned.
  await page.keyboard.type('BMK:R:L-HUMAN-0001', { delay: 120 });
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('progress-problem')).toHaveCount(0);

  // A scanner: the whole code in a few milliseconds per character, then Enter.
  await page.keyboard.type('BMK:R:L-NOTHERE-0001', { delay: 2 });
  await page.keyboard.press('Enter');
  // The receipt is not one of this terminal's: the screen says so, which proves the scan arrived.
  await expect(page.getByTestId('progress-problem')).toBeVisible();
});
