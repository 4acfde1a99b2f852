import { join } from 'node:path';
import { RpcError } from '../../common/ipc/protocol';
import type { MethodHandlers } from '../../common/ipc/rpc-server';
import type { HostContext } from '../host-context';
import { LeaseBook, NoQueueNumbersError, type QueueCategory } from '../queue/lease-book';
import { registerStaffHooks } from '../staff/hooks';

/** The outbox's host side: item keys, the journal, delivery through the platform client; and queue-number leases. */
export function outboxHandlers(ctx: HostContext): MethodHandlers {
  const outbox = ctx.outbox;
  if (!outbox) return {};
  const leases = new LeaseBook(join(ctx.config.dataDir, 'host', 'queue-leases.json'), {
    platform: ctx.platform,
    log: ctx.log,
    hallId: () => ctx.terminal.current.enrollment?.hallId ?? null,
    categories: () => {
      const categories = (ctx.terminal.current.config as { queueCategories?: unknown } | null)?.queueCategories;
      return Array.isArray(categories) ? categories.filter((c): c is QueueCategory => typeof (c as QueueCategory)?.code === 'string' && typeof (c as QueueCategory)?.prefix === 'string') : [];
    },
  });
  // Top up when online: at start, whenever the configuration or enrollment changes, when the platform answers again, and on a timer.
  // The hall manager issues tickets on a citizen's behalf from the same lease book.
  // A technician's retry / set-aside is checked against (and audited from) this journal.
  registerStaffHooks(ctx, {
    issueTicket: (request) => leases.issue(request),
    outboxItem: (itemId) => {
      const entry = outbox.ledger.get(itemId);
      return entry ? { kind: entry.kind, state: entry.state, reasonCode: entry.attention ?? null } : null;
    },
    lostItems: () => outbox.ledger.lostItems(),
    acknowledgeLost: (staffId) => outbox.acknowledgeLost(staffId),
  });
  const topUp = () => void leases.topUpAll();
  ctx.terminal.onChange(topUp);
  ctx.platform.onConnectivity((c) => {
    if (c.platform === 'online') {
      topUp();
      ctx.server().emit('outbox.resume', { reason: 'platform-online' });
    }
  });
  const timer = setInterval(topUp, 60_000);
  timer.unref?.();
  queueMicrotask(topUp);

  const failed = (error: unknown): never => {
    throw new RpcError('failed', error instanceof Error ? error.message : 'The host could not complete the request.');
  };

  return {
    'outbox.status': () => ({
      intake: outbox.intakeStatus(),
      deliveryPaused: outbox.deliverer.paused,
      terminalId: ctx.terminal.current.enrollment?.terminalId ?? null,
      hallId: ctx.terminal.current.enrollment?.hallId ?? null,
      disk: outbox.disk(),
      receiptRetentionMs: ctx.config.receiptRetentionHours * 3600_000,
    }),
    'outbox.allocateReference': () => ({ localReference: outbox.allocateReference() }),
    'outbox.seal': async ({ itemId, kind, localReference, parts, row }) => ({ parts: await outbox.seal(itemId, kind, localReference, parts, row).catch(failed) }),
    'outbox.restore': ({ itemId }) => {
      const copy = outbox.restore(itemId);
      if (!copy) throw new RpcError('failed', 'The host has no sealed copy of this item (delivered, never accepted, or lost).');
      return copy;
    },
    'outbox.confirm': async ({ itemIds }) => {
      await outbox.confirm(itemIds);
      return {};
    },
    'outbox.deliver': (params) => outbox.deliverer.deliver(params),
    'outbox.forget': async ({ itemIds }) => {
      await outbox.forget(itemIds);
      return {};
    },
    'outbox.reconcile': ({ heldIds }) => outbox.reconcile(heldIds),
    'outbox.report': (facts) => {
      outbox.report(facts);
      return {};
    },
    'queue.issueTicket': async (request) => {
      try {
        return await leases.issue(request);
      } catch (error) {
        if (error instanceof NoQueueNumbersError) throw new RpcError('unavailable', error.message);
        throw error;
      }
    },
    'queue.leaseStatus': () => leases.status(),
  };
}
