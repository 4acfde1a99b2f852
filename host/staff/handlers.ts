import type { MethodHandlers } from '../../common/ipc/rpc-server';
import { RpcError } from '../../common/ipc/protocol';
import type { HostContext } from '../host-context';
import { attachedDevices, currentAssignments, saveAssignments, testDevice } from './device-assignment';
import { collectDiagnostics, exportDiagnostics } from './diagnostics';
import { exportFileName, exportTargets, resolveExportTarget } from './exports';
import { heldTicketList, issueTicketForCitizen, queueAtAGlance } from './hall-manager';
import { checkOutboxItemAction } from './outbox-actions';
import { staffHooksOf } from './hooks';
import { StaffHost, type StaffHostOptions } from './staff-host';

const hosts = new WeakMap<HostContext, StaffHost>();

/** The staff host of a device host (created by staffHandlers). */
export function staffHostOf(ctx: HostContext): StaffHost | undefined {
  return hosts.get(ctx);
}

/** Staff modes: sign-in, audit log, provisioning, diagnostics, device assignment, the hall manager's queue tools. */
export function staffHandlers(ctx: HostContext, options: StaffHostOptions = {}): MethodHandlers {
  const staff = new StaffHost(ctx, options);
  hosts.set(ctx, staff);
  staff.start();
  const roots = options.exportRoots;

  return {
    'staff.status': () => {
      const enrollment = ctx.terminal.current.enrollment;
      return {
        enrolled: enrollment !== null,
        credentialRejected: ctx.terminal.credentialRejectedAt !== null,
        staff: staff.staff().map((s) => ({ staffId: s.staffId, name: s.name, roles: s.roles, pin: Boolean(s.pinHash), card: Boolean(s.cardHash) })),
        lockout: staff.lockout.snapshot(),
        idleTimeoutSeconds: Math.round(staff.sessions.idleMs / 1000),
        cardSignInAvailable: ctx.config.devices['idcard-reader'].kind !== 'none',
        cardWaiting: staff.gate.waitingFor === 'staff-sign-in',
      };
    },
    'staff.signInWithPin': ({ staffId, pin }) => staff.signInWithPin(staffId, pin),
    'staff.signInWithCard': ({ timeoutSeconds }) => staff.signInWithCard(timeoutSeconds * 1000),
    'staff.cancelCardSignIn': () => {
      staff.gate.cancel();
      return {};
    },
    'staff.session': ({ session }) => {
      const active = staff.sessions.find(session);
      return active ? { active: true, session: staff.sessions.describe(active) } : { active: false };
    },
    'staff.touch': ({ session }) => ({ expiresAt: staff.sessions.touch(session).expiresAt }),
    'staff.signOut': ({ session }) => {
      staff.signOut(session);
      return {};
    },

    // ── assistant ──
    'staff.assisted.start': ({ session }) => {
      const member = staff.require(session, ['assistant'], 'assisted-start');
      staff.record(member.staffId, 'assisted-start', 'ok');
      return {};
    },

    // ── audit ──
    'staff.audit.recent': ({ session, limit }) => {
      staff.require(session, ['technician', 'hall-manager'], 'audit-view');
      return staff.audit.all().slice(-limit).map((r) => r.entry).reverse();
    },
    'staff.audit.verify': ({ session }) => {
      const member = staff.require(session, ['technician', 'hall-manager'], 'audit-verify');
      const result = staff.audit.verify();
      staff.record(member.staffId, 'audit-verify', result.ok ? 'ok' : 'failed', result.ok ? { entries: result.entries } : { brokenAtSeq: result.brokenAtSeq, problem: result.problem });
      if (!result.ok) ctx.log.error('the staff audit log failed verification', { brokenAtSeq: result.brokenAtSeq, problem: result.problem });
      return result;
    },
    'staff.exportTargets': ({ session }) => {
      staff.require(session, ['technician'], 'export-targets');
      return exportTargets(ctx.config.dataDir, roots);
    },
    'staff.audit.export': ({ session, targetId }) => {
      const member = staff.require(session, ['technician'], 'audit-export');
      let dir: string;
      try {
        dir = resolveExportTarget(targetId, ctx.config.dataDir, roots);
      } catch (error) {
        throw new RpcError('failed', (error as Error).message);
      }
      const path = `${dir}/${exportFileName('audit', ctx.terminal.current.enrollment?.terminalId ?? null, staff.now(), 'jsonl')}`;
      const entries = staff.audit.exportTo(path);
      staff.record(member.staffId, 'audit-export', 'ok', { entries, removable: targetId !== 'data-dir' });
      return { path, entries };
    },

    // ── provisioning ──
    'staff.provisioning.inspect': ({ payload }) => staff.inspectProvisioning(payload),
    'staff.provisioning.apply': ({ payload, session }) => staff.applyProvisioning(payload, session),

    // ── technician ──
    'staff.diagnostics': async ({ session, outbox }) => {
      const member = staff.require(session, ['technician'], 'diagnostics-view');
      const result = await collectDiagnostics(staff, outbox);
      staff.record(member.staffId, 'diagnostics-view', 'ok');
      return result;
    },
    'staff.diagnostics.export': async ({ session, targetId, outbox }) => {
      const member = staff.require(session, ['technician'], 'diagnostics-export');
      let dir: string;
      try {
        dir = resolveExportTarget(targetId, ctx.config.dataDir, roots);
      } catch (error) {
        throw new RpcError('failed', (error as Error).message);
      }
      const path = await exportDiagnostics(staff, dir, exportFileName('diagnostics', ctx.terminal.current.enrollment?.terminalId ?? null, staff.now(), 'json'), outbox);
      staff.record(member.staffId, 'diagnostics-export', 'ok', { removable: targetId !== 'data-dir' });
      return { path };
    },
    'staff.devices.list': async ({ session }) => {
      staff.require(session, ['technician'], 'devices-list');
      const { attached, warnings } = await attachedDevices(options.listDevices);
      return { attached, warnings, assigned: currentAssignments(staff), statuses: ctx.devices.statuses() };
    },
    'staff.devices.test': async ({ session, role, test, timeoutSeconds }) => {
      const member = staff.require(session, ['technician'], 'device-test');
      const result = await testDevice(staff, role, test, timeoutSeconds * 1000);
      staff.record(member.staffId, 'device-test', result.ok ? 'ok' : 'failed', { role, test });
      return result;
    },
    'staff.devices.save': ({ session, assignments }) => {
      const member = staff.require(session, ['technician'], 'device-assign');
      const result = saveAssignments(staff, assignments, options.env);
      staff.record(member.staffId, 'device-assign', result.ok ? 'ok' : 'refused', { assignments: Object.fromEntries(Object.entries(assignments).map(([role, spec]) => [role, spec.split(':')[0]])) });
      return result;
    },
    'staff.devices.applyRestart': ({ session }) => {
      const member = staff.require(session, ['technician'], 'host-restart');
      staff.record(member.staffId, 'host-restart', 'ok', { reason: 'apply-device-assignment' });
      ctx.log.info('restarting the device host to apply saved settings', { staffId: member.staffId });
      const restart = options.restartProcess ?? (() => process.kill(process.pid, 'SIGTERM'));
      // After the answer has gone out.
      setTimeout(restart, 300).unref?.();
      return { restartingInMs: 300 };
    },

    'staff.outbox.itemAction': (params) => {
      const { session, itemId, action } = params;
      const member = staff.require(session, ['technician'], `outbox-item-${action}`);
      const chosen = params.action === 'set-aside' ? { setAsideReason: params.setAsideReason } : {};
      const check = checkOutboxItemAction(staff, itemId);
      if (!check.ok) {
        staff.record(member.staffId, `outbox-item-${action}`, 'refused', { itemId, reason: check.reason, ...chosen });
        return check;
      }
      // Written (fsync'd) before the page is allowed to change the item.
      staff.record(member.staffId, `outbox-item-${action}`, 'ok', { itemId, kind: check.kind, reasonCode: check.reasonCode, ...chosen });
      ctx.log.info('a technician acted on an outbox item', { staffId: member.staffId, action, itemId, kind: check.kind, reasonCode: check.reasonCode });
      return check;
    },
    'staff.outbox.itemActionFailed': ({ session, itemId, action, problem }) => {
      const member = staff.require(session, ['technician'], `outbox-item-${action}`);
      staff.record(member.staffId, `outbox-item-${action}`, 'failed', { itemId, problem });
      return {};
    },

    'staff.outbox.lostItems': ({ session }) => {
      staff.require(session, ['technician'], 'outbox-lost-view');
      return staffHooksOf(ctx).lostItems?.() ?? [];
    },
    'staff.outbox.acknowledgeLost': async ({ session }) => {
      const member = staff.require(session, ['technician'], 'outbox-lost-acknowledge');
      const hooks = staffHooksOf(ctx);
      if (!hooks.lostItems || !hooks.acknowledgeLost) throw new RpcError('unavailable', 'This terminal has no outbox journal.');
      const lost = hooks.lostItems();
      // Written (fsync'd) before the journal changes: ids, kinds and the references printed on receipts, nothing personal.
      staff.record(member.staffId, 'outbox-lost-acknowledge', 'ok', { count: lost.length, localReferences: lost.map((l) => l.localReference ?? l.itemId).join(' ').slice(0, 900) });
      return { acknowledged: await hooks.acknowledgeLost(member.staffId) };
    },

    // ── hall manager ──
    'staff.queue.summary': async ({ session }) => {
      staff.require(session, ['hall-manager'], 'queue-view');
      return queueAtAGlance(staff);
    },
    'staff.queue.issueTicket': async ({ session, category, priority }) => {
      const member = staff.require(session, ['hall-manager'], 'ticket-issue');
      try {
        const result = await issueTicketForCitizen(staff, member.staffId, category, priority);
        staff.record(member.staffId, 'ticket-issue', 'ok', { category, priority, display: result.ticket.display, ticketId: result.ticket.ticketId, printed: result.print.printed, peopleAhead: result.peopleAhead });
        return result;
      } catch (error) {
        staff.record(member.staffId, 'ticket-issue', 'failed', { category, priority });
        throw error;
      }
    },
    'staff.queue.heldTickets': ({ session }) => {
      staff.require(session, ['hall-manager'], 'ticket-held-list');
      return heldTicketList(staff);
    },
    'staff.queue.reprint': async ({ session, heldId }) => {
      const member = staff.require(session, ['hall-manager'], 'ticket-reprint');
      const outcome = await staff.heldTickets.reprint(heldId);
      staff.record(member.staffId, 'ticket-reprint', outcome.printed ? 'ok' : 'failed', { heldId, ...(outcome.printed ? {} : { reason: outcome.reason }) });
      return outcome.printed ? { printed: true } : { printed: false, reason: outcome.reason, message: outcome.message };
    },
    'staff.queue.pause': ({ session, category, reason, note }) => {
      const member = staff.require(session, ['hall-manager'], 'category-pause');
      const paused = staff.paused.pause(category, reason, note);
      staff.record(member.staffId, 'category-pause', 'ok', { category, reason });
      staff.emit('queue.pausedChanged', { paused });
      return paused;
    },
    'staff.queue.resume': ({ session, category }) => {
      const member = staff.require(session, ['hall-manager'], 'category-resume');
      const paused = staff.paused.resume(category);
      staff.record(member.staffId, 'category-resume', 'ok', { category });
      staff.emit('queue.pausedChanged', { paused });
      return paused;
    },
    'queue.pausedCategories': () => staff.paused.list(),
  };
}
