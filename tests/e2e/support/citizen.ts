/**
 * Helpers for the citizen flow tests: the kiosk page and the simulator panel side by side, typing
 * on the on-screen keyboard, the axe check, screenshots, and reading what the printers printed.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Browser, type Locator, type Page } from '@playwright/test';
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

export type Viewport = { width: number; height: number };
export const LANDSCAPE: Viewport = { width: 1920, height: 1080 };
export const PORTRAIT: Viewport = { width: 1080, height: 1920 };

/**
 * The kiosk page in its own context (axe-core needs pages made through browser.newContext()), on
 * the home screen. With `clock`, the page runs on Playwright's clock (real time until the test
 * moves it), for the idle countdown.
 */
export async function openKiosk(browser: Browser, kiosk: RunningKiosk, viewport: Viewport = LANDSCAPE, options: { clock?: boolean } = {}): Promise<Page> {
  const page = await (await browser.newContext({ viewport, locale: 'zh-CN' })).newPage();
  if (options.clock) await page.clock.install();
  await page.goto(kiosk.uiUrl);
  await expect(page.getByTestId('home-screen')).toBeVisible();
  return page;
}

export async function openStage(browser: Browser, kiosk: RunningKiosk, viewport: Viewport = LANDSCAPE, options: { clock?: boolean } = {}): Promise<Stage> {
  const page = await openKiosk(browser, kiosk, viewport, options);
  const panel = await (await browser.newContext({ viewport: { width: 1200, height: 1000 } })).newPage();
  await panel.goto(kiosk.panelUrl);
  await expect(panel.getByTestId('simulator-panel')).toBeVisible();
  return { page, panel };
}

/** Switches the kiosk to a language with the header's switch (the kiosk starts in Chinese). */
export async function useLanguage(page: Page, language: 'zh-CN' | 'en'): Promise<void> {
  const root = page.locator('.kiosk');
  if ((await root.getAttribute('lang')) !== language) await page.getByTestId('toggle-language').click();
  await expect(root).toHaveAttribute('lang', language);
}

/** Home → 办事指南 → search: typed on the on-screen keyboard; opens the result whose name contains `name` (else the first). */
export async function searchAndOpen(page: Page, query: string, name?: string): Promise<void> {
  await page.getByTestId('tile-guide').click();
  await page.getByTestId('find-tab-search').click();
  await typeInto(page, 'search-field', query);
  const items = page.getByTestId('item');
  await (name ? items.filter({ hasText: name }) : items.first()).click();
  await expect(page.getByTestId('guide-screen')).toBeVisible();
}

/** Places a demo card on the simulated reader, taking off whatever card lies there first (the reader reports a card once per placing). */
export async function placeCard(panel: Page, card: number): Promise<void> {
  await panel.getByTestId('sim-remove-card').click();
  await panel.getByTestId(`sim-place-card-${card}`).click();
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

/**
 * No layout overflow: nothing sticks out sideways, and what is fixed on the screen (header, action
 * bar, keyboard, footer — everything outside a scrolling area) is entirely on it; a button's label
 * fits the button. With `scrolling: false`, the content must fit too: nothing to scroll to.
 * Lists the offenders.
 */
export async function expectWithinScreen(page: Page, options: { scrolling?: boolean } = {}): Promise<void> {
  const offenders = await page.evaluate((scrolling) => {
    const out: string[] = [];
    const { innerWidth: width, innerHeight: height } = window;
    const scrolls = (el: Element) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowY);
    // Named by tag, test id or class — never by its text, which may be a citizen's.
    const name = (el: Element) => `${el.tagName.toLowerCase()}${el.getAttribute('data-testid') ? `[${el.getAttribute('data-testid')}]` : `.${[...el.classList].join('.')}`}`;
    if (document.documentElement.scrollWidth > width + 1) out.push(`page is ${document.documentElement.scrollWidth}px wide`);
    for (const el of document.querySelectorAll('.kiosk *')) {
      const rect = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      if (rect.width === 0 || rect.height === 0 || style.visibility === 'hidden') continue;
      // Inside a scrolling area it may lie below the fold; unless it is fixed to the screen (the keyboard).
      let inScroller = false;
      let clipped = false;
      for (let up: Element | null = el; up && !up.classList.contains('kiosk'); up = up.parentElement) {
        const upStyle = getComputedStyle(up);
        if (upStyle.position === 'fixed') break;
        if (up === el) continue;
        if (scrolls(up)) inScroller = true;
        if (upStyle.overflowX === 'hidden' || upStyle.overflowX === 'clip') clipped = true;
      }
      if (!clipped && (rect.left < -1 || rect.right > width + 1)) out.push(`${name(el)} sticks out sideways (${Math.round(rect.left)}–${Math.round(rect.right)} of ${width})`);
      if (!inScroller && (rect.top < -1 || rect.bottom > height + 1)) out.push(`${name(el)} is off the screen (${Math.round(rect.top)}–${Math.round(rect.bottom)} of ${height})`);
      if (el.tagName === 'BUTTON' && !clipped && style.overflowX === 'visible' && el.scrollWidth > el.clientWidth + 2) out.push(`${name(el)}: the label is wider than the button`);
      if (!scrolling && scrolls(el) && el.scrollHeight > el.clientHeight + 1) out.push(`${name(el)} has to be scrolled (${el.scrollHeight} in ${el.clientHeight})`);
    }
    return out;
  }, options.scrolling ?? true);
  expect(offenders).toEqual([]);
}

