/**
 * The host's loopback server: the built UI (browser shell), the simulator panel, and the WebSocket
 * that carries the UI protocol. It listens on 127.0.0.1 only. A WebSocket must present the
 * per-launch token (as a `kiosk-token.<hex>` subprotocol, so it never appears in a URL or a log)
 * and come from this server's own origin; anything else is refused before a message is read.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { timingSafeEqual } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { buildContentSecurityPolicy } from '../../common/security/csp';
import { MAX_MESSAGE_BYTES } from '../../common/ipc/protocol';
import type { TextChannel } from '../../common/ipc/message-channel';
import type { Logger } from '../log';

export const WEBSOCKET_PATH = '/host';
export const PROTOCOL_SUBPROTOCOL = 'kiosk.v1';
export const TOKEN_SUBPROTOCOL_PREFIX = 'kiosk-token.';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
  '.ico': 'image/x-icon',
};

export interface LoopbackServerOptions {
  port: number;
  token: string;
  /** The built UI: its assets, and the pages below. Without it only the WebSocket is served. */
  uiDir?: string;
  /** Serve the kiosk page itself (browser shell). The Electron shell serves it from app:// instead. */
  kioskPage: boolean;
  /** Serve the simulator panel page (only when simulated devices are in use). */
  simulatorPanel: boolean;
  log: Logger;
  onConnection(channel: TextChannel, label: string): void;
}

export interface LoopbackServer {
  port: number;
  close(): Promise<void>;
}

export async function startLoopbackServer(options: LoopbackServerOptions): Promise<LoopbackServer> {
  const expectedToken = Buffer.from(options.token, 'utf8');
  let port = options.port;
  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  const server: Server = createServer((request, response) => {
    void serveHttp(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500).end();
    });
  });

  async function serveHttp(request: IncomingMessage, response: ServerResponse): Promise<void> {
    // A page on another site resolving its own name to 127.0.0.1 (DNS rebinding) sends another Host.
    if (!allowedHosts().has(request.headers.host ?? '')) return void response.writeHead(421).end();
    if (request.method !== 'GET' && request.method !== 'HEAD') return void response.writeHead(405, { allow: 'GET, HEAD' }).end();
    const path = decodeSafePath(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
    if (path === null || !options.uiDir) return void response.writeHead(404).end();
    let file: string;
    if (path === '/' || path === '/index.html') {
      if (!options.kioskPage) return void response.writeHead(404).end();
      file = 'index.html';
    }
    else if (path === '/simulator/' || path === '/simulator' || path === '/simulator.html') {
      if (!options.simulatorPanel) return void response.writeHead(404).end();
      file = 'simulator.html';
    } else if (/^\/(assets|resources)\//.test(path)) file = path.slice(1);
    else return void response.writeHead(404).end();
    let body: Buffer;
    try {
      body = await readFile(join(options.uiDir, ...file.split('/')));
    } catch {
      return void response.writeHead(404).end();
    }
    response.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': body.length,
      'content-security-policy': buildContentSecurityPolicy({ connectSources: [`ws://127.0.0.1:${port}`] }),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
      'permissions-policy': 'camera=(self), microphone=(), geolocation=(), usb=(), serial=(), hid=(), payment=()',
      'cache-control': file.endsWith('.html') ? 'no-store' : 'public, max-age=31536000, immutable',
    });
    response.end(request.method === 'HEAD' ? undefined : body);
  }

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    handleProtocols: (protocols) => (protocols.has(PROTOCOL_SUBPROTOCOL) ? PROTOCOL_SUBPROTOCOL : false),
  });

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refuse = (status: number, why: string) => {
      options.log.warn('refused a WebSocket connection', { why });
      socket.end(`HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : 'Forbidden'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    if (path !== WEBSOCKET_PATH) return refuse(403, 'wrong path');
    if (!allowedHosts().has(request.headers.host ?? '')) return refuse(403, 'foreign Host header');
    const origin = request.headers.origin;
    if (origin !== undefined && !allowedHosts().has(origin.replace(/^http:\/\//, ''))) return refuse(403, 'foreign origin');
    const offered = (request.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
    const presented = offered.find((p) => p.startsWith(TOKEN_SUBPROTOCOL_PREFIX))?.slice(TOKEN_SUBPROTOCOL_PREFIX.length);
    if (!presented || !tokensEqual(Buffer.from(presented, 'utf8'), expectedToken)) return refuse(401, 'missing or wrong token');
    if (!offered.includes(PROTOCOL_SUBPROTOCOL)) return refuse(403, 'protocol not offered');
    wss.handleUpgrade(request, socket, head, (ws) => options.onConnection(webSocketChannel(ws), `websocket:${request.socket.remotePort ?? '?'}`));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as { port: number }).port;

  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function tokensEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Decodes and normalises a URL path; null if it tries to leave the served folder or is malformed. */
export function decodeSafePath(pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\') || decoded.split('/').includes('..')) return null;
  const normalised = normalize(decoded).split(sep).join('/');
  return normalised.startsWith('/') ? normalised : null;
}

function webSocketChannel(ws: WebSocket): TextChannel {
  return {
    send: (text) => {
      if (ws.readyState === ws.OPEN) ws.send(text);
    },
    onMessage: (listener) => {
      const handler = (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
        if (isBinary) return listener('\u0000binary');
        listener(Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as Buffer).toString('utf8'));
      };
      ws.on('message', handler);
      return () => ws.off('message', handler);
    },
    onClose: (listener) => {
      ws.on('close', listener);
      return () => ws.off('close', listener);
    },
    close: () => ws.close(),
  };
}
