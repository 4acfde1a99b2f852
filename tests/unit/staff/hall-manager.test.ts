import { afterEach, describe, expect, it } from 'vitest';
import { registerStaffHooks, type StaffTicketRequest } from '../../../host/staff/hooks';
import { CORNER_WINDOW_MS, DOOR_IDLE, HOLD_MS, cornerTap, pressEnd, pressStart } from '../../../renderer/src/staff/door-gesture';
import { DEMO, seedEnrollment, startTestHost, tempDir, type TestHost } from './helpers';

let h: TestHost | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('the hall manager', () => {
  it('issues a priority ticket recorded with the staff id, keeps it for reprint when the paper is out, and reprints it', async () => {
    const dataDir = tempDir();
    seedEnrollment(dataDir);
    h = await startTestHost({ dataDir });
    await h.ctx.devices.started();
    const requests: StaffTicketRequest[] = [];
    registerStaffHooks(h.ctx, {
      issueTicket: async (request) => {
        requests.push(request);
        return { ticketId: '0193aaaa-0000-7000-8000-000000000001', hallId: 'gz-th-zwzx', leaseId: '0193aaaa-0000-7000-8000-0000000000aa', number: 12, display: 'A012', category: request.category, issuedAt: '2026-11-20T02:00:00.000Z', body: { priority: request.priority, issuedBy: 'staff', staffId: request.staffId } };
      },
    });
    const r = await h.client.call('staff.signInWithPin', { staffId: DEMO.manager.staffId, pin: DEMO.manager.pin });
    if (!r.ok) throw new Error('sign-in failed');
    const session = r.session.token;
    h.ctx.devices.simulators.ticketPrinter!.setPaper('out');
    const issued = await h.client.call('staff.queue.issueTicket', { session, category: 'A', priority: 'green-channel' });
    expect(requests).toEqual([{ category: 'A', priority: 'green-channel', issuedBy: 'staff', staffId: 'TH-M01' }]);
    expect(issued.ticket.display).toBe('A012');
    expect(issued.print).toMatchObject({ printed: false, reason: 'paper-out' });
    const held = await h.client.call('staff.queue.heldTickets', { session });
    expect(held).toMatchObject([{ display: 'A012', reason: 'paper-out' }]);
    h.ctx.devices.simulators.ticketPrinter!.setPaper('ok');
    expect(await h.client.call('staff.queue.reprint', { session, heldId: held[0]!.id })).toEqual({ printed: true });
    expect(await h.client.call('staff.queue.heldTickets', { session })).toEqual([]);
    const actions = h.staff.audit.all().map((e) => [e.entry.staffId, e.entry.action, e.entry.outcome]);
    expect(actions).toContainEqual(['TH-M01', 'ticket-issue', 'ok']);
    expect(actions).toContainEqual(['TH-M01', 'ticket-reprint', 'ok']);
  });

  it('says tickets cannot be issued here when no lease book is registered', async () => {
    const dataDir = tempDir();
    seedEnrollment(dataDir);
    h = await startTestHost({ dataDir });
    const r = await h.client.call('staff.signInWithPin', { staffId: DEMO.manager.staffId, pin: DEMO.manager.pin });
    if (!r.ok) throw new Error('sign-in failed');
    await expect(h.client.call('staff.queue.issueTicket', { session: r.session.token, category: 'A', priority: 'elderly' })).rejects.toMatchObject({ code: 'unavailable' });
    const summary = await h.client.call('staff.queue.summary', { session: r.session.token });
    expect(summary.live).toBe(false);
    expect(summary.categories.map((c) => c.code)).toEqual(['A', 'B', 'C', 'D', 'E', 'F']);
  });
});

describe('the staff door gesture', () => {
  it('opens only after a 3 s hold, release, and a corner tap within 2 s', () => {
    let s = pressStart(DOOR_IDLE, 0);
    s = pressEnd(s, HOLD_MS - 1);
    expect(cornerTap(s, HOLD_MS).open).toBe(false);
    s = pressEnd(pressStart(DOOR_IDLE, 0), HOLD_MS);
    expect(cornerTap(s, HOLD_MS + CORNER_WINDOW_MS + 1).open).toBe(false);
    s = pressEnd(pressStart(DOOR_IDLE, 0), HOLD_MS);
    const tap = cornerTap(s, HOLD_MS + CORNER_WINDOW_MS);
    expect(tap.open).toBe(true);
    expect(cornerTap(tap.state, HOLD_MS + CORNER_WINDOW_MS).open).toBe(false);
  });
});
