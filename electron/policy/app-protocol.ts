/**
 * The `app://kiosk/<path>` scheme that serves the built UI (dist/renderer) instead of the file: scheme, with
 * the security headers on every response. Pure: it maps a request to a relative file path (or an
 * error status) and builds headers; main.ts reads the file. Only the UI's index.html and its assets
 * are served: the simulator page of the browser shell is not, and nothing outside the root is.
 */
import path from 'node:path';
import { buildContentSecurityPolicy } from '../../common/security/csp';
import { APP_HOST, APP_SCHEME } from './navigation';

export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.wav': 'audio/wav',
  '.txt': 'text/plain; charset=utf-8',
};

/** Pages of the renderer build that must never be served by the Electron shell. */
const NOT_SERVED = new Set(['simulator.html']);

export type AppRequestResolution =
  | { kind: 'file'; relativePath: string; contentType: string; headOnly: boolean }
  | { kind: 'error'; status: 400 | 403 | 404 | 405 };

/** Maps a request on the app scheme to a file under the renderer root, or an error status. */
export function resolveAppRequest(method: string, rawUrl: string): AppRequestResolution {
  const upper = method.toUpperCase();
  if (upper !== 'GET' && upper !== 'HEAD') return { kind: 'error', status: 405 };
  // Look at the raw text first: the URL parser would silently resolve `..` and `%2e%2e`.
  if (/[\\\0]|%5c|%00|%2f/i.test(rawUrl)) return { kind: 'error', status: 403 };
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return { kind: 'error', status: 400 };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST || url.username !== '' || url.password !== '') {
    return { kind: 'error', status: 403 };
  }
  const rawPath = rawPathOf(rawUrl);
  if (rawPath === undefined) return { kind: 'error', status: 400 };
  const segments = rawPath.split('/').slice(1);
  const decoded: string[] = [];
  for (const segment of segments) {
    let part: string;
    try {
      part = decodeURIComponent(segment);
    } catch {
      return { kind: 'error', status: 400 };
    }
    if (part === '.' || part === '..' || part.includes('/') || part.includes('\\') || part.includes('\0') || part.includes(':')) {
      return { kind: 'error', status: 403 };
    }
    decoded.push(part);
  }
  // `/` and `/index.html` are the page; an empty segment anywhere else (`//x`, `a//b`) is refused.
  const isRoot = decoded.length === 1 && decoded[0] === '';
  if (!isRoot && decoded.some((part) => part === '')) return { kind: 'error', status: 404 };
  const relativePath = isRoot ? 'index.html' : decoded.join('/');
  if (decoded.some((part) => part.startsWith('.'))) return { kind: 'error', status: 404 };
  if (NOT_SERVED.has(relativePath)) return { kind: 'error', status: 404 };
  const contentType = CONTENT_TYPES[path.posix.extname(relativePath).toLowerCase()];
  if (contentType === undefined) return { kind: 'error', status: 404 };
  return { kind: 'file', relativePath, contentType, headOnly: upper === 'HEAD' };
}

/** The path of an absolute URL as written, before the URL parser normalises it (no query, no fragment). */
function rawPathOf(rawUrl: string): string | undefined {
  const match = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*(\/[^?#]*)?/.exec(rawUrl);
  if (!match) return undefined;
  return match[1] ?? '/';
}

/**
 * The absolute file for a resolved relative path, or undefined if it would leave the root (a second
 * check after the segment rules above; uses the platform's separators).
 */
export function fileUnderRoot(root: string, relativePath: string, pathApi: Pick<typeof path, 'resolve' | 'sep' | 'isAbsolute'> = path): string | undefined {
  if (pathApi.isAbsolute(relativePath) || path.posix.isAbsolute(relativePath) || path.win32.isAbsolute(relativePath)) return undefined;
  const resolvedRoot = pathApi.resolve(root);
  const file = pathApi.resolve(resolvedRoot, ...relativePath.split('/'));
  return file.startsWith(resolvedRoot + pathApi.sep) ? file : undefined;
}

/** Permissions-Policy: the camera for the app itself, every other powerful feature for nobody. */
export const PERMISSIONS_POLICY = [
  'camera=(self)',
  'microphone=()',
  'geolocation=()',
  'display-capture=()',
  'clipboard-read=()',
  'clipboard-write=()',
  'usb=()',
  'serial=()',
  'hid=()',
  'bluetooth=()',
  'midi=()',
  'payment=()',
  'publickey-credentials-get=()',
  'screen-wake-lock=()',
  'idle-detection=()',
  'fullscreen=()',
  'accelerometer=()',
  'gyroscope=()',
  'magnetometer=()',
  'autoplay=(self)',
].join(', ');

/** The headers of every app:// response, errors included. */
export function securityHeaders(contentType?: string): Record<string, string> {
  const headers: Record<string, string> = {
    'Content-Security-Policy': buildContentSecurityPolicy(),
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Referrer-Policy': 'no-referrer',
    'Permissions-Policy': PERMISSIONS_POLICY,
    'Cache-Control': 'no-cache',
  };
  if (contentType !== undefined) headers['Content-Type'] = contentType;
  return headers;
}
