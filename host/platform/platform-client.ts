/**
 * The host's HTTP client of the intake platform. It alone holds the terminal's credential; the
 * page never sees it. It also tracks connectivity, and can be told to behave as if the network
 * were cut (the simulator panel's switch), which fails every request as a real outage would.
 */
import type { Connectivity } from '../../common/ipc/protocol';

export class PlatformUnreachableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlatformUnreachableError';
  }
}

export interface PlatformResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

export class PlatformClient {
  private token: string | null = null;
  private networkCut = false;
  private connectivity: Connectivity = { platform: 'unknown', lastContactAt: null };
  private readonly listeners = new Set<(c: Connectivity) => void>();

  private url: string;

  constructor(
    baseUrl: string,
    private readonly options: { timeoutMs?: number; fetch?: typeof fetch } = {},
  ) {
    this.url = baseUrl;
  }

  get baseUrl(): string {
    return this.url;
  }

  /** Provisioning named another platform address: later requests go there (the token is set by the enrollment that follows). */
  setBaseUrl(url: string): void {
    this.url = url.replace(/\/+$/, '');
  }

  setToken(token: string | null): void {
    this.token = token;
  }

  get hasToken(): boolean {
    return this.token !== null;
  }

  setNetworkCut(cut: boolean): void {
    this.networkCut = cut;
    if (cut) this.markOffline('network cut (simulator)');
  }

  get isNetworkCut(): boolean {
    return this.networkCut;
  }

  currentConnectivity(): Connectivity {
    return this.connectivity;
  }

  onConnectivity(listener: (c: Connectivity) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Sends one request. Resolves with any HTTP answer; rejects with PlatformUnreachableError when there is none. */
  async request(method: string, path: string, options: { json?: unknown; body?: Uint8Array; contentType?: string; headers?: Record<string, string>; auth?: boolean } = {}): Promise<PlatformResponse> {
    if (this.networkCut) throw new PlatformUnreachableError('the network is cut');
    const headers: Record<string, string> = { accept: 'application/json, application/problem+json', ...options.headers };
    if (options.auth !== false && this.token) headers.authorization = `Bearer ${this.token}`;
    let body: string | Blob | undefined;
    if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers['content-type'] = 'application/json';
    } else if (options.body) {
      body = new Blob([new Uint8Array(options.body)]);
      headers['content-type'] = options.contentType ?? 'application/octet-stream';
    }
    const doFetch = this.options.fetch ?? fetch;
    let response: Response;
    try {
      response = await doFetch(`${this.baseUrl}${path}`, { method, headers, body, signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000) });
    } catch (error) {
      const reason = error instanceof Error ? error.name : 'network error';
      this.markOffline(reason);
      throw new PlatformUnreachableError(`no answer from the platform (${reason})`);
    }
    const text = await response.text().catch(() => '');
    // Cut while the request was in flight: the answer never arrives, as on a real outage (the write
    // may have committed; the outbox's idempotent retry takes care of that).
    if (this.networkCut) throw new PlatformUnreachableError('the network is cut');
    let parsed: unknown = null;
    if (text.length > 0) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    // Any answer means the platform is reachable, even an error; 5xx says it is unwell, not unreachable.
    if (response.status < 500) this.markOnline();
    else this.markOffline(`platform answered ${response.status}`);
    return { status: response.status, headers: response.headers, body: parsed };
  }

  private markOnline(): void {
    this.setConnectivity({ platform: 'online', lastContactAt: new Date().toISOString() });
  }

  private markOffline(reason: string): void {
    this.setConnectivity({ platform: 'offline', lastContactAt: this.connectivity.lastContactAt, reason });
  }

  private setConnectivity(next: Connectivity): void {
    const changed = next.platform !== this.connectivity.platform;
    this.connectivity = next;
    if (changed) for (const listener of this.listeners) listener(next);
  }
}
