/**
 * The Content-Security-Policy of every page the kiosk serves (the UI and the simulator panel), in
 * both shells. No eval, no inline or remote script, nothing loaded from anywhere but the app itself.
 * Sent as a response header (the app:// protocol in Electron, the loopback HTTP server in the
 * browser shell), never as a meta tag, so a page cannot weaken it.
 */
export interface CspOptions {
  /** Extra connect-src sources, e.g. the loopback WebSocket of the device host (`ws://127.0.0.1:PORT`). */
  connectSources?: readonly string[];
}

export function buildContentSecurityPolicy(options: CspOptions = {}): string {
  const connect = ["'self'", ...(options.connectSources ?? [])];
  const directives: Record<string, string[]> = {
    'default-src': ["'none'"],
    'script-src': ["'self'"],
    // Camera decoding runs in a Web Worker loaded from the app itself.
    'worker-src': ["'self'"],
    'style-src': ["'self'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'media-src': ["'self'", 'blob:'],
    'font-src': ["'self'"],
    'connect-src': connect,
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-ancestors': ["'none'"],
    'frame-src': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
}
