/**
 * Every citizen flow, briefly, in both orientations and both languages: home; find a service
 * (sbzm → the 社保参保证明 guide and its QR); apply with the ID card (privacy notice, pre-filled
 * form, materials, 一次性告知, review, hand in, receipt and notice printed); rate; take a number;
 * appointment check-in; look up progress; offline (network cut: a number from the lease, the
 * platform lookup unavailable) where citizen-offline.spec.ts does not already walk it; the idle
 * countdown. Every screen: nothing off the screen, axe, a screenshot in
 * test-results/screenshots/<combination>/. One kiosk per combination, its tests in order.
 */
import { expect, test, type Page } from '@playwright/test';
import { startKiosk, type RunningKiosk } from './support/kiosk';
import {
  CARD,
  LANDSCAPE,
  PORTRAIT,
  checkScreen,
  nextPrinted,
  countPrinted,
  openStage,
  placeCard,
  printedDocs,
  scan,
  searchAndOpen,
  setNetwork,
  typeInto,
  useLanguage,
  type Stage,
  type Viewport,
} from './support/citizen';

interface Combination {
  name: string;
  viewport: Viewport;
  language: 'zh-CN' | 'en';
  /** Walk the offline leg here (citizen-offline.spec.ts walks portrait English offline in full). */
  offline: boolean;
}

const COMBINATIONS: Combination[] = [
  { name: 'landscape-zh', viewport: LANDSCAPE, language: 'zh-CN', offline: true },
  { name: 'landscape-en', viewport: LANDSCAPE, language: 'en', offline: true },
  { name: 'portrait-zh', viewport: PORTRAIT, language: 'zh-CN', offline: true },
  { name: 'portrait-en', viewport: PORTRAIT, language: 'en', offline: false },
];

/** The demo hall's idle time and countdown (platform/demo/hall.json: 120 s; the last 30 s counted down). */
const IDLE_MS = 120_000;
const WARNING_MS = 30_000;

