import { describe, expect, it } from 'vitest';
import {
  APP_ENTRY_URL,
  frameNavigationDecision,
  isAppOrigin,
  isAppUrl,
  navigationDecision,
  requestDecision,
  urlForLog,
  windowOpenDecision,
} from '../../../electron/policy/navigation';

describe('app URL allow-list', () => {
  it.each(['app://kiosk', 'app://kiosk/', 'app://kiosk/index.html', 'app://kiosk/assets/index-abc.js?x=1#top', APP_ENTRY_URL])('allows %s', (url) => {
    expect(isAppUrl(url)).toBe(true);
    expect(navigationDecision(url)).toBe('allow');
  });

  it.each([
    'app://kiosk.evil/',
    'app://kiosk.evil.com/index.html',
    'app://evilkiosk/',
    'app://kiosk@evil/',
    'app://evil@kiosk/',
    'app://user:pw@kiosk/',
    'app://kiosk:8080/',
    'app://ki%6fsk/',
    'app:kiosk/index.html',
    'app:///kiosk/index.html',
    'apps://kiosk/',
    'https://kiosk/',
    'http://app.kiosk/',
    'https://example.com/?next=app://kiosk/',
    'file:///etc/passwd',
    'file://kiosk/index.html',
    'javascript:alert(1)',
    'data:text/html,<script>1</script>',
    'about:blank',
    'chrome://settings',
    'devtools://devtools/bundled/inspector.html',
    'ws://127.0.0.1:8080/',
    '',
    'not a url',
    ' app://kiosk.evil/',
  ])('denies %s', (url) => {
    expect(isAppUrl(url)).toBe(false);
    expect(navigationDecision(url)).toBe('deny');
  });

  it('does not accept a string prefix as an origin', () => {
    expect(isAppUrl('app://kiosk.attacker.com/index.html')).toBe(false);
    expect(isAppUrl('app://kiosk%2eevil/')).toBe(false);
  });

  it('recognises the origin as Chromium reports it', () => {
    expect(isAppOrigin('app://kiosk')).toBe(true);
    expect(isAppOrigin('app://kiosk/')).toBe(true);
    expect(isAppOrigin('app://kiosk/index.html')).toBe(false);
    expect(isAppOrigin('app://kiosk.evil')).toBe(false);
    expect(isAppOrigin('null')).toBe(false);
  });

  it('lets sub-frames load nothing and the main frame only the app', () => {
    expect(frameNavigationDecision('app://kiosk/index.html', true)).toBe('allow');
    expect(frameNavigationDecision('app://kiosk/index.html', false)).toBe('deny');
    expect(frameNavigationDecision('https://example.com/', true)).toBe('deny');
  });

  it('denies every window.open', () => {
    expect(windowOpenDecision()).toEqual({ action: 'deny' });
  });

  it('lets sub-resources come from the app and memory only', () => {
    expect(requestDecision('app://kiosk/assets/a.js')).toBe('allow');
    expect(requestDecision('data:image/png;base64,AAAA')).toBe('allow');
    expect(requestDecision('blob:app://kiosk/1234-5678')).toBe('allow');
    for (const url of ['https://cdn.example.com/x.js', 'http://127.0.0.1:8080/', 'ws://127.0.0.1:1/', 'wss://x/', 'file:///etc/passwd', 'ftp://x/', 'app://kiosk.evil/x.js', 'garbage']) {
      expect(requestDecision(url)).toBe('deny');
    }
  });

  it('logs the origin only, never a path or query', () => {
    expect(urlForLog('https://evil.example/path?id=110105194912310021')).toBe('https://evil.example');
    expect(urlForLog('app://kiosk/form?name=%E5%BC%A0%E4%B8%89')).toBe('app://kiosk');
    expect(urlForLog('javascript:alert(document.cookie)')).toBe('javascript:');
    expect(urlForLog('%%%')).toBe('<unparseable>');
  });
});
