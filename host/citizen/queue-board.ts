/**
 * What the terminal knows of the hall's queues: categories from the cached terminal configuration,
 * waiting counts from the platform's queue summary when it answers, and — offline — the last known
 * counts plus the tickets this terminal printed since.
 */
import { RpcError } from '../../common/ipc/protocol';
import type { QueueCategory, QueueCategoryLive } from '../../common/ipc/methods/citizen';
import { PlatformUnreachableError } from '../platform/platform-client';
import type { HostContext } from '../host-context';

interface SummaryCategory {
  code: string;
  waiting?: number;
  nowServing?: string;
  averageServiceMinutes?: number;
  open?: boolean;
}

export class QueueBoard {
  private last: { at: string; byCode: Map<string, SummaryCategory> } | null = null;
  /** Tickets printed here per category since the last summary. */
  private issuedSince = new Map<string, number>();

  constructor(private readonly ctx: HostContext) {}

  categories(): QueueCategory[] {
    const raw = this.ctx.terminal.current.config?.queueCategories;
    if (!Array.isArray(raw)) return [];
    return raw
      .filter((c): c is Record<string, unknown> => typeof c === 'object' && c !== null)
      .map((c) => ({
        code: String(c.code ?? ''),
        name: String(c.name ?? ''),
        prefix: String(c.prefix ?? ''),
        serviceCodes: Array.isArray(c.serviceCodes) ? c.serviceCodes.map(String) : [],
      }))
      .filter((c) => c.code.length > 0);
  }

  noteIssued(categoryCode: string): void {
    this.issuedSince.set(categoryCode, (this.issuedSince.get(categoryCode) ?? 0) + 1);
  }

  async summary(): Promise<{ live: boolean; asOf: string | null; categories: QueueCategoryLive[] }> {
    const hallId = this.ctx.terminal.current.enrollment?.hallId;
    let live = false;
    if (hallId) {
      try {
        const response = await this.ctx.platform.request('GET', `/v1/halls/${encodeURIComponent(hallId)}/queue/summary`);
        if (response.status === 200) {
          const body = response.body as { generatedAt?: string; categories?: SummaryCategory[] };
          this.last = { at: body.generatedAt ?? new Date().toISOString(), byCode: new Map((body.categories ?? []).map((c) => [c.code, c])) };
          this.issuedSince.clear();
          live = true;
        }
      } catch (error) {
        if (!(error instanceof PlatformUnreachableError)) this.ctx.log.warn('queue summary failed', { reason: (error as Error).message });
      }
    }
    const categories = this.categories();
    if (categories.length === 0) throw new RpcError('unavailable', 'The hall configuration has not been received yet.');
    return {
      live,
      asOf: this.last?.at ?? null,
      categories: categories.map((c) => {
        const known = this.last?.byCode.get(c.code);
        const waiting = known?.waiting !== undefined ? known.waiting + (live ? 0 : (this.issuedSince.get(c.code) ?? 0)) : undefined;
        return {
          ...c,
          ...(waiting !== undefined ? { waiting } : {}),
          ...(known?.nowServing ? { nowServing: known.nowServing } : {}),
          ...(known?.averageServiceMinutes !== undefined ? { averageServiceMinutes: known.averageServiceMinutes } : {}),
          open: known?.open ?? true,
        };
      }),
    };
  }
}

const boards = new WeakMap<HostContext, QueueBoard>();

/** One board per host, shared by the citizen and printing handlers. */
export function queueBoardOf(ctx: HostContext): QueueBoard {
  let board = boards.get(ctx);
  if (!board) boards.set(ctx, (board = new QueueBoard(ctx)));
  return board;
}
