/**
 * First-run provisioning end to end: a terminal configured for a platform but never enrolled opens
 * the technician's setup wizard instead of the citizen UI. A forged or expired provisioning code is
 * refused with a reason; a code signed with the provisioning key enrolls the terminal, and the
 * citizen home screen appears.
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPlatform, type EmbeddedPlatform } from '../../host/embedded-platform';
// @ts-expect-error -- a plain .mjs script without type declarations
import { makePayload } from '../../scripts/make-provisioning-qr.mjs';
import { startKiosk, type RunningKiosk } from './support/kiosk';

const DEMO_KEY = readFileSync('scripts/provisioning/demo-private-key.pem', 'utf8');
let platform: EmbeddedPlatform;
let kiosk: RunningKiosk;

test.beforeAll(async () => {
  // The local platform as its own process (the built one), with a one-time enrollment code.
  platform = await startEmbeddedPlatform({ nodeBinary: process.execPath, entry: 'dist/platform/main.mjs', dataDir: mkdtempSync(join(tmpdir(), 'kiosk-e2e-platform-')) });
  // A remote platform and no enrollment code: nobody enrolls this terminal but a technician.
  kiosk = await startKiosk({ KIOSK_PLATFORM_URL: platform.apiUrl });
});
test.afterAll(async () => {
  await kiosk?.stop();
  await platform?.stop();
});

const payload = (overrides: { code?: string; expires?: string } = {}): string =>
  (makePayload as (o: Record<string, string>) => string)({
    url: platform.apiUrl,
    hall: 'gz-th-zwzx',
    code: overrides.code ?? platform.enrollmentCode,
    expires: overrides.expires ?? new Date(Date.now() + 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    keyPem: DEMO_KEY,
  });

/** Scans a code with the simulated scanner, through the simulator panel. */
async function scan(panel: Page, text: string) {
  await panel.getByTestId('sim-scan-text').fill(text);
  await panel.getByTestId('sim-scan').click();
}

test('an unenrolled terminal opens the setup wizard; forged and expired codes are refused; a signed code enrolls it', async ({ page, browser }) => {
  await page.goto(kiosk.uiUrl);
  await expect(page.getByTestId('staff-provisioning')).toBeVisible();
  await expect(page.getByTestId('home-screen')).toHaveCount(0);
  const panel = await browser.newPage();
  await panel.goto(kiosk.panelUrl);
  await expect(panel.getByTestId('simulator-panel')).toBeVisible();

  // Forged: the body says another hall, the signature is the original's.
  const [prefix, body, signature] = payload().split('.');
  const forgedBody = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body!, 'base64url').toString('utf8')), hall: 'another-hall' })).toString('base64url');
  await scan(panel, `${prefix}.${forgedBody}.${signature}`);
  await expect(page.getByTestId('staff-provisioning-info')).toContainText(/签名|signature/i);

  await scan(panel, payload({ expires: '2020-01-01T00:00:00Z' }));
  await expect(page.getByTestId('staff-provisioning-info')).toContainText(/过期|expired/i);
  await expect(page.getByTestId('staff-provisioning-apply')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/screenshots/setup-refused.png' });

  await scan(panel, payload());
  await expect(page.getByTestId('staff-provisioning-info')).toContainText('gz-th-zwzx');
  await page.getByTestId('staff-provisioning-apply').click();
  await expect(page.getByTestId('home-screen')).toBeVisible();
  await expect(page.getByTestId('hall-name')).toHaveText('广州市天河区政务服务中心');

  const records = (await (await fetch(platform.apiUrl.replace(/\/api$/, '/_admin/records'))).json()) as { terminals: { count?: number; items?: unknown[] } | unknown[] };
  const terminals = Array.isArray(records.terminals) ? records.terminals : (records.terminals.items ?? []);
  expect(terminals).toHaveLength(1);
});
