/**
 * The host's end of the Electron utilityProcess's parentPort, with a fake port: the master key
 * main sends first, and the page ports that may arrive while the host is still opening.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { randomBytes } from 'node:crypto';
import { HOST_CONNECT_MESSAGE, HOST_MASTER_KEY_MESSAGE } from '../../../common/ipc/electron-bridge';
import { keyringToHandOff, singleKeyring } from '../../../host/outbox/master-key';
import { MasterKeyHandOffError, openElectronParentPort, type ParentPortLike, type PortLike } from '../../../host/transports/electron-parent-port';

type MessageListener = (event: { data: unknown; ports: PortLike[] }) => void;

class FakeParentPort implements ParentPortLike {
  readonly listeners: MessageListener[] = [];
  on(_event: 'message', listener: MessageListener): void {
    this.listeners.push(listener);
  }
  send(data: unknown, ports: PortLike[] = []): void {
    for (const listener of this.listeners) listener({ data, ports });
  }
}

class FakePort implements PortLike {
  readonly sent: unknown[] = [];
  started = false;
  private readonly handlers = new Map<string, ((event: { data: unknown }) => void)[]>();
  postMessage(message: unknown): void {
    this.sent.push(message);
  }
  on(event: 'message' | 'close', listener: ((event: { data: unknown }) => void) | (() => void)): void {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), listener as (event: { data: unknown }) => void]);
  }
  start(): void {
    this.started = true;
  }
  close(): void {
    for (const listener of this.handlers.get('close') ?? []) listener({ data: undefined });
  }
  deliver(data: unknown): void {
    for (const listener of this.handlers.get('message') ?? []) listener({ data });
  }
}

afterEach(() => {
  vi.useRealTimers();
});

describe('the host end of the Electron parentPort', () => {
  it('is absent outside a utilityProcess', () => {
    expect(openElectronParentPort(undefined)).toBeNull();
  });

  it('receives the master key main sends, whether it arrives before or after the host asks', async () => {
    const ring = singleKeyring(randomBytes(32));
    const early = new FakeParentPort();
    const earlyEnd = openElectronParentPort(early)!;
    early.send(keyringToHandOff(ring));
    expect(await earlyEnd.masterKey()).toEqual(ring);

    const late = new FakeParentPort();
    const lateEnd = openElectronParentPort(late)!;
    const waiting = lateEnd.masterKey();
    late.send(keyringToHandOff(ring));
    expect(await waiting).toEqual(ring);
    // One listener, attached at once (parentPort queues only until the first one).
    expect(late.listeners).toHaveLength(1);
  });

  it('keeps the first key of a start; a second message changes nothing', async () => {
    const port = new FakeParentPort();
    const end = openElectronParentPort(port)!;
    const first = singleKeyring(randomBytes(32));
    port.send(keyringToHandOff(first));
    port.send(keyringToHandOff(singleKeyring(randomBytes(32))));
    expect(await end.masterKey()).toEqual(first);
  });

  it('rejects a key message that is not a valid key, without quoting it', async () => {
    const port = new FakeParentPort();
    const end = openElectronParentPort(port)!;
    const bad = { type: HOST_MASTER_KEY_MESSAGE, key: randomBytes(20).toString('base64') };
    const waiting = end.masterKey();
    port.send(bad);
    const error = await waiting.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MasterKeyHandOffError);
    expect((error as Error).message).not.toContain(bad.key);
  });

  it('gives up after the timeout with a clear message', async () => {
    vi.useFakeTimers();
    const end = openElectronParentPort(new FakeParentPort())!;
    const waiting = end.masterKey();
    const outcome = waiting.catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(9_999);
    let settled = false;
    void waiting.catch(() => undefined).finally(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const error = await outcome;
    expect(error).toBeInstanceOf(MasterKeyHandOffError);
    expect((error as Error).message).toMatch(/KIOSK_MASTER_KEY_SOURCE=parent.*none arrived within 10 s/);
  });

  it('keeps page ports that arrive while the host is opening, and hands them over when it listens', () => {
    const parent = new FakeParentPort();
    const end = openElectronParentPort(parent)!;
    parent.send(keyringToHandOff(singleKeyring(randomBytes(32))));
    const early = new FakePort();
    parent.send({ type: HOST_CONNECT_MESSAGE }, [early]);
    parent.send({ type: 'something-else' }, [new FakePort()]);
    expect(early.started).toBe(false);

    const labels: string[] = [];
    const received: string[] = [];
    end.listen((channel, label) => {
      labels.push(label);
      channel.onMessage((text) => received.push(text));
      channel.send('hello page');
    });
    expect(labels).toEqual(['electron-port:1']);
    expect(early.started).toBe(true);
    early.deliver('{"id":1}');
    expect(received).toEqual(['{"id":1}']);
    expect(early.sent).toEqual(['hello page']);

    const later = new FakePort();
    parent.send({ type: HOST_CONNECT_MESSAGE }, [later]);
    expect(labels).toEqual(['electron-port:1', 'electron-port:2']);
    expect(later.started).toBe(true);
  });
});
