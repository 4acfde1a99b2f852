/**
 * An organisation applies (营业执照补领, demo company 广州天润示范商贸有限公司): the agent's ID card
 * first, then the business licence's QR code scanned (国家企业信用信息公示系统 URL). A code whose check
 * character does not match is warned about, not refused; scanning the right licence clears the
 * warning; the company's name is typed on the pinyin keyboard and kept exactly; the form is filled
 * from the licence and the agent's card; the 一次性告知 screen and printout and the receipt name the
 * organisation in full and mask only its agent. Axe on every new screen.
 */
import { expect, test } from '@playwright/test';
import { kioskForFile } from './support/kiosk';
import { CARD, countPrinted, expectAccessible, nextPrinted, openStage, scan, shot, typeInto, typePinyin } from './support/citizen';

const kiosk = kioskForFile();

/** The demo company's code (platform/demo/README.md); its check character is L. */
const USCC = '91440106MA5H7K3Q6L';
/** The same code with a check character that does not match (a legacy pilot code would look so). */
const USCC_BAD_CHECK = '91440106MA5H7K3Q6X';
/** The demo company's registered name. */
const ORG_NAME = '广州天润示范商贸有限公司';
const licenceQr = (uscc: string) => `https://www.gsxt.gov.cn/verify?uniscid=${uscc}`;

test('organisation: agent card, licence QR (check-digit warning, then the right code), form filled, handed in', async ({ browser }) => {
  const { page, panel } = await openStage(browser, kiosk.current);
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
  // The company's name on the pinyin keyboard: some words picked from the candidates, some the
  // first candidates as they come (tianrun: 天, then 润). Exactly what was typed, nothing garbled.
  const typed = await typePinyin(page, 'org-name', [{ pinyin: 'guangzhou', text: '广州' }, 'tianrun', { pinyin: 'shifan', text: '示范' }, 'shangmao', 'youxiangongsi']);
  expect(typed).toBe(ORG_NAME);
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
  await expect(page.getByTestId('org-name')).toHaveAttribute('data-value', ORG_NAME);
  await page.getByTestId('org-submit').click();

  // The form: code and name from the licence, the agent's name from the card.
  await expect(page.getByTestId('apply-form')).toBeVisible();
  await expect(page.getByTestId('field-uscc')).toHaveAttribute('data-value', USCC);
  await expect(page.getByTestId('field-organizationName')).toHaveAttribute('data-value', ORG_NAME);
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

  // 一次性告知: on screen and on paper the organisation is named in full, its agent masked.
  await expect(page.getByTestId('apply-outstanding')).toBeVisible();
  await expect(page.getByTestId('summary-organization')).toHaveText(ORG_NAME);
  await expect(page.getByTestId('summary-uscc')).toHaveText(USCC);
  await expect(page.getByTestId('summary-name')).toHaveText('黄*强');
  await expect(page.getByTestId('apply-outstanding')).not.toContainText('黄伟强');
  await expectAccessible(page, 'organisation outstanding');
  await shot(page, 'org-outstanding');
  const before = await countPrinted(panel, 'receipt-printer');
  await page.getByTestId('print-notice').click();
  await expect(page.getByTestId('notice-print')).toHaveAttribute('data-state', 'printed');
  const notice = await nextPrinted(panel, 'receipt-printer', before);
  expect(notice.text).toContain('一次性告知书');
  expect(notice.text).toContain(`申请单位：${ORG_NAME}`);
  expect(notice.text).toContain(USCC);
  expect(notice.text).toContain('经办人：黄*强');
  expect(notice.text).not.toMatch(/广\*+司/);
  expect(notice.text).not.toContain('黄伟强');
  await page.getByTestId('apply-next').click();

  await expect(page.getByTestId('apply-review')).toBeVisible();
  await expect(page.getByTestId('summary-uscc')).toHaveText(USCC);
  await expect(page.getByTestId('summary-organization')).toHaveText(ORG_NAME);
  // The review is where the agent checks the form: their name, which the form repeats, in full in both places.
  await expect(page.getByTestId('summary-name')).toHaveText('黄伟强');
  await expectAccessible(page, 'organisation review');
  await shot(page, 'org-review');
  await page.getByTestId('apply-submit').click();
  await expect(page.getByTestId('apply-done')).toBeVisible();
  await expect(page.getByTestId('receipt-print')).toHaveAttribute('data-state', 'printed');
  // The notice printed once already: the next printout is the acceptance receipt.
  const receipt = await nextPrinted(panel, 'receipt-printer', before + 1);
  expect(receipt.text).toContain('受理回执');
  expect(receipt.text).toContain(USCC);
  expect(receipt.text).toContain('营业执照补领');
  expect(receipt.text).toContain(`申请单位：${ORG_NAME}`);
  expect(receipt.text).toContain('经办人：黄*强');
  expect(receipt.text).not.toContain('黄伟强');
  expect(await countPrinted(panel, 'receipt-printer')).toBe(before + 2);
  await expectAccessible(page, 'organisation done');
  await page.close();
  await panel.close();
});
