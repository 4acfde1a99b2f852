import { describe, expect, it } from 'vitest';
import { devicePermissionDecision, permissionCheckDecision, permissionRequestDecision } from '../../../electron/policy/permissions';

const fromApp = { isMainFrame: true, requestingUrl: 'app://kiosk/index.html' };

const OTHER_PERMISSIONS = [
  'geolocation',
  'notifications',
  'clipboard-read',
  'clipboard-sanitized-write',
  'usb',
  'serial',
  'hid',
  'midi',
  'midiSysex',
  'display-capture',
  'fullscreen',
  'pointerLock',
  'openExternal',
  'mediaKeySystem',
  'idle-detection',
  'fileSystem',
  'storage-access',
  'window-management',
  'unknown',
];

describe('permission requests', () => {
  it('grants the camera (video only) to the app in the main frame', () => {
    expect(permissionRequestDecision('media', { ...fromApp, mediaTypes: ['video'] })).toBe(true);
    expect(permissionRequestDecision('media', { ...fromApp, securityOrigin: 'app://kiosk/', mediaTypes: ['video'] })).toBe(true);
  });

  it('denies the microphone, alone or with the camera, and empty media requests', () => {
    expect(permissionRequestDecision('media', { ...fromApp, mediaTypes: ['audio'] })).toBe(false);
    expect(permissionRequestDecision('media', { ...fromApp, mediaTypes: ['video', 'audio'] })).toBe(false);
    expect(permissionRequestDecision('media', { ...fromApp, mediaTypes: [] })).toBe(false);
    expect(permissionRequestDecision('media', { ...fromApp })).toBe(false);
  });

  it('denies the camera to other origins and to sub-frames', () => {
    for (const requestingUrl of ['https://evil.example/', 'app://kiosk.evil/', 'app://kiosk@evil/', 'file:///x.html', 'about:blank']) {
      expect(permissionRequestDecision('media', { isMainFrame: true, requestingUrl, mediaTypes: ['video'] })).toBe(false);
    }
    expect(permissionRequestDecision('media', { ...fromApp, isMainFrame: false, mediaTypes: ['video'] })).toBe(false);
    expect(permissionRequestDecision('media', { ...fromApp, securityOrigin: 'https://evil.example', mediaTypes: ['video'] })).toBe(false);
    expect(permissionRequestDecision('media', { isMainFrame: true, mediaTypes: ['video'] })).toBe(false);
  });

  it.each(OTHER_PERMISSIONS)('denies %s even to the app', (permission) => {
    expect(permissionRequestDecision(permission, fromApp)).toBe(false);
    expect(permissionCheckDecision(permission, 'app://kiosk', { ...fromApp, mediaType: 'video' })).toBe(false);
  });
});

describe('permission checks', () => {
  it('answers yes only for video media from app://kiosk', () => {
    expect(permissionCheckDecision('media', 'app://kiosk', { isMainFrame: true, mediaType: 'video', securityOrigin: 'app://kiosk/' })).toBe(true);
    expect(permissionCheckDecision('media', 'app://kiosk/', { isMainFrame: true, mediaType: 'video' })).toBe(true);
    expect(permissionCheckDecision('media', 'app://kiosk', { isMainFrame: true, mediaType: 'audio' })).toBe(false);
    expect(permissionCheckDecision('media', 'app://kiosk', { isMainFrame: true, mediaType: 'unknown' })).toBe(false);
    expect(permissionCheckDecision('media', 'app://kiosk', { isMainFrame: true })).toBe(false);
    expect(permissionCheckDecision('media', 'https://evil.example', { isMainFrame: true, mediaType: 'video' })).toBe(false);
    expect(permissionCheckDecision('media', 'app://kiosk.evil', { isMainFrame: true, mediaType: 'video' })).toBe(false);
    expect(permissionCheckDecision('media', 'app://kiosk', { isMainFrame: false, mediaType: 'video' })).toBe(false);
    expect(permissionCheckDecision('media', 'app://kiosk', { isMainFrame: true, mediaType: 'video', requestingUrl: 'https://evil.example/' })).toBe(false);
  });

  it('never permits WebUSB/WebHID/WebSerial devices', () => {
    expect(devicePermissionDecision()).toBe(false);
  });
});
