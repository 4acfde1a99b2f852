import { join } from 'node:path';
import { RpcError } from '../../common/ipc/protocol';
import { appointmentSchema, progressSchema } from '../../common/ipc/methods/citizen';
import type { MethodHandlers } from '../../common/ipc/rpc-server';
import { PlatformUnreachableError } from '../platform/platform-client';
import type { HostContext } from '../host-context';
import { CatalogCache } from './catalog-cache';
import { queueBoardOf } from './queue-board';
import { searchKeysFor } from './search-keys';
import type { SearchKeys } from '../../common/ipc/methods/citizen';
import { staffHostOf } from '../staff/handlers';

/** Runs a platform call; no answer becomes the RPC error `unavailable`, which the page explains. */
async function online<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof PlatformUnreachableError) throw new RpcError('unavailable', 'The service platform cannot be reached now.');
    throw error;
  }
}

function hallIdOf(ctx: HostContext): string {
  const hallId = ctx.terminal.current.enrollment?.hallId;
  if (!hallId) throw new RpcError('unavailable', 'The terminal is not enrolled with a hall.');
  return hallId;
}

/** Citizen services: catalog, lookups, queue. Never logs what the citizen sent (identity numbers). */
export function citizenHandlers(ctx: HostContext): MethodHandlers {
  const catalog = new CatalogCache(ctx.platform, join(ctx.config.dataDir, 'host'), ctx.log);
  const board = queueBoardOf(ctx);
  let searchKeys: { version: string; keys: Record<string, SearchKeys> } | undefined;
  return {
    'catalog.get': async () => {
      const got = await catalog.get();
      if (searchKeys?.version !== got.catalog.version) searchKeys = { version: got.catalog.version, keys: searchKeysFor(got.catalog.items) };
      return { ...got, queueCategories: board.categories(), searchKeys: searchKeys.keys };
    },
    'progress.lookup': ({ idNumber, receiptNo }) =>
      online(async () => {
        const response = await ctx.platform.request('POST', '/v1/progress/lookup', { json: { idNumber, ...(receiptNo ? { receiptNo } : {}) } });
        if (response.status === 422) return { items: [] };
        if (response.status !== 200) throw new RpcError('failed', `progress lookup answered HTTP ${response.status}`);
        const items = (response.body as { items?: unknown[] }).items ?? [];
        return { items: items.map((item) => progressSchema.parse(item)) };
      }),
    'appointment.lookup': ({ code }) =>
      online(async () => {
        const response = await ctx.platform.request('GET', `/v1/halls/${encodeURIComponent(hallIdOf(ctx))}/appointments/${encodeURIComponent(code)}`);
        if (response.status === 404) return { found: false as const };
        if (response.status !== 200) throw new RpcError('failed', `appointment lookup answered HTTP ${response.status}`);
        return { found: true as const, appointment: appointmentSchema.parse(response.body) };
      }),
    'queue.summary': async () => {
      // A category a hall manager paused at this terminal is closed here, with the reason citizens see.
      const summary = await board.summary();
      const paused = staffHostOf(ctx)?.paused.list() ?? [];
      return {
        ...summary,
        categories: summary.categories.map((c) => {
          const pause = paused.find((p) => p.category === c.code);
          return pause ? { ...c, open: false, closedReason: pause.reason } : c;
        }),
      };
    },
  };
}
