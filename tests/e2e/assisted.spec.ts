/**
 * 代办/帮办 end to end: an assistant signs in, starts a session on a citizen's behalf, hands the
 * screen to the citizen for the consent, and the submission reaches the local platform marked
 * `kiosk-assisted` with the staff member's id; the assisted session's start and end are audited.
 */
import { expect, test } from '@playwright/test';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { kioskForFile } from './support/kiosk';
import { CARD, openStage, typeInto } from './support/citizen';
import { signInStaff } from './support/staff';

const kiosk = kioskForFile();

test('an assisted submission reaches the platform as kiosk-assisted with the staff id', async ({ browser }) => {
  const { page, panel } = await openStage(browser, kiosk.current);
  await page.clock.install();
  await page.reload();
  await expect(page.getByTestId('home-screen')).toBeVisible();
  await signInStaff(page, 'TH-A01', '864209');
  await page.getByTestId('staff-start-assisted').click();
  await expect(page.getByTestId('assisted-banner')).toContainText('TH-A01');
  await expect(page.getByTestId('home-screen')).toBeVisible();

  await page.getByTestId('tile-guide').click();
  await page.getByTestId('find-tab-search').click();
  await typeInto(page, 'search-field', 'sbzm');
  await page.getByTestId('item').first().click();
  await page.getByTestId('guide-apply').click();

  // The consent is the citizen's: the screen says to hand it over, then to take it back.
  await expect(page.getByTestId('assisted-handover')).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/assisted-handover.png' });
  await page.getByTestId('privacy-agree').click();
  await expect(page.getByTestId('assisted-take-back')).toBeVisible();

  await panel.getByTestId(`sim-place-card-${CARD.linJiayi}`).click();
  await page.getByTestId('identity-confirm').click();
  await expect(page.getByTestId('apply-form')).toBeVisible();
  await typeInto(page, 'field-startMonth', '2024-01');
  await typeInto(page, 'field-endMonth', '2024-12');
  await page.getByTestId('field-purpose-option-house').click();
  await page.getByTestId('apply-next').click();
  await expect(page.getByTestId('apply-materials')).toBeVisible();
  await page.getByTestId('apply-next').click();
  await page.getByTestId('apply-submit').click();
  await expect(page.getByTestId('apply-done')).toBeVisible();
  await expect(page.getByTestId('done-receipt-no')).toHaveAttribute('data-state', 'delivered', { timeout: 30_000 });

  // The platform's own record.
  const db = new Database(join(kiosk.current.dataDir, 'platform', 'platform.sqlite'), { readonly: true });
  try {
    const bodies = (db.prepare('SELECT body FROM submissions').all() as { body: string }[]).map((row) => JSON.parse(row.body) as Record<string, unknown>);
    expect(bodies).toHaveLength(1);
    expect(bodies[0]).toMatchObject({ channel: 'kiosk-assisted', assistedBy: { staffId: 'TH-A01' } });
    expect((bodies[0]!.consent as { agreedAt?: string }).agreedAt).toBeTruthy();
  } finally {
    db.close();
  }

  await page.getByTestId('assisted-end').click();
  await expect(page.getByTestId('assisted-banner')).toHaveCount(0);
  await expect(page.getByTestId('home-screen')).toBeVisible();

  // The assistant's sign-in, the start of the assisted session and its end are audited, and the
  // entries reach the platform.
  const audited = () => {
    const platformDb = new Database(join(kiosk.current.dataDir, 'platform', 'platform.sqlite'), { readonly: true });
    try {
      return (platformDb.prepare('SELECT body FROM audit_entries ORDER BY seq').all() as { body: string }[])
        .map((row) => JSON.parse(row.body) as { staffId: string; action: string; outcome: string })
        .filter((e) => e.staffId === 'TH-A01')
        .map((e) => `${e.action}:${e.outcome}`);
    } finally {
      platformDb.close();
    }
  };
  await expect.poll(audited, { timeout: 30_000 }).toEqual(['staff-sign-in:ok', 'assisted-start:ok', 'staff-sign-out:ok']);
});
