/**
 * Take a number (取号) and appointment check-in (预约签到).
 *
 *   choose ─CATEGORY→ priority ─NORMAL→ issuing ─ISSUED→ printing ─PRINTED→ done
 *                              └PRIORITY(kind)→ ask-staff ─STAFF_CONFIRMED→ issuing   (staff modes come later)
 *                                                        └TAKE_NORMAL→ issuing
 *   appointment ─CODE→ checking ─FOUND→ appointment-found ─CHECK_IN→ issuing
 *                               ├NOT_FOUND / refused reasons→ appointment-refused
 *                               └OFFLINE→ appointment-offline ─CHECK_IN→ issuing (registered later)
 *   issuing ─ISSUE_FAILED→ failed ─RETRY→ issuing
 */
import type { Appointment, QueueCategoryLive } from '../../../common/ipc/methods/citizen';
import type { PrintOutcome } from '../../../common/ipc/protocol';
import { defineMachine } from './machine';
import { chinaDay } from '../../../common/time/china-time';

export type Priority = 'normal' | 'elderly' | 'disabled' | 'pregnant' | 'appointment';

export interface TicketRequest {
  category: QueueCategoryLive;
  priority: Priority;
  serviceCode?: string;
  appointmentId?: string;
}

export interface IssuedTicket {
  ticketId: string;
  display: string;
  category: string;
  categoryName: string;
  issuedAt: string;
  peopleAhead: number;
  /** False when no waiting count was ever known (offline since start): the screen says so. */
  aheadKnown: boolean;
  estimatedWaitMinutes?: number;
  priority: Priority;
  offline: boolean;
}

export type AppointmentRefusal = 'not-found' | 'cancelled' | 'expired' | 'checked-in' | 'not-today' | 'unknown-category' | 'bad-code';

export type TicketState =
  | { step: 'choose'; serviceCode?: string }
  | { step: 'priority'; category: QueueCategoryLive; serviceCode?: string }
  | { step: 'ask-staff'; category: QueueCategoryLive; priority: Exclude<Priority, 'normal' | 'appointment'>; serviceCode?: string }
  | { step: 'appointment'; draft: string; problem: 'bad-code' | null }
  | { step: 'checking'; code: string }
  | { step: 'appointment-found'; appointment: Appointment; category: QueueCategoryLive }
  | { step: 'appointment-offline'; code: string }
  | { step: 'appointment-refused'; reason: AppointmentRefusal }
  | { step: 'issuing'; request: TicketRequest }
  | { step: 'printing'; request: TicketRequest; ticket: IssuedTicket }
  | { step: 'done'; request: TicketRequest; ticket: IssuedTicket; print: PrintOutcome }
  | { step: 'failed'; request: TicketRequest; reason: 'unavailable' | 'no-lease' | 'error'; message: string };

export type TicketEvent =
  | { type: 'CATEGORY'; category: QueueCategoryLive }
  | { type: 'NORMAL' }
  | { type: 'PRIORITY'; kind: 'elderly' | 'disabled' | 'pregnant' }
  | { type: 'STAFF_CONFIRMED' }
  | { type: 'TAKE_NORMAL' }
  | { type: 'START_APPOINTMENT' }
  | { type: 'CODE_DRAFT'; value: string }
  | { type: 'CODE'; code: string }
  | { type: 'FOUND'; appointment: Appointment; categories: readonly QueueCategoryLive[]; now: Date }
  | { type: 'NOT_FOUND' }
  | { type: 'OFFLINE' }
  | { type: 'CHECK_IN'; categories?: readonly QueueCategoryLive[] }
  | { type: 'ISSUED'; ticket: IssuedTicket }
  | { type: 'ISSUE_FAILED'; reason: 'unavailable' | 'no-lease' | 'error'; message: string }
  | { type: 'PRINTED'; outcome: PrintOutcome }
  | { type: 'REPRINT' }
  | { type: 'RETRY' }
  | { type: 'BACK' };

const APPOINTMENT_CODE = /^[A-Za-z0-9-]{4,40}$/;

/** Why an appointment cannot be checked in now, or null when it can. */
export function appointmentRefusal(appointment: Appointment, now: Date): AppointmentRefusal | null {
  if (appointment.status === 'cancelled') return 'cancelled';
  if (appointment.status === 'checked-in') return 'checked-in';
  if (appointment.status === 'expired' || Date.parse(appointment.slotEnd) < now.getTime()) return 'expired';
  if (chinaDay(new Date(appointment.slotStart)) !== chinaDay(now)) return 'not-today';
  return null;
}

export function initialTicket(serviceCode?: string): TicketState {
  return serviceCode ? { step: 'choose', serviceCode } : { step: 'choose' };
}

