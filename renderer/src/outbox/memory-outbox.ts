/**
 * An in-memory IntakeOutbox for UI tests and storybook-like pages: accepts everything, and lets a
 * test mark items delivered (`deliver`) or refuse intake (`refuse`). Never used in production.
 */
import type { AttachmentInput, AttentionItem, IntakeOutbox, ItemActionResult, IntakeRefusal, ItemState, OutboxSummary, QueueTicketBody, RatingBody, ReceiptLookup, SubmissionBody } from './intake-outbox';

interface MemoryItem {
  id: string;
  kind: 'submission' | 'ticket' | 'rating';
  state: ItemState;
  createdAt: string;
  localReference: string | null;
  serviceName: string | null;
  receiptNo: string | null;
  body: Record<string, unknown>;
  attachments: AttachmentInput[];
  problem: { status: number; code: string; title: string } | null;
  setAside: { at: string; note: string } | null;
}

export interface MemoryOutbox extends IntakeOutbox {
  readonly items: readonly MemoryItem[];
  /** Marks an item delivered with a receipt number (by client id or local reference). */
  deliver(idOrReference: string, receiptNo: string): void;
  /** Marks an item needs-attention with the platform's problem (as a 4xx would). */
  failItem(idOrReference: string, problem: { status: number; code: string; title: string }): void;
  /** Makes canAcceptIntake (and enqueueing) refuse until `refuse(null)`. */
  refuse(refusal: IntakeRefusal | null): void;
}

export function createMemoryOutbox(options: { terminalCode?: string; now?: () => Date } = {}): MemoryOutbox {
  const items: MemoryItem[] = [];
  const listeners = new Set<() => void>();
  let refusal: IntakeRefusal | null = null;
  let serial = 0;
  const now = options.now ?? (() => new Date());
  const notify = () => {
    for (const l of listeners) l();
  };
  const add = (item: Omit<MemoryItem, 'state' | 'createdAt' | 'receiptNo' | 'problem' | 'setAside'>) => {
    if (refusal) throw new Error(refusal.message);
    if (items.some((i) => i.id === item.id)) return;
    items.push({ ...item, state: 'queued', createdAt: now().toISOString(), receiptNo: null, problem: null, setAside: null });
    notify();
  };
  return {
    get items() {
      return items;
    },
    deliver(idOrReference, receiptNo) {
      const item = items.find((i) => i.id === idOrReference || i.localReference === idOrReference);
      if (!item) throw new Error('no such item');
      item.state = 'delivered';
      item.receiptNo = receiptNo;
      notify();
    },
    failItem(idOrReference, problem) {
      const item = items.find((i) => i.id === idOrReference || i.localReference === idOrReference);
      if (!item) throw new Error('no such item');
      item.state = 'needs-attention';
      item.problem = problem;
      notify();
    },
    refuse(next) {
      refusal = next;
      notify();
    },
    canAcceptIntake: async () => refusal ?? { ok: true },
    allocateLocalReference: async () => {
      serial += 1;
      const day = now().toISOString().slice(0, 10).replace(/-/g, '');
      return `L-${options.terminalCode ?? 'TEST'}-${day}-${String(serial).padStart(4, '0')}`;
    },
    enqueueSubmission: async (input: { submissionId: string; body: SubmissionBody; attachments: AttachmentInput[]; serviceName: string }) => {
      const localReference = String(input.body.localReference ?? '');
      add({ id: input.submissionId, kind: 'submission', localReference, serviceName: input.serviceName, body: input.body, attachments: input.attachments });
      return { localReference };
    },
    enqueueTicket: async (input: { ticketId: string; hallId: string; body: QueueTicketBody }) => add({ id: input.ticketId, kind: 'ticket', localReference: null, serviceName: null, body: input.body, attachments: [] }),
    enqueueRating: async (input: { ratingId: string; body: RatingBody }) => add({ id: input.ratingId, kind: 'rating', localReference: null, serviceName: null, body: input.body, attachments: [] }),
    lookup: async (reference: string): Promise<ReceiptLookup | null> => {
      const item = items.find((i) => i.localReference === reference || (i.receiptNo !== null && i.receiptNo === reference));
      if (!item || item.localReference === null) return null;
      return { localReference: item.localReference, state: item.state === 'set-aside' ? 'needs-attention' : item.state, ...(item.receiptNo ? { receiptNo: item.receiptNo } : {}), ...(item.serviceName ? { serviceName: item.serviceName } : {}) };
    },
    summary: async (): Promise<OutboxSummary> => {
      const pending = items.filter((i) => i.state === 'queued' || i.state === 'delivering');
      return {
        pending: pending.length,
        needsAttention: items.filter((i) => i.state === 'needs-attention').length,
        setAside: items.filter((i) => i.state === 'set-aside').length,
        oldestPendingAt: pending[0]?.createdAt ?? null,
        lastDeliveredAt: null,
      };
    },
    attentionItems: async (): Promise<AttentionItem[]> => {
      const view = (state: 'needs-attention' | 'set-aside') =>
        items
          .filter((i) => i.state === state)
          .map((i) => ({ id: i.id, kind: i.kind, state, localReference: i.localReference, createdAt: i.createdAt, problem: i.problem, setAside: i.setAside }));
      return [...view('needs-attention'), ...view('set-aside')];
    },
    retryItem: async (itemId: string): Promise<ItemActionResult> => {
      const item = items.find((i) => i.id === itemId);
      if (!item) return 'not-found';
      if (item.state !== 'needs-attention' && item.state !== 'set-aside') return 'wrong-state';
      item.state = 'queued';
      item.problem = null;
      item.setAside = null;
      notify();
      return 'done';
    },
    setAsideItem: async (itemId: string, note: string): Promise<ItemActionResult> => {
      const item = items.find((i) => i.id === itemId);
      if (!item) return 'not-found';
      if (item.state !== 'needs-attention') return 'wrong-state';
      item.state = 'set-aside';
      item.setAside = { at: now().toISOString(), note: note.slice(0, 200) };
      notify();
      return 'done';
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
