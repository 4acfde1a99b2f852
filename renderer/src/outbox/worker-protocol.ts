/** Messages between the page and the delivery worker. Both ends are this app's own code. */
export type PageToWorker =
  | { type: 'reply'; id: number; ok: true; result: unknown }
  | { type: 'reply'; id: number; ok: false; code: string; message: string }
  | { type: 'kick'; reason: 'enqueued' | 'reconnect' | 'resume' | 'timer' }
  /** The terminal's configuration, as the host reported it at the latest connection. */
  | { type: 'configure'; retentionMs: number };

export type WorkerToPage = { type: 'call'; id: number; method: string; params: unknown; timeoutMs?: number } | { type: 'changed' } | { type: 'started' };
