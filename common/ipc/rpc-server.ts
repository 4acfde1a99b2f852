/**
 * The host's end of the protocol, independent of the transport: validates every incoming message,
 * dispatches requests to handlers, and broadcasts events to every connected client.
 */
import {
  HOST_EVENTS,
  HOST_METHODS,
  MAX_MESSAGE_BYTES,
  RpcError,
  describeIssues,
  isMethodName,
  requestEnvelopeSchema,
  type EventName,
  type EventPayload,
  type MethodName,
  type MethodParamsParsed,
  type MethodResult,
  type ReplyEnvelope,
} from './protocol';
import type { TextChannel } from './message-channel';

export type MethodHandlers = {
  [M in MethodName]?: (params: MethodParamsParsed<M>) => Promise<MethodResult<M>> | MethodResult<M>;
};

/** Where the server reports rejected messages. Messages are described, never quoted: they may hold personal data. */
export interface RpcServerLog {
  warn(message: string): void;
}

export class RpcServer {
  private readonly connections = new Set<TextChannel>();

  constructor(
    private readonly handlers: MethodHandlers,
    private readonly log: RpcServerLog,
  ) {}

  get connectionCount(): number {
    return this.connections.size;
  }

  /** Serves one client until its channel closes. */
  connect(channel: TextChannel, label: string): void {
    this.connections.add(channel);
    channel.onClose(() => this.connections.delete(channel));
    channel.onMessage((text) => {
      void this.handle(channel, label, text);
    });
  }

  /** Sends an event to every client, after checking it against its schema (a host bug must not reach the UI). */
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    const checked = HOST_EVENTS[name].safeParse(payload);
    if (!checked.success) {
      this.log.warn(`not emitting malformed ${name} event: ${describeIssues(checked.error)}`);
      return;
    }
    const text = JSON.stringify({ kind: 'event', name, payload: checked.data });
    for (const channel of this.connections) channel.send(text);
  }

  closeAll(): void {
    for (const channel of [...this.connections]) channel.close();
  }

  private async handle(channel: TextChannel, label: string, text: string): Promise<void> {
    if (typeof text !== 'string' || text.length > MAX_MESSAGE_BYTES) {
      this.log.warn(`rejected a message from ${label}: not text or larger than ${MAX_MESSAGE_BYTES} bytes`);
      return;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      this.log.warn(`rejected a message from ${label}: not JSON`);
      return;
    }
    const envelope = requestEnvelopeSchema.safeParse(raw);
    if (!envelope.success) {
      this.log.warn(`rejected a message from ${label}: bad envelope (${describeIssues(envelope.error)})`);
      const id = (raw as { id?: unknown } | null)?.id;
      if (typeof id === 'number' && Number.isInteger(id)) {
        this.reply(channel, { kind: 'reply', id, ok: false, error: { code: 'bad-message', message: 'The message is not a valid request.' } });
      }
      return;
    }
    const { id, method, params } = envelope.data;
    if (!isMethodName(method) || this.handlers[method] === undefined) {
      this.log.warn(`rejected a request from ${label}: unknown method ${JSON.stringify(method.slice(0, 100))}`);
      this.reply(channel, { kind: 'reply', id, ok: false, error: { code: 'unknown-method', message: `Unknown method ${method}.` } });
      return;
    }
    const parsed = HOST_METHODS[method].params.safeParse(params);
    if (!parsed.success) {
      this.log.warn(`rejected ${method} from ${label}: invalid params (${describeIssues(parsed.error)})`);
      this.reply(channel, { kind: 'reply', id, ok: false, error: { code: 'invalid-params', message: `Invalid parameters for ${method}: ${describeIssues(parsed.error)}` } });
      return;
    }
    try {
      const handler = this.handlers[method] as (p: unknown) => unknown;
      const result = await handler(parsed.data);
      this.reply(channel, { kind: 'reply', id, ok: true, result });
    } catch (error) {
      const code = error instanceof RpcError ? error.code : 'failed';
      const message = error instanceof Error ? error.message : 'The host could not complete the request.';
      this.log.warn(`${method} from ${label} failed: ${code}`);
      this.reply(channel, { kind: 'reply', id, ok: false, error: { code, message } });
    }
  }

  private reply(channel: TextChannel, reply: ReplyEnvelope): void {
    channel.send(JSON.stringify(reply));
  }
}
