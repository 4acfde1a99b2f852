/**
 * Checks on the port hand-off IPC (common/ipc/electron-bridge.ts), after VS Code's validatedIpcMain:
 * a message counts only if it comes from the main frame of our window, whose document is on the
 * app's own origin, and carries a well-formed nonce. Imported by the preload too, so this module
 * must not import Node or Electron at runtime.
 */
import { isAppUrl } from './navigation';

export const NONCE_PATTERN = /^[A-Za-z0-9-]{8,64}$/;

export function isValidNonce(nonce: unknown): nonce is string {
  return typeof nonce === 'string' && NONCE_PATTERN.test(nonce);
}

/** The parts of an IpcMainEvent that decide whether to trust it. */
export interface IpcSenderInfo {
  /** event.senderFrame: null when the frame already navigated away or was destroyed. */
  senderFrame: { url: string; parent: unknown } | null | undefined;
  /** event.sender.mainFrame (the main frame of the sending webContents). */
  mainFrame: unknown;
  /** Whether event.sender is the kiosk window's webContents. */
  fromKioskWindow: boolean;
}

export type SenderVerdict = { ok: true } | { ok: false; reason: 'not-kiosk-window' | 'no-frame' | 'not-main-frame' | 'foreign-origin' };

export function validateIpcSender(info: IpcSenderInfo): SenderVerdict {
  if (!info.fromKioskWindow) return { ok: false, reason: 'not-kiosk-window' };
  const frame = info.senderFrame;
  if (frame === null || frame === undefined) return { ok: false, reason: 'no-frame' };
  if (frame !== info.mainFrame || (frame.parent !== null && frame.parent !== undefined)) return { ok: false, reason: 'not-main-frame' };
  if (!isAppUrl(frame.url)) return { ok: false, reason: 'foreign-origin' };
  return { ok: true };
}

/** A fixed-window limit on port requests, so a misbehaving page cannot flood the host with ports. */
export class RequestThrottle {
  private times: number[] = [];

  constructor(
    private readonly max = 20,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  allow(): boolean {
    const now = this.now();
    this.times = this.times.filter((t) => now - t < this.windowMs);
    if (this.times.length >= this.max) return false;
    this.times.push(now);
    return true;
  }
}
