/** The loopback WebSocket: 127.0.0.1 only, the launch token required, foreign origins refused. */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { startLoopbackServer, decodeSafePath, type LoopbackServer } from '../../../host/server/loopback-server';
import { RpcServer } from '../../../common/ipc/rpc-server';
import { createLogger } from '../../../host/log';

const TOKEN = 'a1'.repeat(32);
let server: LoopbackServer | undefined;
const logLines: string[] = [];

async function start(options: { uiDir?: string } = {}) {
  const rpc = new RpcServer({ 'devices.list': () => [] }, { warn: () => undefined });
  server = await startLoopbackServer({
    port: 0,
    token: TOKEN,
    uiDir: options.uiDir,
    simulatorPanel: true,
    kioskPage: true,
    log: createLogger('test', 'info', (line) => logLines.push(line)),
    onConnection: (channel, label) => rpc.connect(channel, label),
  });
  return server;
}

afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Resolves 'open' or the HTTP status the server refused the upgrade with. */
function connect(port: number, protocols: string[], headers: Record<string, string> = {}): Promise<{ outcome: 'open' | number; socket?: WebSocket }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/host`, protocols, { headers });
    socket.once('open', () => resolve({ outcome: 'open', socket }));
    socket.once('unexpected-response', (_req, res) => resolve({ outcome: res.statusCode ?? 0 }));
    socket.once('error', () => resolve({ outcome: 0 }));
  });
}

describe('loopback server', () => {
  it('listens on 127.0.0.1 only', async () => {
    const { port } = await start();
    expect(port).toBeGreaterThan(0);
    const address = (await import('node:net')).connect({ host: '127.0.0.1', port });
    await new Promise((resolve) => address.once('connect', resolve));
    address.destroy();
  });

  it('refuses a WebSocket without the token, or with a wrong one, and logs why', async () => {
    const { port } = await start();
    expect((await connect(port, ['kiosk.v1'])).outcome).toBe(401);
    expect((await connect(port, ['kiosk.v1', `kiosk-token.${'b2'.repeat(32)}`])).outcome).toBe(401);
    expect((await connect(port, ['kiosk.v1', 'kiosk-token.short'])).outcome).toBe(401);
    expect(logLines.filter((l) => l.includes('missing or wrong token'))).toHaveLength(3);
    expect(logLines.join('\n')).not.toContain(TOKEN);
  });

  it('accepts the token and carries the protocol', async () => {
    const { port } = await start();
    const { outcome, socket } = await connect(port, ['kiosk.v1', `kiosk-token.${TOKEN}`]);
    expect(outcome).toBe('open');
    const reply = new Promise((resolve) => socket!.once('message', (data) => resolve(JSON.parse(String(data)))));
    socket!.send(JSON.stringify({ kind: 'request', id: 1, method: 'devices.list', params: {} }));
    await expect(reply).resolves.toEqual({ kind: 'reply', id: 1, ok: true, result: [] });
    socket!.close();
  });

  it('refuses foreign origins and foreign Host headers even with the token', async () => {
    const { port } = await start();
    expect((await connect(port, ['kiosk.v1', `kiosk-token.${TOKEN}`], { origin: 'http://evil.example' })).outcome).toBe(403);
    expect((await connect(port, ['kiosk.v1', `kiosk-token.${TOKEN}`], { host: `evil.example:${port}` })).outcome).toBe(403);
  });

  it('serves the UI with the CSP header and refuses paths outside it', async () => {
    const uiDir = mkdtempSync(join(tmpdir(), 'kiosk-ui-'));
    mkdirSync(join(uiDir, 'assets'));
    writeFileSync(join(uiDir, 'index.html'), '<!doctype html><title>kiosk</title>');
    writeFileSync(join(uiDir, 'simulator.html'), '<!doctype html><title>sim</title>');
    writeFileSync(join(uiDir, 'assets', 'app.js'), 'console.log(1)');
    const { port } = await start({ uiDir });
    const index = await fetch(`http://127.0.0.1:${port}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect((await fetch(`http://127.0.0.1:${port}/assets/app.js`)).headers.get('content-type')).toContain('javascript');
    expect((await fetch(`http://127.0.0.1:${port}/simulator/`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/assets/%2e%2e/%2e%2e/etc/passwd`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${port}/package.json`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${port}/`, { method: 'POST' })).status).toBe(405);
  });

  it('normalises paths and rejects traversal', () => {
    expect(decodeSafePath('/assets/app.js')).toBe('/assets/app.js');
    expect(decodeSafePath('/assets/../../etc/passwd')).toBe(null);
    expect(decodeSafePath('/assets/%2e%2e/x')).toBe(null);
    expect(decodeSafePath('/a%5cb')).toBe(null);
    expect(decodeSafePath('/a%00b')).toBe(null);
    expect(decodeSafePath('/%E0%A4%A')).toBe(null);
  });
});
