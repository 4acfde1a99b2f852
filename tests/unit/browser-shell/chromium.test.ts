import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync, chmodSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumKioskArgs, findChromium, freshProfileDir } from '../../../browser-shell/chromium';

describe('browser shell: Chromium', () => {
  it('launches in kiosk mode with zoom, swipe navigation, first run and background networking off', () => {
    const args = chromiumKioskArgs({ url: 'http://127.0.0.1:4000/#token=abc', profileDir: '/data/browser-profile', runningAsRoot: false });
    expect(args).toEqual(
      expect.arrayContaining([
        '--kiosk',
        '--app=http://127.0.0.1:4000/#token=abc',
        '--user-data-dir=/data/browser-profile',
        '--no-first-run',
        '--disable-pinch',
        '--overscroll-history-navigation=0',
        '--disable-background-networking',
        '--noerrdialogs',
      ]),
    );
    expect(args).not.toContain('--no-sandbox');
    expect(chromiumKioskArgs({ url: 'x', profileDir: 'p', runningAsRoot: true })).toContain('--no-sandbox');
  });

  it('finds Chromium on the PATH, or the configured executable', () => {
    const bin = mkdtempSync(join(tmpdir(), 'kiosk-bin-'));
    const fake = join(bin, 'chromium-browser');
    writeFileSync(fake, '#!/bin/sh\n');
    chmodSync(fake, 0o755);
    expect(findChromium(null, { PATH: bin })).toBe(fake);
    expect(findChromium(fake, { PATH: '' })).toBe(fake);
    expect(findChromium(join(bin, 'missing'), { PATH: bin })).toBe(null);
    expect(findChromium(null, { PATH: mkdtempSync(join(tmpdir(), 'kiosk-empty-')) })).toBe(null);
  });

  it('starts every launch with a fresh, empty profile under the data directory', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-data-'));
    mkdirSync(join(dataDir, 'browser-profile', 'Default'), { recursive: true });
    writeFileSync(join(dataDir, 'browser-profile', 'Default', 'History'), 'yesterday');
    const dir = freshProfileDir(dataDir);
    expect(dir).toBe(join(dataDir, 'browser-profile'));
    expect(existsSync(dir)).toBe(true);
    expect(readdirSync(dir)).toEqual([]);
  });
});
