import { describe, expect, it, vi } from 'vitest';
import { createTextChannelPair } from '../../../common/ipc/message-channel';
import { RpcClient } from '../../../common/ipc/rpc-client';
import { RpcServer } from '../../../common/ipc/rpc-server';
import { RpcError } from '../../../common/ipc/protocol';
import type { DeviceStatus } from '../../../common/devices/status';

const readyPrinter: DeviceStatus = { role: 'receipt-printer', state: 'ready', warnings: [], model: 'sim', connection: 'simulator', simulated: true, since: '2026-11-22T00:00:00.000Z' };

function setup(handlers: ConstructorParameters<typeof RpcServer>[0] = { 'devices.list': () => [readyPrinter] }) {
  const warnings: string[] = [];
  const server = new RpcServer(handlers, { warn: (m) => warnings.push(m) });
  const [hostEnd, uiEnd] = createTextChannelPair();
  server.connect(hostEnd, 'test');
  const client = new RpcClient(uiEnd, { timeoutMs: 1000 });
  return { server, client, uiEnd, warnings };
}

/** Sends raw text as a client would and resolves with the host's next message. */
function rawExchange(uiEnd: ReturnType<typeof createTextChannelPair>[1], text: string): Promise<unknown> {
  return new Promise((resolve) => {
    const off = uiEnd.onMessage((reply) => {
      off();
      resolve(JSON.parse(reply));
    });
    uiEnd.send(text);
  });
}

describe('the UI–host protocol', () => {
  it('answers a typed request with a validated result', async () => {
    const { client } = setup();
    await expect(client.call('devices.list', {})).resolves.toEqual([readyPrinter]);
  });

  it('rejects and logs parameters of the wrong shape, without calling the handler', async () => {
    const handler = vi.fn(() => [readyPrinter]);
    const { uiEnd, warnings } = setup({ 'devices.list': handler });
    const reply = await rawExchange(uiEnd, JSON.stringify({ kind: 'request', id: 3, method: 'devices.list', params: { extra: 1 } }));
    expect(reply).toMatchObject({ kind: 'reply', id: 3, ok: false, error: { code: 'invalid-params' } });
    expect(handler).not.toHaveBeenCalled();
    expect(warnings.join('\n')).toMatch(/rejected devices\.list .*invalid params/);
  });

  it('rejects unknown methods, bad envelopes and non-JSON, logging each without its content', async () => {
    const { uiEnd, warnings } = setup();
    await expect(rawExchange(uiEnd, JSON.stringify({ kind: 'request', id: 4, method: 'shell.exec', params: {} }))).resolves.toMatchObject({ id: 4, ok: false, error: { code: 'unknown-method' } });
    await expect(rawExchange(uiEnd, JSON.stringify({ kind: 'request', id: 5, method: 'devices.list', params: {}, sneaky: '张三 440106199001011234' }))).resolves.toMatchObject({ id: 5, ok: false, error: { code: 'bad-message' } });
    uiEnd.send('{not json');
    await expect(rawExchange(uiEnd, JSON.stringify({ kind: 'request', id: 6, method: 'devices.list', params: {} }))).resolves.toMatchObject({ id: 6, ok: true });
    expect(warnings).toHaveLength(3);
    expect(warnings.join('\n')).not.toContain('张三');
    expect(warnings.join('\n')).not.toContain('440106199001011234');
  });

  it('reports handler failures as errors, with RpcError codes kept', async () => {
    const { client } = setup({
      'devices.list': () => {
        throw new RpcError('unavailable', 'no devices here');
      },
    });
    await expect(client.call('devices.list', {})).rejects.toMatchObject({ code: 'unavailable', message: 'no devices here' });
  });

  it('delivers validated events and refuses to emit malformed ones', async () => {
    const { server, client, warnings } = setup();
    const received = new Promise((resolve) => client.on('device.status', resolve));
    server.emit('device.status', { ...readyPrinter, state: 'busy' });
    await expect(received).resolves.toMatchObject({ role: 'receipt-printer', state: 'busy' });
    server.emit('device.status', { ...readyPrinter, state: 'exploded' } as unknown as DeviceStatus);
    expect(warnings.join('\n')).toMatch(/not emitting malformed device\.status/);
  });

  it('fails pending calls when the connection closes', async () => {
    const { client, uiEnd } = setup({ 'devices.list': () => new Promise(() => undefined) });
    const pending = client.call('devices.list', {});
    uiEnd.close();
    await expect(pending).rejects.toMatchObject({ code: 'disconnected' });
    await expect(client.call('devices.list', {})).rejects.toMatchObject({ code: 'disconnected' });
  });

  it('rejects a reply whose result does not match the method', async () => {
    const { client } = setup({ 'devices.list': () => [{ role: 'toaster' }] as unknown as DeviceStatus[] });
    await expect(client.call('devices.list', {})).rejects.toMatchObject({ code: 'bad-message' });
  });
});
