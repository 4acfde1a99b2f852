import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileUnderRoot, PERMISSIONS_POLICY, resolveAppRequest, securityHeaders } from '../../../electron/policy/app-protocol';

describe('app:// request mapping', () => {
  it('serves / and /index.html as the page', () => {
    expect(resolveAppRequest('GET', 'app://kiosk/')).toEqual({ kind: 'file', relativePath: 'index.html', contentType: 'text/html; charset=utf-8', headOnly: false });
    expect(resolveAppRequest('GET', 'app://kiosk')).toMatchObject({ kind: 'file', relativePath: 'index.html' });
    expect(resolveAppRequest('GET', 'app://kiosk/index.html')).toMatchObject({ kind: 'file', relativePath: 'index.html' });
    expect(resolveAppRequest('GET', 'app://kiosk/?reset=1#top')).toMatchObject({ kind: 'file', relativePath: 'index.html' });
  });

  it('serves assets with their content type, and HEAD without a body', () => {
    expect(resolveAppRequest('GET', 'app://kiosk/assets/index-Ab12.js')).toEqual({ kind: 'file', relativePath: 'assets/index-Ab12.js', contentType: 'text/javascript; charset=utf-8', headOnly: false });
    expect(resolveAppRequest('GET', 'app://kiosk/assets/index.css')).toMatchObject({ contentType: 'text/css; charset=utf-8' });
    expect(resolveAppRequest('GET', 'app://kiosk/assets/font.woff2')).toMatchObject({ contentType: 'font/woff2' });
    expect(resolveAppRequest('GET', 'app://kiosk/assets/zxing.wasm')).toMatchObject({ contentType: 'application/wasm' });
    expect(resolveAppRequest('GET', 'app://kiosk/assets/LOGO.PNG')).toMatchObject({ contentType: 'image/png' });
    expect(resolveAppRequest('HEAD', 'app://kiosk/index.html')).toMatchObject({ kind: 'file', headOnly: true });
  });

  it('decodes percent-encoded names (Chinese file names)', () => {
    expect(resolveAppRequest('GET', 'app://kiosk/assets/%E5%A3%B0%E9%9F%B3.mp3')).toMatchObject({ kind: 'file', relativePath: 'assets/声音.mp3' });
  });

  it.each(['POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'TRACE'])('refuses %s', (method) => {
    expect(resolveAppRequest(method, 'app://kiosk/index.html')).toEqual({ kind: 'error', status: 405 });
  });

  it.each([
    'app://kiosk/../../etc/passwd',
    'app://kiosk/assets/../../../etc/passwd',
    'app://kiosk/%2e%2e/%2e%2e/etc/passwd',
    'app://kiosk/%2E%2E/secret.json',
    'app://kiosk/assets/%2e%2e%2f%2e%2e%2fsecret.json',
    'app://kiosk/..%2fsecret.json',
    'app://kiosk/..%5csecret.json',
    'app://kiosk/assets\\..\\..\\secret.json',
    'app://kiosk/index.html%00.png',
    'app://kiosk/%00',
    'app://kiosk/C:/Windows/win.ini',
    'app://kiosk/C%3A/Windows/win.ini',
    'app://kiosk/./index.html',
    'app://kiosk/%2e/index.html',
  ])('refuses traversal: %s', (url) => {
    const result = resolveAppRequest('GET', url);
    expect(result.kind).toBe('error');
    if (result.kind === 'error') expect([400, 403, 404]).toContain(result.status);
  });

  it.each([
    'app://kiosk.evil/index.html',
    'app://evil/index.html',
    'app://kiosk@evil/index.html',
    'app://evil@kiosk/index.html',
    'https://kiosk/index.html',
    'file:///index.html',
  ])('refuses another host or scheme: %s', (url) => {
    expect(resolveAppRequest('GET', url)).toEqual({ kind: 'error', status: 403 });
  });

  it.each([
    'app://kiosk/simulator.html',
    'app://kiosk/missing',
    'app://kiosk/assets/',
    'app://kiosk//etc/passwd',
    'app://kiosk/assets//x.js',
    'app://kiosk/.env',
    'app://kiosk/.git/config',
    'app://kiosk/assets/.hidden.js',
    'app://kiosk/run.sh',
    'app://kiosk/main.cjs',
    'app://kiosk/data.sqlite',
  ])('answers 404 for pages and files it does not serve: %s', (url) => {
    expect(resolveAppRequest('GET', url)).toEqual({ kind: 'error', status: 404 });
  });

  it('refuses malformed encodings', () => {
    expect(resolveAppRequest('GET', 'app://kiosk/%E4%ZZ.js')).toEqual({ kind: 'error', status: 400 });
    expect(resolveAppRequest('GET', 'not a url')).toEqual({ kind: 'error', status: 400 });
  });
});