for (const combo of COMBINATIONS) {
  test.describe(combo.name, () => {
    test.describe.configure({ mode: 'serial' });
    let kiosk: RunningKiosk;
    let stage: Stage;
    // Every screen fits: nothing off it, nothing to scroll to.
    const screen = (page: Page, name: string) => checkScreen(page, `${combo.name}/${name}`, { scrolling: false });

    test.beforeAll(async ({ browser }) => {
      kiosk = await startKiosk();
      stage = await openStage(browser, kiosk, combo.viewport);
      await useLanguage(stage.page, combo.language);
      await expect(stage.page.getByTestId('connectivity')).toHaveAttribute('data-state', 'online');
    });
    test.afterAll(async () => {
      await stage?.page.context().close();
      await stage?.panel.context().close();
      await kiosk?.stop();
    });

    test('home, and find a service: sbzm → the guide with its QR', async () => {
      const { page } = stage;
      await screen(page, '01-home');
      await searchAndOpen(page, 'sbzm');
      await expect(page.getByTestId('guide-screen')).toContainText('社会保险参保缴费证明');
      await screen(page, '02-guide');
      await page.getByTestId('guide-tab-take-away').click();
      await expect(page.getByTestId('guide-qr')).toBeVisible();
      await screen(page, '03-guide-qr');
    });

    test('apply with the ID card: pre-filled, 一次性告知, handed in, receipt printed; then rate it', async () => {
      const { page, panel } = stage;
      await page.getByTestId('guide-apply').click();
      await expect(page.getByTestId('privacy-notice')).toBeVisible();
      await screen(page, '04-privacy');
      await page.getByTestId('privacy-agree').click();
      await expect(page.getByTestId('identify-card-wait')).toBeVisible();
      await screen(page, '05-identify');
      await placeCard(panel, CARD.linJiayi);
      await expect(page.getByTestId('identity-name')).toHaveText('林*怡');
      await screen(page, '06-identity');
      await page.getByTestId('identity-confirm').click();

      await expect(page.getByTestId('field-applicantName')).toHaveAttribute('data-value', '林嘉怡');
      await page.getByTestId('field-startMonth').click();
      await screen(page, '07-form-keyboard');
      await typeInto(page, 'field-startMonth', '2024-01');
      await typeInto(page, 'field-endMonth', '2024-12');
      await page.getByTestId('field-purpose-option-house').click();
      await screen(page, '08-form');
      await page.getByTestId('apply-next').click();

      // The ID card on paper at the window instead of the electronic licence: still needed, told at once.
      await expect(page.getByTestId('apply-materials')).toBeVisible();
      const idCard = (await page.getByTestId('material').first().getAttribute('data-code'))!;
      await page.getByTestId(`provision-${idCard}-paper-at-window`).click();
      await screen(page, '09-materials');
      await page.getByTestId('apply-next').click();
      await expect(page.getByTestId('outstanding-item')).toHaveCount(1);
      await screen(page, '10-outstanding');
      await page.getByTestId('apply-next').click();
      await expect(page.getByTestId('summary-name')).toHaveText('林嘉怡');
      await screen(page, '11-review');

      const receipts = await countPrinted(panel, 'receipt-printer');
      await page.getByTestId('apply-submit').click();
      await expect(page.getByTestId('receipt-print')).toHaveAttribute('data-state', 'printed');
      const reference = (await page.getByTestId('done-reference').textContent())!;
      // The receipt, then the 一次性告知书 with it (it was not printed from its screen).
      await expect.poll(async () => (await countPrinted(panel, 'receipt-printer')) - receipts).toBe(2);
      const [notice, receipt] = (await printedDocs(panel)).filter((d) => d.role === 'receipt-printer');
      expect(receipt!.text).toContain('受理回执');
      expect(receipt!.text).toContain(reference);
      expect(receipt!.text).toContain('林*怡');
      expect(notice!.text).toContain('一次性告知书');
      for (const paper of [receipt!, notice!]) expect(paper.text).not.toContain('林嘉怡');
      await expect(page.getByTestId('done-receipt-no')).toHaveAttribute('data-state', 'delivered', { timeout: 30_000 });
      await screen(page, '12-done');

      await page.getByTestId('done-rate').click();
      await page.getByTestId('rate-level-5').click();
      await screen(page, '13-rating');
      await page.getByTestId('rate-submit').click();
      await expect(page.getByTestId('rate-thanks')).toBeVisible();
      await page.getByTestId('go-home').click();
    });

    test('take a number, and check in for an appointment', async () => {
      const { page, panel } = stage;
      await page.getByTestId('tile-ticket').click();
      await expect(page.getByTestId('ticket-categories')).toBeVisible();
      await screen(page, '14-ticket-categories');
      await page.getByTestId('ticket-category-A').click();
      await screen(page, '15-ticket-priority');
      const tickets = await countPrinted(panel, 'ticket-printer');
      await page.getByTestId('priority-normal').click();
      await expect(page.getByTestId('ticket-print')).toHaveAttribute('data-state', 'printed');
      const ticket = await nextPrinted(panel, 'ticket-printer', tickets);
      expect(ticket.text).toContain((await page.getByTestId('ticket-number').textContent())!);
      await screen(page, '16-ticket-done');
      await page.getByTestId('go-home').click();

      await page.getByTestId('tile-appointment').click();
      await expect(page.getByTestId('appointment-entry')).toBeVisible();
      await screen(page, '17-appointment');
      await scan(panel, 'BMK:A:YY-SY4821');
      await expect(page.getByTestId('appointment-applicant')).toHaveText('林*欣');
      await screen(page, '18-appointment-found');
      await page.getByTestId('appointment-check-in').click();
      await expect(page.getByTestId('ticket-print')).toHaveAttribute('data-state', 'printed');
      expect((await nextPrinted(panel, 'ticket-printer', tickets + 1)).text).toContain('【预约】');
      await page.getByTestId('go-home').click();
    });

    test('look up progress by ID card', async () => {
      const { page, panel } = stage;
      await page.getByTestId('tile-progress').click();
      await expect(page.getByTestId('progress-step-waiting')).toBeVisible();
      await screen(page, '19-progress');
      await placeCard(panel, CARD.linJiayi);
      await expect(page.getByTestId('progress-item').first()).toContainText('林*怡');
      await expect(page.getByTestId('progress-results')).not.toContainText('林嘉怡');
      await screen(page, '20-progress-results');
      await page.getByTestId('go-home').click();
    });

    if (combo.offline)
      test('offline: a number from the lease, the platform lookup unavailable, back online', async () => {
        const { page, panel } = stage;
        await setNetwork(panel, false);
        await expect(page.getByTestId('connectivity')).toHaveAttribute('data-state', 'offline');
        await screen(page, '21-home-offline');
        await page.getByTestId('tile-ticket').click();
        await page.getByTestId('ticket-category-B').click();
        const tickets = await countPrinted(panel, 'ticket-printer');
        await page.getByTestId('priority-normal').click();
        await expect(page.getByTestId('ticket-issued-offline')).toBeVisible();
        await expect(page.getByTestId('ticket-print')).toHaveAttribute('data-state', 'printed');
        expect((await nextPrinted(panel, 'ticket-printer', tickets)).text).toContain('离线取号');
        await screen(page, '22-ticket-offline');
        await page.getByTestId('go-home').click();
        await page.getByTestId('tile-progress').click();
        await placeCard(panel, CARD.linJiayi);
        await expect(page.getByTestId('progress-unavailable')).toBeVisible();
        await screen(page, '23-progress-offline');
        await page.getByTestId('go-home').click();
        await setNetwork(panel, true);
        await expect(page.getByTestId('connectivity')).toHaveAttribute('data-state', 'online', { timeout: 30_000 });
      });

    test('idle: the countdown, then home', async () => {
      // The page on Playwright's clock from here on: the hall's two minutes pass at once.
      const { page } = stage;
      await page.clock.install();
      await page.reload();
      await expect(page.getByTestId('home-screen')).toBeVisible();
      await useLanguage(page, combo.language);
      await page.getByTestId('tile-ticket').click();
      await expect(page.getByTestId('ticket-categories')).toBeVisible();
      await page.clock.fastForward(IDLE_MS - WARNING_MS + 2_000);
      await expect(page.getByTestId('idle-warning')).toBeVisible();
      await screen(page, '24-idle-warning');
      await page.clock.fastForward(WARNING_MS);
      await expect(page.getByTestId('home-screen')).toBeVisible();
    });
  });
}
