/**
 * The camera as the code scanner (KIOSK_QR_SCANNER=camera), in Chromium with a fake camera that
 * shows an appointment QR code: the screens that wait for a code show a small live preview and the
 * notice that the camera is on; the code is decoded in the worker and checks the appointment in; the
 * camera runs only while such a screen waits (every track it opened is ended once the screen leaves).
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startKiosk, type RunningKiosk } from './support/kiosk';
import { expectAccessible, shot } from './support/citizen';
import { writeQrVideo } from './support/fake-camera';

// Demo appointment (platform/demo/README.md): booked, slot in a few minutes.
const APPOINTMENT = 'YY-SD6154';
const videoDir = mkdtempSync(join(tmpdir(), 'kiosk-camera-'));
const video = writeQrVideo(videoDir, `BMK:A:${APPOINTMENT}`);
const runningAsRoot = typeof process.getuid === 'function' && process.getuid() === 0;

test.use({
  launchOptions: {
    executablePath: process.env.KIOSK_TEST_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
      '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${video}`,
      ...(runningAsRoot ? ['--no-sandbox'] : []),
    ],
  },
});

let kiosk: RunningKiosk;
test.beforeAll(async () => {
  kiosk = await startKiosk({ KIOSK_QR_SCANNER: 'camera' });
});
test.afterAll(async () => {
  await kiosk?.stop();
  rmSync(videoDir, { recursive: true, force: true });
});

/** Camera tracks the page opened and not yet ended (counted by wrapping getUserMedia in the test only). */
const liveTracks = (page: Page) => page.evaluate(() => ((window as unknown as { __cameraTracks?: MediaStreamTrack[] }).__cameraTracks ?? []).filter((t) => t.readyState === 'live').length);

test('camera scanner: preview and notice while waiting, appointment checked in, camera off when the screen leaves', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
  await context.grantPermissions(['camera']);
  const page = await context.newPage();
  await page.addInitScript(() => {
    const tracks: MediaStreamTrack[] = [];
    (window as unknown as { __cameraTracks: MediaStreamTrack[] }).__cameraTracks = tracks;
    const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = async (constraints) => {
      const stream = await original(constraints);
      tracks.push(...stream.getTracks());
      return stream;
    };
  });
  await page.goto(kiosk.uiUrl);
  await expect(page.getByTestId('home-screen')).toBeVisible();
  // Home does not wait for a code: no camera.
  await expect(page.getByTestId('camera-scan')).toHaveCount(0);
  expect(await liveTracks(page)).toBe(0);

  // Progress waits for a receipt code: the camera is on, and says so. The appointment code is not a receipt.
  await page.getByTestId('tile-progress').click();
  await expect(page.getByTestId('progress-step-waiting')).toBeVisible();
  await expect(page.getByTestId('camera-scan')).toHaveAttribute('data-state', 'on');
  await expect(page.getByTestId('camera-notice')).toContainText('摄像头已开启');
  await expect.poll(() => page.getByTestId('camera-preview').evaluate((v: HTMLVideoElement) => v.videoWidth)).toBeGreaterThan(0);
  expect(await liveTracks(page)).toBe(1);
  await expectAccessible(page, 'progress with camera');
  await shot(page, 'camera-progress');
  await page.getByTestId('go-home').click();
  await expect(page.getByTestId('home-screen')).toBeVisible();
  await expect.poll(() => liveTracks(page)).toBe(0);

  // Appointment check-in: the code held up to the camera checks the appointment in.
  await page.getByTestId('tile-appointment').click();
  await expect(page.getByTestId('appointment-found')).toBeVisible();
  await expect(page.getByTestId('appointment-applicant')).toHaveText(/\*/);
  // The screen no longer waits for a code: the camera is off.
  await expect(page.getByTestId('camera-scan')).toHaveCount(0);
  await expect.poll(() => liveTracks(page)).toBe(0);
  await shot(page, 'camera-appointment-found');
  await context.close();
});