/** What every screen gets: nothing off the screen, an axe check, and a screenshot (`name` may hold a folder). */
export async function checkScreen(page: Page, name: string, options: { scrolling?: boolean } = {}): Promise<void> {
  await expectWithinScreen(page, options);
  await expectAccessible(page, name);
  await shot(page, name);
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

/** A group typed on the pinyin keyboard: its letters, and the characters wanted from them (else the first candidates). */
export type PinyinGroup = string | { pinyin: string; text: string };

/**
 * Types Chinese on the pinyin keyboard as a citizen does: each group's letters, then candidates
 * chosen until nothing is left composing — the ones that spell the group's `text` (paging the
 * candidate bar if need be), or else the first. Checks that the field holds exactly what was chosen,
 * and returns it.
 */
export async function typePinyin(page: Page, fieldTestId: string, groups: PinyinGroup[]): Promise<string> {
  const keyboard = page.getByTestId(`${fieldTestId}-keyboard`);
  const field = page.getByTestId(fieldTestId);
  if (!(await keyboard.isVisible())) await field.click();
  await expect(keyboard).toBeVisible();
  if ((await keyboard.getAttribute('data-mode')) !== 'pinyin') await keyboard.getByTestId('key-mode-pinyin').click();
  const composition = keyboard.getByTestId('keyboard-composition');
  let value = (await field.getAttribute('data-value')) ?? '';
  for (const group of groups) {
    const { pinyin, text } = typeof group === 'string' ? { pinyin: group, text: undefined } : group;
    await expect(composition).toHaveCount(0);
    for (const ch of pinyin) await keyboard.getByTestId(ch === "'" ? 'key-separator' : `key-${ch}`).click();
    // The keyboard composes what was typed (shown as syllables) and offers candidates.
    await expect(composition).toHaveText(new RegExp(`^\\s*${[...pinyin.replace(/'/g, '')].join("[\\s']*")}\\s*$`));
    let wanted = text;
    do {
      await expect(keyboard.getByTestId('candidate-0')).toBeVisible();
      const index = wanted === undefined ? 0 : await findCandidate(keyboard, wanted);
      const candidate = keyboard.getByTestId(`candidate-${index}`);
      const chosen = (await candidate.textContent()) ?? '';
      await candidate.click();
      value += chosen;
      if (wanted !== undefined) wanted = wanted.slice(chosen.length);
      await expect(field).toHaveAttribute('data-value', value);
    } while ((await composition.count()) > 0);
    expect(wanted ?? '', `pinyin "${pinyin}" spelled all of "${text}"`).toBe('');
  }
  await keyboard.getByTestId('key-done').click();
  await expect(keyboard).toBeHidden();
  await expect(field).toHaveAttribute('data-value', value);
  return value;
}

/** The index on the candidate bar of the longest candidate that starts `wanted`, paging forward until one shows. */
async function findCandidate(keyboard: Locator, wanted: string): Promise<number> {
  for (let page = 0; page < 20; page += 1) {
    const shown = await keyboard.getByTestId(/^candidate-\d+$/).allTextContents();
    let best = -1;
    shown.forEach((text, i) => {
      if (text && wanted.startsWith(text) && (best < 0 || text.length > shown[best]!.length)) best = i;
    });
    if (best >= 0) return best;
    const next = keyboard.getByTestId('candidates-next');
    if (await next.isDisabled()) break;
    const first = await keyboard.getByTestId('candidate-0').textContent();
    await next.click();
    await expect(keyboard.getByTestId('candidate-0')).not.toHaveText(first ?? '');
  }
  throw new Error(`no candidate spells the start of "${wanted}"`);
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

/**
 * A citizen applies for the 社保缴费证明 (found by "sbzm") with a demo card, from the home screen
 * to the end of handing in. The terminal checks it can take applications as the flow starts (before
 * the card is read) and again at 提交: the answer is where it ended — `accepted` (the done screen)
 * or `refused-at-start` / `refused-at-submit` (the refusal screen). The caller checks the rest.
 */
export async function applyForContributionRecord(page: Page, panel: Page, card: number = CARD.linJiayi): Promise<'accepted' | 'refused-at-start' | 'refused-at-submit'> {
  await searchAndOpen(page, 'sbzm');
  await page.getByTestId('guide-apply').click();
  const refused = page.getByTestId('apply-refused');
  await expect(page.getByTestId('privacy-agree').or(refused)).toBeVisible();
  if (await refused.isVisible()) return 'refused-at-start';
  await page.getByTestId('privacy-agree').click();
  await placeCard(panel, card);
  await page.getByTestId('identity-confirm').click();
  await expect(page.getByTestId('apply-form')).toBeVisible();
  await typeInto(page, 'field-startMonth', '2024-01');
  await typeInto(page, 'field-endMonth', '2024-12');
  await page.getByTestId('field-purpose-option-house').click();
  await page.getByTestId('apply-next').click();
  await expect(page.getByTestId('apply-materials')).toBeVisible();
  await page.getByTestId('apply-next').click();
  await expect(page.getByTestId('apply-review')).toBeVisible();
  await page.getByTestId('apply-submit').click();
  const done = page.getByTestId('apply-done');
  await expect(done.or(refused)).toBeVisible({ timeout: 15_000 });
  return (await refused.isVisible()) ? 'refused-at-submit' : 'accepted';
}
