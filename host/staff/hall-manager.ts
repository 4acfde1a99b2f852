/**
 * The hall manager's tools: the queue at a glance (the platform's summary, or the terminal's own
 * counts offline, marked `live: false`), tickets issued on a citizen's behalf with a priority and the
 * staff id, reprints of tickets that did not print (kept in HeldJobs, never reprinted on their own),
 * and closing a category at this terminal.
 */
import { RpcError } from '../../common/ipc/protocol';
import { buildQueueTicket } from '../../drivers/printer';
import { queueBoardOf } from '../citizen/queue-board';
import { staffHooksOf, type IssuedTicket } from './hooks';
import type { StaffHost } from './staff-host';

export async function queueAtAGlance(staff: StaffHost) {
  const summary = await queueBoardOf(staff.ctx).summary();
  return {
    live: summary.live,
    asOf: summary.asOf,
    categories: summary.categories.map((c) => {
      const paused = staff.paused.get(c.code);
      return {
        code: c.code,
        name: c.name,
        prefix: c.prefix,
        ...(c.waiting !== undefined ? { waiting: c.waiting } : {}),
        ...(c.nowServing ? { nowServing: c.nowServing } : {}),
        ...(c.averageServiceMinutes !== undefined ? { averageServiceMinutes: c.averageServiceMinutes } : {}),
        open: c.open && !paused,
        ...(paused ? { paused } : {}),
      };
    }),
  };
}

const PRIORITY_LABEL: Record<string, string> = { elderly: '老年人优先', disabled: '残疾人优先', pregnant: '孕妇优先', 'green-channel': '绿色通道', normal: '' };

export type StaffPrintOutcome = { printed: true } | { printed: false; reason: string; message: string; heldId: string };

export async function issueTicketForCitizen(staff: StaffHost, staffId: string, category: string, priority: string): Promise<{ ticket: IssuedTicket; print: StaffPrintOutcome; peopleAhead: number | null }> {
  const issue = staffHooksOf(staff.ctx).issueTicket;
  if (!issue) throw new RpcError('unavailable', 'Issuing tickets from this terminal is not available yet (no queue-number lease book is registered). Issue the ticket at the front desk.');
  const board = queueBoardOf(staff.ctx);
  const known = board.categories().find((c) => c.code === category);
  if (!known) throw new RpcError('failed', `There is no queue category ${category} in this hall.`);
  // People ahead, counted as for a citizen's own ticket: the hall's queue at a glance just before
  // the number is issued (the platform's summary when it answers, this terminal's own counts offline).
  const waiting = (await board.summary()).categories.find((c) => c.code === category)?.waiting;
  const ticket = await issue({ category, priority, issuedBy: 'staff', staffId });
  const ctx = staff.ctx;
  const info = ctx.terminalInfo();
  let bytes: Uint8Array;
  try {
    bytes = buildQueueTicket(
      {
        hallName: info.hallName ?? '政务服务中心',
        ticketNumber: ticket.display,
        category: known.name,
        // Never known (offline since start): printed as 0, as on a citizen's ticket.
        peopleAhead: waiting ?? 0,
        issuedAt: new Date(ticket.issuedAt),
        ...(priority !== 'normal' ? { priority: 'priority' as const, notice: `${PRIORITY_LABEL[priority] ?? '优先'}，请留意叫号屏` } : {}),
      },
      { paperWidth: ctx.config.paperWidth.ticket, rasterizer: ctx.rasterizer },
    );
  } catch (error) {
    ctx.log.warn('could not lay out a staff ticket', { reason: (error as Error).name });
    throw new RpcError('failed', 'The ticket could not be laid out for printing.');
  }
  const outcome = await staff.heldTickets.submit(`queue-ticket:${ticket.display}`, bytes);
  if (outcome.printed) board.noteIssued(category);
  return { ticket, print: outcome, peopleAhead: waiting ?? null };
}

export function heldTicketList(staff: StaffHost) {
  return staff.heldTickets.list().map((job) => ({ id: job.id, kind: 'queue-ticket', createdAt: job.createdAt, reason: job.reason, ...(job.kind.startsWith('queue-ticket:') ? { display: job.kind.slice('queue-ticket:'.length) } : {}) }));
}
