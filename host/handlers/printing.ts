import type { MethodHandlers } from '../../common/ipc/rpc-server';
import { buildTestPage } from '../../drivers/printer';
import type { HostContext } from '../host-context';

export function paperWidthOf(ctx: HostContext, role: 'receipt-printer' | 'ticket-printer'): 80 | 58 {
  return role === 'receipt-printer' ? ctx.config.paperWidth.receipt : ctx.config.paperWidth.ticket;
}

export function printingHandlers(ctx: HostContext): MethodHandlers {
  return {
    'printer.printTestPage': async ({ role }) => {
      const job = buildTestPage({ terminalId: ctx.terminalInfo().terminalId ?? 'unenrolled', appVersion: ctx.launch.KIOSK_APP_VERSION }, { paperWidth: paperWidthOf(ctx, role), rasterizer: ctx.rasterizer });
      return ctx.devices.print(role, job);
    },
  };
}
