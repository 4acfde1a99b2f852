/**
 * A technician resolves an outbox item that needs attention, end to end in the browser shell.
 *
 * The needs-attention item is provoked honestly: while the terminal is offline a citizen's
 * application is queued; meanwhile the platform receives a DIFFERENT submission under the same id
 * from this terminal (as after a reinstall that reused an id), so when the network returns the
 * platform answers the kiosk's delivery with 409 `id-conflict`. The technician sets it aside with a
 * reason and a few words of their own (it is kept, not delivered), exports the diagnostics (the
 * outbox figures, nothing personal), then retries it (delivered again, refused again by the
 * platform: back to needs-attention) — each action written to the audit log.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { withIdCheckChar } from '../../common/identity/check-digits';
import { kioskForFile } from './support/kiosk';
import { DEMO_CARDS } from '../../drivers/idcard/demo-cards';
import { CARD, setNetwork, typeInto, typePinyin } from './support/citizen';
import { signInStaff } from './support/staff';

const RESIDENCE_ENDORSEMENT = '1144010607652431024001013501000';

const kiosk = kioskForFile();

test('a technician sets aside and retries a submission the platform refuses (409)', async ({ browser }) => {
  test.setTimeout(150_000);
  const page = await (await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' })).newPage();
  const panel = await (await browser.newContext({ viewport: { width: 1200, height: 1000 } })).newPage();
  await page.clock.install();
  await page.goto(kiosk.current.uiUrl);
  await panel.goto(kiosk.current.panelUrl);
  await expect(page.getByTestId('home-screen')).toBeVisible();
  await expect(panel.getByTestId('simulator-panel')).toBeVisible();
  await expect(page.getByTestId('connectivity')).toHaveAttribute('data-state', 'online');
  // Let the catalog arrive before the network goes.
  await page.getByTestId('tile-guide').click();
  await expect(page.getByTestId('category-list')).toBeVisible();
  await page.getByTestId('go-home').click();
  await setNetwork(panel, false);
  await expect(page.getByTestId('connectivity')).toHaveAttribute('data-state', 'offline');

  // A citizen applies offline: accepted with a local reference, queued.
  await page.getByTestId('tile-apply').click();
  await page.getByTestId('category-B').click();
  await page.locator('[data-testid="item"]', { hasText: '居住证签注' }).click();
  await page.getByTestId('guide-apply').click();
  await page.getByTestId('privacy-agree').click();
  await panel.getByTestId(`sim-place-card-${CARD.linJiayi}`).click();
  await page.getByTestId('identity-confirm').click();
  await expect(page.getByTestId('apply-form')).toBeVisible();
  await typePinyin(page, 'field-residenceAddress', ['tianhe', 'qu', 'tianrun', 'lu']);
  await page.getByTestId('field-basis-option-employment').click();
  await typeInto(page, 'field-phone', '13800138000');
  await page.getByTestId('apply-next').click();
  await expect(page.getByTestId('apply-materials')).toBeVisible();
  const tolerated = page.locator('[data-testid^="provision-"][data-testid$="-tolerated"]').first();
  await tolerated.click();
  await expect(tolerated).toHaveAttribute('aria-pressed', 'true');
  await page.getByTestId('apply-next').click();
  await expect(page.getByTestId('apply-outstanding')).toBeVisible();
  await page.getByTestId('apply-next').click();
  await expect(page.getByTestId('apply-review')).toBeVisible();
  await page.getByTestId('apply-submit').click();
  await expect(page.getByTestId('apply-done')).toBeVisible();
  const reference = (await page.getByTestId('done-reference').textContent())!;
  await panel.getByTestId('sim-remove-card').click();
  await page.getByTestId('go-home').click();

  // The queued item's id, from the page's outbox (ids and references are stored in clear).
  const itemId = await page.evaluate(
    (ref) =>
      new Promise<string>((resolve, reject) => {
        const open = indexedDB.open('kiosk-outbox');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const get = db.transaction('items').objectStore('items').index('localReference').get(ref);
          get.onsuccess = () => {
            db.close();
            resolve((get.result as { id: string }).id);
          };
          get.onerror = () => reject(get.error);
        };
      }),
    reference,
  );

  // Another submission under the same id reaches the platform first, from this terminal's credential.
  const platformApi = (await kiosk.current.waitForLine(/local platform: (http:\/\/127\.0\.0\.1:\d+\/api)/))[1]!;
  const enrollment = JSON.parse(readFileSync(join(kiosk.current.dataDir, 'host', 'enrollment.json'), 'utf8')) as { terminalId: string; token: string };
  const now = new Date().toISOString();
  const idNumber = withIdCheckChar('44010619900101001');
  const other = {
    serviceCode: RESIDENCE_ENDORSEMENT,
    catalogVersion: 'reinstalled',
    terminalId: enrollment.terminalId,
    localReference: reference,
    createdAt: now,
    channel: 'kiosk',
    applicant: { kind: 'person', name: '测试申请人', idType: 'resident-id', idNumber, source: 'card-reader' },
    form: { applicantName: '测试申请人', idNumber, residenceAddress: '天河区天润路一号', basis: 'housing', phone: '13900139000' },
    materials: [
      { code: `${RESIDENCE_ENDORSEMENT}001`, provision: 'paper-at-window' },
      { code: `${RESIDENCE_ENDORSEMENT}002`, provision: 'paper-at-window' },
      { code: `${RESIDENCE_ENDORSEMENT}003`, provision: 'tolerated' },
    ],
    consent: { noticeVersion: 'v1', agreedAt: now },
  };
  const put = await fetch(`${platformApi}/v1/submissions/${itemId}`, { method: 'PUT', headers: { authorization: `Bearer ${enrollment.token}`, 'content-type': 'application/json' }, body: JSON.stringify(other) });
  expect(put.status, await put.clone().text()).toBe(201);

  // The network returns: the kiosk's delivery is refused with 409 id-conflict.
  await setNetwork(panel, true);
  await expect(page.getByTestId('connectivity')).toHaveAttribute('data-state', 'online', { timeout: 30_000 });
  const conflicts = async () => ((await (await fetch(`${platformApi.replace(/\/api$/, '')}/_admin/records`)).json()) as { submissions: { items: { id: string; conflicts: number }[] } }).submissions.items.find((s) => s.id === itemId)?.conflicts ?? 0;
  await expect.poll(conflicts, { timeout: 30_000 }).toBe(1);

  // The technician sees it with the platform's reason, and sets it aside.
  await signInStaff(page, 'TH-T01', '246810');
  // The diagnostics read the page's outbox: nothing of this terminal has reached the platform yet.
  await expect(page.getByTestId('tech-outbox')).toHaveText('本机尚无成功上传的记录');
  const row = page.getByTestId(`tech-item-${itemId}`);
  await expect(row).toHaveAttribute('data-state', 'needs-attention', { timeout: 30_000 });
  await expect(row).toContainText(reference);
  await expect(row).toContainText('409 id-conflict');
  // Why: one of a few reasons, and the technician's own words on the on-screen keyboard ("other" needs them).
  await page.getByTestId(`tech-item-${itemId}-set-aside`).click();
  const confirm = page.getByTestId('tech-set-aside-confirm');
  await expect(confirm).toBeDisabled();
  await page.getByTestId('tech-set-aside-reason-other').click();
  await expect(confirm).toBeDisabled();
  await page.getByTestId('tech-set-aside-reason-platform-check').click();
  await expect(confirm).toBeEnabled();
  await typePinyin(page, 'tech-set-aside-words', ['deng', 'dai']);
  const words = (await page.getByTestId('tech-set-aside-words').getAttribute('data-value'))!;
  expect(words.length).toBeGreaterThan(0);
  await page.screenshot({ path: 'test-results/screenshots/staff-outbox-set-aside-reason.png' });
  await confirm.click();
  await expect(row).toHaveAttribute('data-state', 'set-aside');
  await expect(page.getByTestId(`tech-item-${itemId}-set-aside`)).toHaveCount(0);
  await expect(page.getByTestId('tech-note')).toContainText(reference);
  // The note on the item is the technician's words only: the reason chosen and what they typed.
  await expect(row).toContainText(` · 待平台核实：${words}`);
  await expect(page.getByTestId('tech-outbox-local')).toContainText('已搁置：1');
  expect(await conflicts()).toBe(1); // set aside: not delivered again
  // Audited with the chosen reason; the typed words stay on the item, out of the audit log.
  const auditText = () => readFileSync(join(kiosk.current.dataDir, 'host', 'staff', 'audit.jsonl'), 'utf8');
  const setAsideEntry = auditText()
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { entry: { staffId: string; action: string; outcome: string; detail?: Record<string, unknown> } }).entry)
    .find((e) => e.action === 'outbox-item-set-aside');
  expect(setAsideEntry).toMatchObject({ staffId: 'TH-T01', outcome: 'ok', detail: { itemId, kind: 'submission', reasonCode: 'id-conflict', setAsideReason: 'platform-check' } });
  expect(auditText()).not.toContain(words);

  // The diagnostics export (the terminal's data folder here; a USB stick the same) holds the outbox
  // figures: what is pending, each item needing attention or set aside with the platform's reason,
  // the oldest item's age and the last delivery; nothing of the citizen, nor the technician's words.
  await page.getByTestId('export-diagnostics-local').click();
  const exportedTo = /已导出到 (\S+\.json)/.exec((await page.getByTestId('tech-note').filter({ hasText: '已导出到' }).textContent())!)![1]!;
  const exported = readFileSync(exportedTo, 'utf8');
  const { diagnostics } = JSON.parse(exported) as { diagnostics: { outbox: Record<string, unknown> } };
  expect(diagnostics.outbox).toMatchObject({
    source: 'page',
    pending: 0,
    setAside: 1,
    needsAttention: [{ itemId, kind: 'submission', state: 'set-aside', status: 409, reason: 'id-conflict' }],
    oldestPendingAt: null,
    oldestAgeSeconds: null,
    lastDeliveredAt: null,
    deliveryPaused: null,
  });
  for (const personal of ['林嘉怡', DEMO_CARDS[CARD.linJiayi]!.card.idNumber, '13800138000', words, reference]) expect(exported).not.toContain(personal);

  // Retry: delivered again, and the platform refuses it again: back to needs-attention, still kept.
  await page.getByTestId(`tech-item-${itemId}-retry`).click();
  await expect.poll(conflicts, { timeout: 30_000 }).toBe(2);
  await expect(row).toHaveAttribute('data-state', 'needs-attention', { timeout: 30_000 });

  // Both actions are in the audit log, with the technician's id.
  await page.getByTestId('tech-tab-audit').click();
  await expect(page.getByTestId('tech-audit')).toContainText('TH-T01 outbox-item-set-aside ok');
  await expect(page.getByTestId('tech-audit')).toContainText('TH-T01 outbox-item-retry ok');
  await page.screenshot({ path: 'test-results/screenshots/staff-outbox-items.png' });
});
