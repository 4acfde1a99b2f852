import { defineConfig } from '@playwright/test';

// End-to-end tests drive the browser shell in Debian's Chromium: no browser is downloaded.
const executablePath = process.env.KIOSK_TEST_CHROMIUM ?? '/usr/bin/chromium';
const runningAsRoot = typeof process.getuid === 'function' && process.getuid() === 0;

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results/playwright',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath,
      args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', ...(runningAsRoot ? ['--no-sandbox'] : [])],
    },
    viewport: { width: 1920, height: 1080 },
    locale: 'zh-CN',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
});
