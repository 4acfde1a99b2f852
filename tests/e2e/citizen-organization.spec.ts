/**
 * An organisation applies (营业执照补领, demo company 广州天润示范商贸有限公司): the agent's ID card
 * first, then the business licence's QR code scanned (国家企业信用信息公示系统 URL). A code whose check
 * character does not match is warned about, not refused; scanning the right licence clears the
 * warning; the form is filled from the licence and the agent's card, handed in, the receipt printed
 * with the agent masked. Axe on every new screen.
 */
import { expect, test } from '@playwright/test';
import { startKiosk, type RunningKiosk } from './support/kiosk';
import { CARD, countPrinted, expectAccessible, openStage, printedDocs, scan, shot, typeInto, typePinyin, type Printed } from './support/citizen';

let kiosk: RunningKiosk;
test.beforeAll(async () => {
  kiosk = await startKiosk();
});
test.afterAll(async () => {
  await kiosk?.stop();
});

/** The demo company's code (platform/demo/README.md); its check character is L. */
const USCC = '91440106MA5H7K3Q6L';
/** The same code with a check character that does not match (a legacy pilot code would look so). */
const USCC_BAD_CHECK = '91440106MA5H7K3Q6X';
const licenceQr = (uscc: string) => `https://www.gsxt.gov.cn/verify?uniscid=${uscc}`;

test('organisation: agent card, licence QR (check-digit warning, then the right code), form filled, handed in', async ({ browser }) => {
  const { page, panel } = await openStage(browser, kiosk);
  await page.getByTestId('tile-guide').click();
  await page.getByTestId('find-tab-search').click();
  await typeInto(page, 'search-field', 'yyzzbl');
  const item = page.getByTestId('item').filter({ hasText: '营业执照补领' });
  await expect(item).toHaveCount(1);
  await item.click();
  await expect(page.getByTestId('guide-screen')).toBeVisible();
  await page.getByTestId('guide-apply').click();

  await expect(page.getByTestId('privacy-notice')).toBeVisible();
  await page.getByTestId('privacy-agree').click();
  // Organisation-only item: the agent identifies first.
  await expect(page.getByTestId('identify-person')).toBeVisible();
  await expect(page.getByTestId('identify-person')).toContainText('经办人');
  await expectAccessible(page, 'identify agent');
  await shot(page, 'org-identify-agent');
  await panel.getByTestId(`sim-place-card-${CARD.huangWeiqiang}`).click();
  await expect(page.getByTestId('identify-confirm')).toBeVisible();
  await expect(page.getByTestId('identity-name')).toHaveText(/^\S\*+\S$/);
  await page.getByTestId('identity-confirm').click();

  // The organisation: scan the licence. First one whose check character does not match.
  await expect(page.getByTestId('identify-organization')).toBeVisible();
  await expectAccessible(page, 'identify organisation');
  await scan(panel, licenceQr(USCC_BAD_CHECK));
  await expect(page.getByTestId('org-uscc')).toHaveAttribute('data-value', USCC_BAD_CHECK);
  await typePinyin(page, 'org-name', ['tian', 'run']);
  const orgName = (await page.getByTestId('org-name').getAttribute('data-value'))!;
  expect(orgName.length).toBeGreaterThanOrEqual(2);
  await page.getByTestId('org-submit').click();
  const warning = page.getByTestId('org-warning');
  await expect(warning).toBeVisible();
  await expect(warning).toContainText('校验位');
  await expect(page.getByTestId('org-accept-warning')).toBeVisible();
  await expectAccessible(page, 'organisation check-digit warning');
  await shot(page, 'org-uscc-warning');

  // The right licence: the warning goes, the code passes without confirmation.
  await scan(panel, licenceQr(USCC));
  await expect(page.getByTestId('org-uscc')).toHaveAttribute('data-value', USCC);
  await expect(warning).toBeHidden();
  await expect(page.getByTestId('org-name')).toHaveAttribute('data-value', orgName);
  await page.getByTestId('org-submit').click();

  // The form: code and name from the licence, the agent's name from the card.
  await expect(page.getByTestId('apply-form')).toBeVisible();
  await expect(page.getByTestId('field-uscc')).toHaveAttribute('data-value', USCC);
  await expect(page.getByTestId('field-organizationName')).toHaveAttribute('data-value', orgName);
  await expect(page.getByTestId('field-agentName')).toHaveAttribute('data-value', /^\S{2,}$/);
  await page.getByTestId('field-licenceKind-option-original').click();
  await page.getByTestId('field-reason-option-lost').click();
  await typeInto(page, 'field-phone', '13900139000');
  await expectAccessible(page, 'organisation form');
  await shot(page, 'org-form');
  await page.getByTestId('apply-next').click();

  await expect(page.getByTestId('apply-materials')).toBeVisible();
  await expectAccessible(page, 'organisation materials');
  await page.getByTestId('apply-next').click();
  if (await page.getByTestId('apply-outstanding').isVisible()) await page.getByTestId('apply-next').click();

  await expect(page.getByTestId('apply-review')).toBeVisible();
  await expect(page.getByTestId('summary-uscc')).toHaveText(USCC);
  await expect(page.getByTestId('summary-name')).toHaveText(/^\S\*+\S$/);
  await expectAccessible(page, 'organisation review');
  await shot(page, 'org-review');
  const before = await countPrinted(panel, 'receipt-printer');
  await page.getByTestId('apply-submit').click();
  await expect(page.getByTestId('apply-done')).toBeVisible();
  await expect(page.getByTestId('receipt-print')).toHaveAttribute('data-state', 'printed');
  // Materials are still missing, so the 一次性告知书 prints too: find the acceptance receipt among the new printouts.
  let receipt: Printed | undefined;
  await expect
    .poll(async () => (receipt = (await printedDocs(panel)).filter((d) => d.role === 'receipt-printer').slice(0, -before || undefined).find((d) => d.text.includes('受理回执'))) !== undefined, { timeout: 15_000 })
    .toBe(true);
  expect(receipt!.text).toContain(USCC.slice(-4));
  expect(receipt!.text).toContain('营业执照补领');
  expect(receipt!.text).not.toContain('黄伟强');
  await expectAccessible(page, 'organisation done');
  await page.close();
  await panel.close();
});
