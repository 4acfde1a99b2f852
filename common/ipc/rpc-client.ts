/**
 * The UI's end of the protocol: typed calls with replies, and typed event subscriptions. Whatever
 * arrives from the host is validated too, so a host of another version fails loudly, not subtly.
 */
import {
  HOST_EVENTS,
  HOST_METHODS,
  RpcError,
  eventEnvelopeSchema,
  isEventName,
  replyEnvelopeSchema,
  type EventName,
  type EventPayload,
  type MethodName,
  type MethodParams,
  type MethodResult,
} from './protocol';
import type { TextChannel } from './message-channel';

interface Pending {
  method: MethodName;
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

export class RpcClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<EventName, Set<(payload: never) => void>>();
  private readonly closeListeners = new Set<() => void>();
  private closed = false;

  constructor(
    private readonly channel: TextChannel,
    private readonly options: { timeoutMs?: number; onProtocolError?: (message: string) => void } = {},
  ) {
    channel.onMessage((text) => this.receive(text));
    channel.onClose(() => this.handleClose());
  }

  get isClosed(): boolean {
    return this.closed;
  }

  call<M extends MethodName>(method: M, params: MethodParams<M>, timeoutMs = this.options.timeoutMs ?? 15_000): Promise<MethodResult<M>> {
    if (this.closed) return Promise.reject(new RpcError('disconnected', 'Not connected to the device host.'));
    const id = this.nextId++;
    return new Promise<MethodResult<M>>((resolve, reject) => {
      const timer: ReturnType<typeof setTimeout> = setTimeout(() => {
        this.pending.delete(id);
        reject(new RpcError('timeout', `${method} did not answer within ${timeoutMs} ms.`));
      }, timeoutMs);
      this.pending.set(id, { method, resolve: resolve as (value: unknown) => void, reject, timer });
      this.channel.send(JSON.stringify({ kind: 'request', id, method, params }));
    });
  }

  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void {
    let set = this.listeners.get(name);
    if (!set) this.listeners.set(name, (set = new Set()));
    set.add(listener as (payload: never) => void);
    return () => set.delete(listener as (payload: never) => void);
  }

  onClose(listener: () => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  close(): void {
    this.channel.close();
  }

  private receive(text: string): void {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      this.options.onProtocolError?.('the host sent something that is not JSON');
      return;
    }
    const kind = (raw as { kind?: unknown } | null)?.kind;
    if (kind === 'reply') {
      const reply = replyEnvelopeSchema.safeParse(raw);
      if (!reply.success) return this.options.onProtocolError?.('malformed reply');
      const pending = this.pending.get(reply.data.id);
      if (!pending) return;
      this.pending.delete(reply.data.id);
      clearTimeout(pending.timer);
      if (!reply.data.ok) return pending.reject(new RpcError(reply.data.error.code, reply.data.error.message));
      const result = HOST_METHODS[pending.method].result.safeParse(reply.data.result);
      if (!result.success) return pending.reject(new RpcError('bad-message', `The host answered ${pending.method} with an unexpected shape.`));
      pending.resolve(result.data);
    } else if (kind === 'event') {
      const event = eventEnvelopeSchema.safeParse(raw);
      if (!event.success || !isEventName(event.data.name)) return this.options.onProtocolError?.('unknown event');
      const payload = HOST_EVENTS[event.data.name].safeParse(event.data.payload);
      if (!payload.success) return this.options.onProtocolError?.(`malformed ${event.data.name} event`);
      for (const listener of this.listeners.get(event.data.name) ?? []) (listener as (p: unknown) => void)(payload.data);
    } else {
      this.options.onProtocolError?.('unknown message kind');
    }
  }

  private handleClose(): void {
    if (this.closed) return;
    this.closed = true;
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.reject(new RpcError('disconnected', 'The connection to the device host closed.'));
      this.pending.delete(id);
    }
    for (const listener of this.closeListeners) listener();
  }
}
