/**
 * Where the kiosk window may go: nowhere but the app itself. Every decision compares PARSED origins
 * (scheme, host, no userinfo, no port), never string prefixes: `app://kiosk.evil/` and
 * `app://kiosk@evil/` are other places. Pure; main.ts wires it to will-navigate, will-redirect,
 * will-frame-navigate, setWindowOpenHandler and webRequest. Nothing here ever hands a URL to the OS
 * (no external browser, no mail client).
 */

export const APP_SCHEME = 'app';
export const APP_HOST = 'kiosk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The one page the window ever loads. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

function parse(url: string): URL | undefined {
  if (typeof url !== 'string' || url.length === 0 || url.length > 8192) return undefined;
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/** True for `app://kiosk` and `app://kiosk/…` and nothing else (no userinfo, no port, exact host). */
export function isAppUrl(url: string): boolean {
  const parsed = parse(url);
  return (
    parsed !== undefined &&
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.hostname === APP_HOST &&
    parsed.host === APP_HOST &&
    parsed.username === '' &&
    parsed.password === '' &&
    parsed.port === ''
  );
}

/** An origin string as Chromium reports it (`app://kiosk`, sometimes with a trailing slash). */
export function isAppOrigin(origin: string): boolean {
  const parsed = parse(origin);
  return parsed !== undefined && isAppUrl(origin) && (parsed.pathname === '' || parsed.pathname === '/') && parsed.search === '' && parsed.hash === '';
}

export type NavigationDecision = 'allow' | 'deny';

/** will-navigate / will-redirect / will-frame-navigate of the main frame: only within the app. */
export function navigationDecision(url: string): NavigationDecision {
  return isAppUrl(url) ? 'allow' : 'deny';
}

/**
 * will-frame-navigate: the main frame may move within the app; sub-frames may not load anything
 * (the CSP says frame-src 'none' too; this is the second lock).
 */
export function frameNavigationDecision(url: string, isMainFrame: boolean): NavigationDecision {
  if (!isMainFrame) return 'deny';
  return navigationDecision(url);
}

/** setWindowOpenHandler: never a second window, never the system browser. */
export function windowOpenDecision(): { action: 'deny' } {
  return { action: 'deny' };
}

/**
 * Sub-resource requests seen by session.webRequest: the app's own scheme and in-memory data only.
 * No http(s), ws(s), file or ftp: the kiosk runs offline and talks to the device host over a
 * MessagePort, and the intake platform is reached by the host, not the page.
 */
export function requestDecision(url: string): NavigationDecision {
  if (isAppUrl(url)) return 'allow';
  const parsed = parse(url);
  if (parsed === undefined) return 'deny';
  if (parsed.protocol === 'data:' || parsed.protocol === 'blob:') return 'allow';
  // Chromium-internal resources such as the built-in error pages.
  if (parsed.protocol === 'chrome-error:') return 'allow';
  return 'deny';
}

/** What may be logged about a URL: the scheme and host only, never a path or query (they may hold personal data). */
export function urlForLog(url: string): string {
  const parsed = parse(url);
  if (parsed === undefined) return '<unparseable>';
  if (parsed.host === '') return parsed.protocol;
  return `${parsed.protocol}//${parsed.host}`;
}
