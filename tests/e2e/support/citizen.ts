/**
 * Helpers for the citizen flow tests: the kiosk page and the simulator panel side by side, typing
 * on the on-screen keyboard, the axe check, screenshots, and reading what the printers printed.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Browser, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import type { RunningKiosk } from './kiosk';

export const SHOTS = 'test-results/screenshots';
mkdirSync(SHOTS, { recursive: true });

/** Demo cards on the simulated reader (drivers/idcard/demo-cards.ts): index by name. */
export const CARD = { linJiayi: 0, huangWeiqiang: 1 } as const;

export interface Stage {
  page: Page;
  panel: Page;
}

export async function openStage(browser: Browser, kiosk: RunningKiosk, viewport = { width: 1920, height: 1080 }): Promise<Stage> {
  // Own contexts: axe-core needs pages made through browser.newContext().
  const page = await (await browser.newContext({ viewport, locale: 'zh-CN' })).newPage();
  const panel = await (await browser.newContext({ viewport: { width: 1200, height: 1000 } })).newPage();
  await page.goto(kiosk.uiUrl);
  await panel.goto(kiosk.panelUrl);
  await expect(page.getByTestId('home-screen')).toBeVisible();
  await expect(panel.getByTestId('simulator-panel')).toBeVisible();
  return { page, panel };
}

/** Types on the on-screen keyboard of a field (opening it first), then presses 完成. */
export async function typeInto(page: Page, fieldTestId: string, text: string): Promise<void> {
  const keyboard = page.getByTestId(`${fieldTestId}-keyboard`);
  if (!(await keyboard.isVisible())) await page.getByTestId(fieldTestId).click();
  await expect(keyboard).toBeVisible();
  for (const ch of text) await keyboard.getByTestId(`key-${ch}`).click();
  await keyboard.getByTestId('key-done').click();
  await expect(keyboard).toBeHidden();
}

/** An axe-core check: no serious or critical violation on what is on screen. */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${label}: ${v.id} (${v.impact}) ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`)).toEqual([]);
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${SHOTS}/${name}.png` });
}

export interface Printed {
  id: string;
  role: 'receipt-printer' | 'ticket-printer';
  text: string;
}

/** Everything the simulated printers printed, with the text as the simulator decoded it (asked of the host from the panel page). */
export async function printedDocs(panel: Page): Promise<Printed[]> {
  return panel.evaluate(async () => {
    const token = sessionStorage.getItem('kiosk.host-token')!;
    const socket = new WebSocket(`ws://${location.host}/host`, ['kiosk.v1', `kiosk-token.${token}`]);
    await new Promise((resolve) => socket.addEventListener('open', resolve));
    const reply = new Promise<{ result: { printed: Printed[] } }>((resolve) =>
      socket.addEventListener('message', function onMessage(e) {
        const message = JSON.parse(e.data as string) as { kind: string; id?: number; result: { printed: Printed[] } };
        if (message.kind === 'reply' && message.id === 1) {
          socket.removeEventListener('message', onMessage);
          resolve(message);
        }
      }),
    );
    socket.send(JSON.stringify({ kind: 'request', id: 1, method: 'simulator.state', params: {} }));
    const { result } = await reply;
    socket.close();
    return result.printed;
  });
}

/** Waits for a new printout of a role (more than `before` of them) and returns the newest. */
export async function nextPrinted(panel: Page, role: Printed['role'], before: number): Promise<Printed> {
  let docs: Printed[] = [];
  await expect.poll(async () => (docs = (await printedDocs(panel)).filter((d) => d.role === role)).length, { timeout: 15_000 }).toBeGreaterThan(before);
  return docs[0]!; // newest first
}

export async function countPrinted(panel: Page, role: Printed['role']): Promise<number> {
  return (await printedDocs(panel)).filter((d) => d.role === role).length;
}

/** Types Chinese on the pinyin keyboard: each syllable group is typed, then its first candidate chosen. */
export async function typePinyin(page: Page, fieldTestId: string, groups: string[]): Promise<void> {
  const keyboard = page.getByTestId(`${fieldTestId}-keyboard`);
  if (!(await keyboard.isVisible())) await page.getByTestId(fieldTestId).click();
  await expect(keyboard).toBeVisible();
  for (const group of groups) {
    for (const ch of group) await keyboard.getByTestId(`key-${ch}`).click();
    await keyboard.getByTestId('candidate-0').click();
  }
  await keyboard.getByTestId('key-done').click();
  await expect(keyboard).toBeHidden();
}

/** Scans a code with the simulated scanner (through the panel). */
export async function scan(panel: Page, text: string): Promise<void> {
  await panel.getByTestId('sim-scan-text').fill(text);
  await panel.getByTestId('sim-scan').click();
}

export async function setNetwork(panel: Page, up: boolean): Promise<void> {
  const button = panel.getByTestId('sim-network');
  if ((await button.getAttribute('aria-pressed')) === String(up)) await button.click();
  await expect(button).toHaveAttribute('aria-pressed', String(!up));
}
