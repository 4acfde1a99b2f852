/**
 * The page's link to the device host, whichever shell it runs in, kept up on its own: when the
 * host dies and is restarted, the page reconnects without a reload and says so calmly meanwhile.
 */
import { RpcClient } from '../../../common/ipc/rpc-client';
import { PROTOCOL_VERSION, type MethodResult } from '../../../common/ipc/protocol';
import type { TextChannel } from '../../../common/ipc/message-channel';
import { electronBridge, openElectronPortChannel } from './electron-port-channel';
import { openWebSocketChannel } from './websocket-channel';

export type HostLinkState =
  | { status: 'connecting'; attempt: number }
  | { status: 'connected'; client: RpcClient; hello: MethodResult<'host.hello'>; connectionNumber: number }
  | { status: 'no-token' };

const TOKEN_KEY = 'kiosk.host-token';

/**
 * The browser shell opens the page at `/#token=…`. The token is moved to sessionStorage (so a
 * reload after a renderer crash still connects) and removed from the address.
 */
export function takeHostToken(): string | null {
  const match = /(?:^#|&)token=([0-9a-f]{32,128})(?:&|$)/.exec(window.location.hash);
  if (match?.[1]) {
    sessionStorage.setItem(TOKEN_KEY, match[1]);
    history.replaceState(null, '', window.location.pathname + window.location.search);
    return match[1];
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

export class HostLink {
  private state: HostLinkState = { status: 'connecting', attempt: 0 };
  private readonly listeners = new Set<() => void>();
  private readonly clientListeners = new Set<(client: RpcClient) => void>();
  private stopped = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private connections = 0;

  constructor(private readonly clientKind: 'kiosk-ui' | 'simulator-panel') {}

  getState = (): HostLinkState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Runs `listener` with every new connection (to subscribe to events again after a reconnect). */
  onConnected(listener: (client: RpcClient) => void): () => void {
    this.clientListeners.add(listener);
    if (this.state.status === 'connected') listener(this.state.client);
    return () => this.clientListeners.delete(listener);
  }

  start(): void {
    void this.attempt(1);
  }

  stop(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.state.status === 'connected') this.state.client.close();
  }

  private async openChannel(): Promise<TextChannel | 'no-token'> {
    const bridge = electronBridge();
    if (bridge) return openElectronPortChannel(bridge);
    const token = takeHostToken();
    if (!token) return 'no-token';
    return openWebSocketChannel(`ws://${window.location.host}/host`, token);
  }

  private async attempt(attempt: number): Promise<void> {
    if (this.stopped) return;
    this.setState({ status: 'connecting', attempt });
    try {
      const channel = await this.openChannel();
      if (channel === 'no-token') return this.setState({ status: 'no-token' });
      const client = new RpcClient(channel, { onProtocolError: (message) => console.warn(`host protocol: ${message}`) });
      const hello = await client.call('host.hello', { client: this.clientKind, protocolVersion: PROTOCOL_VERSION });
      client.onClose(() => this.scheduleRetry(1));
      this.connections += 1;
      this.setState({ status: 'connected', client, hello, connectionNumber: this.connections });
      for (const listener of this.clientListeners) listener(client);
    } catch {
      this.scheduleRetry(attempt + 1);
    }
  }

  private scheduleRetry(attempt: number): void {
    if (this.stopped) return;
    if (this.state.status !== 'connecting') this.setState({ status: 'connecting', attempt });
    // Quick at first (a host restart takes well under a second), then at most every 5 s.
    const delay = Math.min(5000, 200 * 2 ** Math.min(attempt - 1, 5));
    this.retryTimer = setTimeout(() => void this.attempt(attempt), delay);
  }

  private setState(next: HostLinkState): void {
    this.state = next;
    for (const listener of this.listeners) listener();
  }
}
