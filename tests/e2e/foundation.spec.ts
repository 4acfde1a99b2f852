/**
 * The foundation end to end: the browser shell boots to the home screen with the four simulated
 * devices ready, the host rejects malformed messages, the WebSocket needs the launch token, and
 * when the host is killed the supervisor restarts it and the page reconnects by itself.
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { startKiosk, type RunningKiosk } from './support/kiosk';

const ROLES = ['idcard-reader', 'qr-scanner', 'receipt-printer', 'ticket-printer'] as const;
let kiosk: RunningKiosk;

test.beforeAll(async () => {
  kiosk = await startKiosk();
  mkdirSync('test-results/screenshots', { recursive: true });
});
test.afterAll(async () => {
  await kiosk?.stop();
});

async function expectAllDevicesReady(page: Page) {
  for (const role of ROLES) await expect(page.getByTestId(`device-status-${role}`)).toHaveAttribute('data-state', 'ready');
}

test('boots to the home screen with all four simulated devices ready', async ({ page }) => {
  await page.goto(kiosk.uiUrl);
  await expect(page.getByTestId('home-screen')).toBeVisible();
  for (const tile of ['apply', 'ticket', 'progress', 'guide', 'appointment']) await expect(page.getByTestId(`tile-${tile}`)).toBeVisible();
  await expectAllDevicesReady(page);
  // The token moved out of the address bar.
  expect(page.url()).not.toContain('token=');
  // The embedded platform answers: the hall's name comes from its configuration.
  await expect(page.getByTestId('connectivity')).toHaveAttribute('data-state', 'online');
  await expect(page.getByTestId('hall-name')).not.toHaveText('政务服务自助终端');
  await page.screenshot({ path: 'test-results/screenshots/home.png' });

  await page.setViewportSize({ width: 1080, height: 1920 });
  await expect(page.getByTestId('home-screen')).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/home-portrait.png' });
});

test('the page is served with a strict Content-Security-Policy', async ({ request }) => {
  const response = await request.get(kiosk.uiUrl.replace(/#.*$/, ''));
  const csp = response.headers()['content-security-policy'] ?? '';
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toContain('unsafe-eval');
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).toMatch(/connect-src 'self' ws:\/\/127\.0\.0\.1:\d+/);
});

test('the simulator panel shows the devices and a printed test page', async ({ page }) => {
  await page.goto(kiosk.panelUrl);
  await expect(page.getByTestId('simulator-panel')).toBeVisible();
  await expectAllDevicesReady(page);
  await page.getByTestId('sim-receipt-printer-test').click();
  const printed = page.getByTestId('sim-printed-item').first();
  await expect(printed).toBeVisible();
  await expect(printed.locator('img')).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/simulator-panel.png', fullPage: true });
});

test('a fault in the simulator shows on the kiosk with who must act', async ({ browser }) => {
  const kioskPage = await browser.newPage();
  const panel = await browser.newPage();
  await kioskPage.goto(kiosk.uiUrl);
  await panel.goto(kiosk.panelUrl);
  await expectAllDevicesReady(kioskPage);
  await panel.getByTestId('sim-ticket-printer-paper-out').click();
  const ticketPrinter = kioskPage.getByTestId('device-status-ticket-printer');
  await expect(ticketPrinter).toHaveAttribute('data-state', 'fault');
  await expect(ticketPrinter).toContainText('工作人员');
  await panel.getByTestId('sim-ticket-printer-paper-ok').click();
  await expect(ticketPrinter).toHaveAttribute('data-state', 'ready');
});

test('the host rejects a message with a bad shape, and keeps serving', async ({ page }) => {
  await page.goto(kiosk.uiUrl);
  await expect(page.getByTestId('home-screen')).toBeVisible();
  const replies = await page.evaluate(async () => {
    const token = sessionStorage.getItem('kiosk.host-token')!;
    const socket = new WebSocket(`ws://${location.host}/host`, ['kiosk.v1', `kiosk-token.${token}`]);
    await new Promise((resolve) => socket.addEventListener('open', resolve));
    const received: unknown[] = [];
    const next = () => new Promise((resolve) => socket.addEventListener('message', (e) => resolve(JSON.parse(e.data as string)), { once: true }));
    socket.send(JSON.stringify({ kind: 'request', id: 7, method: 'devices.list', params: { unexpected: true } }));
    received.push(await next());
    socket.send(JSON.stringify({ kind: 'request', id: 8, method: 'host.formatDisk', params: {} }));
    received.push(await next());
    socket.send(JSON.stringify({ kind: 'request', id: 9, method: 'devices.list', params: {} }));
    received.push(await next());
    socket.close();
    return received;
  });
  expect(replies[0]).toMatchObject({ id: 7, ok: false, error: { code: 'invalid-params' } });
  expect(replies[1]).toMatchObject({ id: 8, ok: false, error: { code: 'unknown-method' } });
  expect(replies[2]).toMatchObject({ id: 9, ok: true });
  await kiosk.waitForLine(/rejected devices\.list .*invalid params/);
  await kiosk.waitForLine(/rejected a request .*unknown method/);
});

test('the WebSocket refuses a connection without the token', async ({ page }) => {
  await page.goto(kiosk.uiUrl);
  const outcomes = await page.evaluate(async () => {
    const attempt = (protocols: string[]) =>
      new Promise<string>((resolve) => {
        const socket = new WebSocket(`ws://${location.host}/host`, protocols);
        socket.addEventListener('open', () => (socket.close(), resolve('open')));
        socket.addEventListener('close', () => resolve('refused'));
      });
    return { none: await attempt(['kiosk.v1']), wrong: await attempt(['kiosk.v1', `kiosk-token.${'0'.repeat(64)}`]) };
  });
  expect(outcomes).toEqual({ none: 'refused', wrong: 'refused' });
});

test('the host restarts after being killed and the UI reconnects on its own', async ({ page }) => {
  await page.goto(kiosk.uiUrl);
  await expectAllDevicesReady(page);
  const before = kiosk.hostPid();
  const readyLines = kiosk.output.filter((l) => l.startsWith('[kiosk] device host ready')).length;
  await expect(page.getByTestId('host-link')).toHaveAttribute('data-connection', '1');
  process.kill(before, 'SIGKILL');
  await kiosk.waitForLine(new RegExp(`device host ready \\(pid (?!${before}\\))\\d+\\)`));
  expect(kiosk.output.filter((l) => l.startsWith('[kiosk] device host ready')).length).toBe(readyLines + 1);
  // The same page, not reloaded, is on its second connection to the host.
  await expect(page.getByTestId('host-link')).toHaveAttribute('data-connection', '2');
  await expect(page.getByTestId('host-link')).toHaveAttribute('data-status', 'connected');
  await expectAllDevicesReady(page);
  expect(kiosk.hostPid()).not.toBe(before);
});
