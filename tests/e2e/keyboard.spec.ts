/**
 * The on-screen keyboard in the real kiosk (browser shell, Chromium): the service search opens it by
 * itself; pinyin with candidates types 社保, letters and backspace work, keys are big enough, and no
 * native text input ever takes focus (so no system keyboard could appear).
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { startKiosk, type RunningKiosk } from './support/kiosk';

let kiosk: RunningKiosk;

test.beforeAll(async () => {
  kiosk = await startKiosk();
  mkdirSync('test-results/screenshots', { recursive: true });
});
test.afterAll(async () => {
  await kiosk?.stop();
});

async function openSearch(page: Page) {
  await page.goto(kiosk.uiUrl);
  await page.getByTestId('tile-guide').click();
  await expect(page.getByTestId('find-screen')).toBeVisible();
  await page.getByTestId('find-tab-search').click();
  await expect(page.getByTestId('search-field-keyboard')).toBeVisible();
}

async function tap(page: Page, ...testIds: string[]) {
  for (const id of testIds) await page.getByTestId(id).click();
}

test('pinyin with candidates types 社保 into the search', async ({ page }) => {
  await openSearch(page);
  const keyboard = page.getByTestId('search-field-keyboard');
  await tap(page, 'key-mode-pinyin');
  await expect(keyboard).toHaveAttribute('data-mode', 'pinyin');
  const barBefore = await page.getByTestId('candidate-bar').boundingBox();
  await tap(page, ...[...'shebao'].map((c) => `key-${c}`));
  await expect(page.getByTestId('keyboard-composition')).toHaveText('she bao');
  await expect(page.getByTestId('candidate-0')).toHaveText('社保');
  // The candidate bar did not move or grow when candidates appeared.
  expect(await page.getByTestId('candidate-bar').boundingBox()).toEqual(barBefore);
  await page.screenshot({ path: 'test-results/screenshots/keyboard-pinyin.png' });
  await tap(page, 'candidate-0');
  await expect(page.getByTestId('search-field')).toHaveAttribute('data-value', '社保');
  await expect(page.getByTestId('keyboard-composition')).toHaveCount(0);
  await tap(page, 'key-done');
  await expect(page.getByTestId('search-field-keyboard')).toHaveCount(0);
  await expect(page.getByTestId('search-field')).toHaveAttribute('data-value', '社保');
});

test('a character then the rest: 广 then 州', async ({ page }) => {
  await openSearch(page);
  await tap(page, 'key-mode-pinyin', ...[...'guangzhou'].map((c) => `key-${c}`));
  await expect(page.getByTestId('candidate-0')).toHaveText('广州');
  await page.getByTestId('candidate-bar').getByRole('button', { name: '广', exact: true }).click();
  await expect(page.getByTestId('keyboard-composition')).toHaveText('zhou');
  await page.getByTestId('candidate-bar').getByRole('button', { name: '州', exact: true }).click();
  await expect(page.getByTestId('search-field')).toHaveAttribute('data-value', '广州');
});

test('letters, backspace and clear; big keys; no native input ever focused', async ({ page }) => {
  await openSearch(page);
  await tap(page, 'key-mode-letters', 'key-s', 'key-b', 'key-z', 'key-m', 'key-x', 'key-backspace');
  await expect(page.getByTestId('search-field')).toHaveAttribute('data-value', 'sbzm');
  for (const id of ['key-q', 'key-backspace', 'key-done', 'key-mode-pinyin']) {
    const box = (await page.getByTestId(id).boundingBox())!;
    expect(box.width, id).toBeGreaterThanOrEqual(64);
    expect(box.height, id).toBeGreaterThanOrEqual(64);
  }
  const focusedTag = await page.evaluate(() => document.activeElement?.tagName ?? '');
  expect(['INPUT', 'TEXTAREA']).not.toContain(focusedTag);
  expect(await page.locator('input:not([type=hidden]):not([readonly]), textarea').count()).toBe(0);
  await page.setViewportSize({ width: 1080, height: 1920 });
  await page.screenshot({ path: 'test-results/screenshots/keyboard-letters-portrait.png' });
  await tap(page, 'key-clear');
  await expect(page.getByTestId('search-field')).toHaveAttribute('data-value', '');
});
