import type { MethodHandlers } from '../../common/ipc/rpc-server';
import type { PrintOutcome } from '../../common/ipc/protocol';
import { buildAcceptanceReceipt, buildMissingMaterialsNotice, buildQueueTicket, buildTestPage } from '../../drivers/printer';
import type { HostContext } from '../host-context';
import { queueBoardOf } from '../citizen/queue-board';

export function paperWidthOf(ctx: HostContext, role: 'receipt-printer' | 'ticket-printer'): 80 | 58 {
  return role === 'receipt-printer' ? ctx.config.paperWidth.receipt : ctx.config.paperWidth.ticket;
}

/** Builds the bytes, then prints them as one transaction; a template error is an outcome, not a crash. */
async function printJob(ctx: HostContext, role: 'receipt-printer' | 'ticket-printer', kind: string, build: () => Uint8Array): Promise<PrintOutcome> {
  let job: Uint8Array;
  try {
    job = build();
  } catch (error) {
    ctx.log.warn('could not lay out a print job', { kind, reason: (error as Error).name });
    return { printed: false, reason: 'error', message: 'The document could not be laid out.' };
  }
  const outcome = await ctx.devices.print(role, job);
  // Only facts: which document, on which printer, and the outcome. Never the content.
  ctx.log.info('printed', { kind, role, printed: outcome.printed, ...(outcome.printed ? {} : { reason: outcome.reason }) });
  return outcome;
}

export function printingHandlers(ctx: HostContext): MethodHandlers {
  const hall = () => {
    const info = ctx.terminalInfo();
    return { hallName: info.hallName ?? '政务服务中心', hotline: info.hotline ?? '12345' };
  };
  return {
    'printer.printTestPage': async ({ role }) => {
      const job = buildTestPage({ terminalId: ctx.terminalInfo().terminalId ?? 'unenrolled', appVersion: ctx.launch.KIOSK_APP_VERSION }, { paperWidth: paperWidthOf(ctx, role), rasterizer: ctx.rasterizer });
      return ctx.devices.print(role, job);
    },
    'printer.printReceipt': (data) =>
      printJob(ctx, 'receipt-printer', 'acceptance-receipt', () =>
        buildAcceptanceReceipt({ ...hall(), ...data, receivedAt: new Date(data.receivedAt) }, { paperWidth: paperWidthOf(ctx, 'receipt-printer'), rasterizer: ctx.rasterizer }),
      ),
    'printer.printNotice': (data) =>
      printJob(ctx, 'receipt-printer', 'missing-materials-notice', () =>
        buildMissingMaterialsNotice({ ...hall(), ...data, issuedAt: new Date(data.issuedAt) }, { paperWidth: paperWidthOf(ctx, 'receipt-printer'), rasterizer: ctx.rasterizer }),
      ),
    'printer.printTicket': async ({ categoryCode, ...data }) => {
      const outcome = await printJob(ctx, 'ticket-printer', 'queue-ticket', () =>
        buildQueueTicket({ hallName: hall().hallName, ...data, issuedAt: new Date(data.issuedAt) }, { paperWidth: paperWidthOf(ctx, 'ticket-printer'), rasterizer: ctx.rasterizer }),
      );
      if (outcome.printed && categoryCode) queueBoardOf(ctx).noteIssued(categoryCode);
      return outcome;
    },
  };
}
