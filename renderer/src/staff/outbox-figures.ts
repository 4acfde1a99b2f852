/**
 * The page's outbox figures for the technician's diagnostics and its export: the outbox's items live
 * in the page (IndexedDB), so the page sends what it knows with the request. Counts, times, item ids
 * and the platform's problem codes only — never a local reference, a title or a note.
 */
import type { PageOutboxFigures } from '../../../common/ipc/methods/staff';
import type { IntakeOutbox } from '../outbox/intake-outbox';

/** At most this many items are listed (the oldest first, as the outbox lists them). */
const MAX_ITEMS = 500;

/** The figures, or undefined when the outbox cannot be read (the host then reports them as unknown). */
export async function pageOutboxFigures(outbox: Pick<IntakeOutbox, 'summary' | 'attentionItems'>): Promise<PageOutboxFigures | undefined> {
  try {
    const [summary, items] = await Promise.all([outbox.summary(), outbox.attentionItems()]);
    return {
      pending: summary.pending,
      setAside: summary.setAside,
      oldestPendingAt: summary.oldestPendingAt,
      lastDeliveredAt: summary.lastDeliveredAt,
      items: items.slice(0, MAX_ITEMS).map((i) => ({ itemId: i.id, kind: i.kind, state: i.state, status: i.problem?.status ?? null, code: i.problem ? i.problem.code.slice(0, 100) : null })),
    };
  } catch {
    return undefined;
  }
}