export function ticketTransition(state: TicketState, event: TicketEvent): TicketState {
  switch (state.step) {
    case 'choose':
      if (event.type === 'CATEGORY') return { step: 'priority', category: event.category, ...(state.serviceCode ? { serviceCode: state.serviceCode } : {}) };
      if (event.type === 'START_APPOINTMENT') return { step: 'appointment', draft: '', problem: null };
      return state;
    case 'priority': {
      const base = { category: state.category, ...(state.serviceCode ? { serviceCode: state.serviceCode } : {}) };
      if (event.type === 'NORMAL') return { step: 'issuing', request: { ...base, priority: 'normal' } };
      if (event.type === 'PRIORITY') return { step: 'ask-staff', ...base, priority: event.kind };
      if (event.type === 'BACK') return initialTicket(state.serviceCode);
      return state;
    }
    case 'ask-staff': {
      const base = { category: state.category, ...(state.serviceCode ? { serviceCode: state.serviceCode } : {}) };
      if (event.type === 'STAFF_CONFIRMED') return { step: 'issuing', request: { ...base, priority: state.priority } };
      if (event.type === 'TAKE_NORMAL') return { step: 'issuing', request: { ...base, priority: 'normal' } };
      if (event.type === 'BACK') return { step: 'priority', ...base };
      return state;
    }
    case 'appointment':
      if (event.type === 'CODE_DRAFT') return { ...state, draft: event.value.toUpperCase().slice(0, 40), problem: null };
      if (event.type === 'CODE') {
        const code = event.code.trim().toUpperCase();
        return APPOINTMENT_CODE.test(code) ? { step: 'checking', code } : { ...state, problem: 'bad-code' };
      }
      if (event.type === 'BACK') return initialTicket();
      return state;
    case 'checking':
      if (event.type === 'FOUND') {
        const refusal = appointmentRefusal(event.appointment, event.now);
        if (refusal) return { step: 'appointment-refused', reason: refusal };
        const category = event.categories.find((c) => c.code === event.appointment.category);
        if (!category) return { step: 'appointment-refused', reason: 'unknown-category' };
        return { step: 'appointment-found', appointment: event.appointment, category };
      }
      if (event.type === 'NOT_FOUND') return { step: 'appointment-refused', reason: 'not-found' };
      if (event.type === 'OFFLINE') return { step: 'appointment-offline', code: state.code };
      return state;
    case 'appointment-found':
      if (event.type === 'CHECK_IN') {
        const a = state.appointment;
        return { step: 'issuing', request: { category: state.category, priority: 'appointment', appointmentId: a.appointmentId, ...(a.serviceCode ? { serviceCode: a.serviceCode } : {}) } };
      }
      if (event.type === 'BACK') return { step: 'appointment', draft: '', problem: null };
      return state;
    case 'appointment-offline': {
      // Offline the code cannot be checked: the ticket is issued as an appointment and the platform
      // decides when it is registered (an invalid code makes it an ordinary ticket). The category is
      // not known offline, so the citizen picks it.
      if (event.type === 'CATEGORY') return { step: 'issuing', request: { category: event.category, priority: 'appointment', appointmentId: state.code } };
      if (event.type === 'BACK') return { step: 'appointment', draft: '', problem: null };
      return state;
    }
    case 'appointment-refused':
      if (event.type === 'BACK' || event.type === 'RETRY') return { step: 'appointment', draft: '', problem: null };
      if (event.type === 'START_APPOINTMENT') return { step: 'appointment', draft: '', problem: null };
      return state;
    case 'issuing':
      if (event.type === 'ISSUED') return { step: 'printing', request: state.request, ticket: event.ticket };
      if (event.type === 'ISSUE_FAILED') return { step: 'failed', request: state.request, reason: event.reason, message: event.message };
      return state;
    case 'printing':
      if (event.type === 'PRINTED') return { step: 'done', request: state.request, ticket: state.ticket, print: event.outcome };
      return state;
    case 'done':
      if (event.type === 'REPRINT' && !state.print.printed) return { step: 'printing', request: state.request, ticket: state.ticket };
      return state;
    case 'failed':
      if (event.type === 'RETRY') return { step: 'issuing', request: state.request };
      if (event.type === 'BACK') return initialTicket(state.request.serviceCode);
      return state;
  }
}

export const ticketMachine = defineMachine<TicketState, TicketEvent>({ name: 'ticket', initial: initialTicket(), transition: ticketTransition });

/** Estimated wait: people ahead × the category's average service time (when known). */
export function estimateWait(peopleAhead: number, averageServiceMinutes: number | undefined): number | undefined {
  return averageServiceMinutes === undefined ? undefined : Math.round(peopleAhead * averageServiceMinutes);
}