describe('file resolution under the renderer root', () => {
  const root = path.resolve('/opt/kiosk/dist/renderer');
  it('stays inside the root', () => {
    expect(fileUnderRoot(root, 'index.html')).toBe(path.join(root, 'index.html'));
    expect(fileUnderRoot(root, 'assets/a.js')).toBe(path.join(root, 'assets', 'a.js'));
  });
  it('refuses anything that would leave it', () => {
    expect(fileUnderRoot(root, '../secret.json')).toBeUndefined();
    expect(fileUnderRoot(root, 'assets/../../x')).toBeUndefined();
    expect(fileUnderRoot(root, '/etc/passwd')).toBeUndefined();
    expect(fileUnderRoot(root, 'C:\\Windows\\win.ini')).toBeUndefined();
    expect(fileUnderRoot(root, '')).toBeUndefined();
  });
  it('uses the Windows path rules on Windows', () => {
    expect(fileUnderRoot('C:\\kiosk\\renderer', 'assets/a.js', path.win32)).toBe('C:\\kiosk\\renderer\\assets\\a.js');
    expect(fileUnderRoot('C:\\kiosk\\renderer', '../x.js', path.win32)).toBeUndefined();
    expect(fileUnderRoot('C:\\kiosk\\renderer', 'D:/x.js', path.win32)).toBeUndefined();
  });
});

describe('security headers', () => {
  const headers = securityHeaders('text/html; charset=utf-8');
  const csp = headers['Content-Security-Policy'] ?? '';
  const directive = (name: string): string[] =>
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .find((parts) => parts[0] === name)
      ?.slice(1) ?? [];

  it('sends the shared CSP as a header', () => {
    expect(csp).toContain("default-src 'none'");
    expect(directive('script-src')).toEqual(["'self'"]);
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toContain('unsafe-inline');
    expect(directive('script-src').some((source) => /^(https?:|wss?:|\*|data:|blob:)/.test(source))).toBe(false);
    expect(directive('connect-src')).toEqual(["'self'"]);
    expect(directive('object-src')).toEqual(["'none'"]);
    expect(directive('frame-ancestors')).toEqual(["'none'"]);
  });

  it('sends the hardening headers', () => {
    expect(headers).toMatchObject({
      'Content-Type': 'text/html; charset=utf-8',
      'X-Content-Type-Options': 'nosniff',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Referrer-Policy': 'no-referrer',
    });
  });

  it('allows the camera for the app itself and nothing else in Permissions-Policy', () => {
    const entries = PERMISSIONS_POLICY.split(',').map((e) => e.trim());
    expect(headers['Permissions-Policy']).toBe(PERMISSIONS_POLICY);
    expect(entries).toContain('camera=(self)');
    for (const feature of ['microphone', 'geolocation', 'usb', 'serial', 'hid', 'payment', 'clipboard-read', 'display-capture']) expect(entries).toContain(`${feature}=()`);
    const granted = entries.filter((e) => !e.endsWith('=()'));
    expect(granted.every((e) => e === 'camera=(self)' || e === 'autoplay=(self)')).toBe(true);
  });

  it('puts the same headers on error responses', () => {
    const error = securityHeaders();
    expect(error['Content-Security-Policy']).toBe(csp);
    expect(error['Content-Type']).toBeUndefined();
  });
});
