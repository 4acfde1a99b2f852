import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isValidNonce, RequestThrottle, validateIpcSender } from '../../../electron/policy/ipc';
import { hostEnvironment, resolveDataDir, shellPaths } from '../../../electron/policy/shell-config';

describe('nonce', () => {
  it('accepts 8-64 characters of letters, digits and dashes', () => {
    for (const nonce of ['abcdefgh', 'A1b2-C3d4', crypto.randomUUID(), 'x'.repeat(64)]) expect(isValidNonce(nonce)).toBe(true);
  });
  it('rejects anything else', () => {
    for (const nonce of ['short', 'x'.repeat(65), 'has space!', 'semi;colon', '<script>', '', 12345678, null, undefined, { toString: () => 'abcdefghij' }, ['abcdefghij']]) {
      expect(isValidNonce(nonce)).toBe(false);
    }
  });
});

describe('IPC sender validation', () => {
  const mainFrame = { url: 'app://kiosk/index.html', parent: null };
  it('accepts the main frame of the kiosk window on app://kiosk', () => {
    expect(validateIpcSender({ senderFrame: mainFrame, mainFrame, fromKioskWindow: true })).toEqual({ ok: true });
  });
  it('rejects other windows, missing frames, sub-frames and foreign origins', () => {
    expect(validateIpcSender({ senderFrame: mainFrame, mainFrame, fromKioskWindow: false })).toEqual({ ok: false, reason: 'not-kiosk-window' });
    expect(validateIpcSender({ senderFrame: null, mainFrame, fromKioskWindow: true })).toEqual({ ok: false, reason: 'no-frame' });
    const child = { url: 'app://kiosk/index.html', parent: mainFrame };
    expect(validateIpcSender({ senderFrame: child, mainFrame, fromKioskWindow: true })).toEqual({ ok: false, reason: 'not-main-frame' });
    for (const url of ['https://evil.example/', 'app://kiosk.evil/', 'app://kiosk@evil/', 'file:///index.html', 'about:blank']) {
      const frame = { url, parent: null };
      expect(validateIpcSender({ senderFrame: frame, mainFrame: frame, fromKioskWindow: true })).toEqual({ ok: false, reason: 'foreign-origin' });
    }
  });
});

describe('request throttle', () => {
  it('allows a burst then refuses until the window passes', () => {
    let t = 0;
    const throttle = new RequestThrottle(3, 1_000, () => t);
    expect([throttle.allow(), throttle.allow(), throttle.allow(), throttle.allow()]).toEqual([true, true, true, false]);
    t = 1_000;
    expect(throttle.allow()).toBe(true);
  });
});

describe('shell configuration', () => {
  it('finds the bundles under the app path', () => {
    const paths = shellPaths('/opt/kiosk/resources/app.asar');
    expect(paths.preload).toBe(path.join('/opt/kiosk/resources/app.asar', 'dist', 'electron', 'preload.cjs'));
    expect(path.isAbsolute(paths.preload)).toBe(true);
    expect(paths.rendererRoot).toBe(path.join('/opt/kiosk/resources/app.asar', 'dist', 'renderer'));
    expect(paths.hostEntry).toBe(path.join('/opt/kiosk/resources/app.asar', 'dist', 'host', 'main.mjs'));
  });
  it('uses KIOSK_DATA_DIR, else userData', () => {
    expect(resolveDataDir({ KIOSK_DATA_DIR: '/var/lib/kiosk' }, '/home/k/.config/x')).toBe(path.resolve('/var/lib/kiosk'));
    expect(resolveDataDir({ KIOSK_DATA_DIR: '  ' }, '/home/k/.config/x')).toBe('/home/k/.config/x');
    expect(resolveDataDir({}, '/home/k/.config/x')).toBe('/home/k/.config/x');
  });
  it('passes the environment to the host without debugging hooks', () => {
    const env = hostEnvironment({ PATH: '/usr/bin', NODE_OPTIONS: '--require /tmp/x.js', ELECTRON_RUN_AS_NODE: '1', KIOSK_PRINTER: 'tcp://10.0.0.5:9100', EMPTY: undefined }, '/data', true);
    expect(env).toEqual({ PATH: '/usr/bin', KIOSK_PRINTER: 'tcp://10.0.0.5:9100', KIOSK_DATA_DIR: '/data', KIOSK_SHELL: 'electron', NODE_ENV: 'production' });
    expect(hostEnvironment({}, '/data', false).NODE_ENV).toBeUndefined();
  });
});
