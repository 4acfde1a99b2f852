import { describe, expect, it } from 'vitest';
import { run } from '../../../../renderer/src/flows/machine';
import { appointmentRefusal, estimateWait, ticketMachine, type IssuedTicket, type TicketEvent } from '../../../../renderer/src/flows/ticket';
import type { Appointment, QueueCategoryLive } from '../../../../common/ipc/methods/citizen';

const A: QueueCategoryLive = { code: 'A', name: '社保医保', prefix: 'A', serviceCodes: [], waiting: 3, averageServiceMinutes: 8, open: true };
const NOW = new Date('2025-03-03T02:00:00Z'); // 10:00 in China
const appt = (over: Partial<Appointment> = {}): Appointment => ({ appointmentId: 'APPT-1', code: 'YY-SY4821', category: 'A', slotStart: '2025-03-03T01:50:00Z', slotEnd: '2025-03-03T02:20:00Z', status: 'booked', ...over });
const TICKET: IssuedTicket = { ticketId: 't', display: 'A001', category: 'A', categoryName: '社保医保', issuedAt: NOW.toISOString(), peopleAhead: 3, aheadKnown: true, priority: 'normal', offline: false };

describe('take a number', () => {
  it('issues an ordinary number', () => {
    const s = run(ticketMachine, [{ type: 'CATEGORY', category: A }, { type: 'NORMAL' }]);
    expect(s).toMatchObject({ step: 'issuing', request: { priority: 'normal', category: { code: 'A' } } });
    const printing = ticketMachine.transition(s, { type: 'ISSUED', ticket: TICKET });
    const done = ticketMachine.transition(printing, { type: 'PRINTED', outcome: { printed: true } });
    expect(done.step).toBe('done');
    expect(ticketMachine.transition(done, { type: 'REPRINT' })).toBe(done);
  });

  it('sends priority to staff, never issues it unconfirmed', () => {
    const s = run(ticketMachine, [{ type: 'CATEGORY', category: A }, { type: 'PRIORITY', kind: 'elderly' }]);
    expect(s.step).toBe('ask-staff');
    expect(ticketMachine.transition(s, { type: 'NORMAL' })).toBe(s);
    expect(ticketMachine.transition(s, { type: 'TAKE_NORMAL' })).toMatchObject({ step: 'issuing', request: { priority: 'normal' } });
    expect(ticketMachine.transition(s, { type: 'STAFF_CONFIRMED' })).toMatchObject({ step: 'issuing', request: { priority: 'elderly' } });
  });

  it('checks an appointment in, or says why not', () => {
    const checking = run(ticketMachine, [{ type: 'START_APPOINTMENT' }, { type: 'CODE', code: 'yy-sy4821' }]);
    expect(checking).toMatchObject({ step: 'checking', code: 'YY-SY4821' });
    const found = ticketMachine.transition(checking, { type: 'FOUND', appointment: appt(), categories: [A], now: NOW });
    expect(found.step).toBe('appointment-found');
    expect(ticketMachine.transition(found, { type: 'CHECK_IN' })).toMatchObject({ step: 'issuing', request: { priority: 'appointment', appointmentId: 'APPT-1' } });
    expect(ticketMachine.transition(checking, { type: 'NOT_FOUND' })).toMatchObject({ step: 'appointment-refused', reason: 'not-found' });
    expect(ticketMachine.transition(checking, { type: 'FOUND', appointment: appt({ status: 'cancelled' }), categories: [A], now: NOW })).toMatchObject({ reason: 'cancelled' });
    expect(ticketMachine.transition(checking, { type: 'FOUND', appointment: appt({ slotStart: '2025-03-06T01:50:00Z', slotEnd: '2025-03-06T02:20:00Z' }), categories: [A], now: NOW })).toMatchObject({ reason: 'not-today' });
    const bad = run(ticketMachine, [{ type: 'START_APPOINTMENT' }, { type: 'CODE', code: '!!' }]);
    expect(bad).toMatchObject({ step: 'appointment', problem: 'bad-code' });
  });

  it('offline, checks in as an appointment the platform verifies later', () => {
    const offline = run(ticketMachine, [{ type: 'START_APPOINTMENT' }, { type: 'CODE', code: 'YY-SY4821' }, { type: 'OFFLINE' }]);
    expect(offline.step).toBe('appointment-offline');
    expect(ticketMachine.transition(offline, { type: 'CATEGORY', category: A } as TicketEvent)).toMatchObject({ step: 'issuing', request: { priority: 'appointment', appointmentId: 'YY-SY4821' } });
  });

  it('a failed issue can be retried or abandoned', () => {
    const failed = run(ticketMachine, [{ type: 'CATEGORY', category: A }, { type: 'NORMAL' }, { type: 'ISSUE_FAILED', reason: 'no-lease', message: 'x' }]);
    expect(failed.step).toBe('failed');
    expect(ticketMachine.transition(failed, { type: 'RETRY' }).step).toBe('issuing');
    expect(ticketMachine.transition(failed, { type: 'BACK' }).step).toBe('choose');
  });

  it('estimates the wait and refuses expired slots', () => {
    expect(estimateWait(3, 8)).toBe(24);
    expect(estimateWait(3, undefined)).toBeUndefined();
    expect(appointmentRefusal(appt({ slotEnd: '2025-03-03T01:00:00Z' }), NOW)).toBe('expired');
    expect(appointmentRefusal(appt(), NOW)).toBeNull();
  });
});
