/**
 * The technician's diagnostics: the outbox (the figures the page's outbox sends with the request —
 * the outbox lives in the page's IndexedDB — and the host's own delivery state), the audit log's
 * delivery, platform reachability and clock offset (from the `Date` header of a live request), disk
 * free, app version, uptime, devices and recent faults. Nothing here is personal data; the export
 * runs it through the scrubber all the same.
 */
import { statfsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PageOutboxFigures, StaffDiagnostics } from '../../common/ipc/methods/staff';
import { PlatformUnreachableError } from '../platform/platform-client';
import { scrubPersonalData } from './scrub';
import type { StaffHost } from './staff-host';

interface Probe {
  reachable: boolean;
  status: number | null;
  roundTripMs: number | null;
  clockOffsetMs: number | null;
  reason?: string;
}

/** One authenticated GET whose answer carries `Date`; the offset is taken at the round trip's midpoint. */
async function probePlatform(staff: StaffHost): Promise<Probe> {
  const { ctx } = staff;
  const enrollment = ctx.terminal.current.enrollment;
  const path = enrollment ? `/v1/terminals/${encodeURIComponent(enrollment.terminalId)}/config` : '/v1/catalog';
  const sent = staff.now();
  try {
    const response = await ctx.platform.request('GET', path, { headers: { 'if-none-match': '*' } });
    const received = staff.now();
    const date = Date.parse(response.headers.get('date') ?? '');
    return {
      reachable: response.status < 500,
      status: response.status,
      roundTripMs: received - sent,
      clockOffsetMs: Number.isNaN(date) ? null : Math.round(date + 500 - (sent + received) / 2),
      ...(response.status === 401 ? { reason: 'the platform rejected the terminal credential (401): re-enroll' } : {}),
    };
  } catch (error) {
    return { reachable: false, status: null, roundTripMs: null, clockOffsetMs: null, reason: error instanceof PlatformUnreachableError ? error.message : (error as Error).name };
  }
}

/** The outbox part: the page's figures (ages from the host's clock), and whether the host's delivery is paused. */
function outboxFigures(staff: StaffHost, now: number, page: PageOutboxFigures | undefined): StaffDiagnostics['outbox'] {
  const ageSeconds = (at: string | null) => (at === null ? null : Math.max(0, Math.floor((now - Date.parse(at)) / 1000)));
  const deliveryPaused = staff.ctx.outbox?.deliverer.paused ?? null;
  if (!page) return { source: 'unknown', pending: null, needsAttention: [], setAside: null, oldestPendingAt: null, oldestAgeSeconds: null, lastDeliveredAt: null, lastDeliveredAgeSeconds: null, deliveryPaused };
  return {
    source: 'page',
    pending: page.pending,
    // The platform's problem code, kept to a code's characters (it is a code, never free text).
    needsAttention: page.items.map((i) => ({ itemId: i.itemId, kind: i.kind, state: i.state, status: i.status, reason: i.code === null ? 'unknown' : i.code.replace(/[^A-Za-z0-9._-]/g, '_') })),
    setAside: page.setAside,
    oldestPendingAt: page.oldestPendingAt,
    oldestAgeSeconds: ageSeconds(page.oldestPendingAt),
    lastDeliveredAt: page.lastDeliveredAt,
    lastDeliveredAgeSeconds: ageSeconds(page.lastDeliveredAt),
    deliveryPaused,
  };
}

export async function collectDiagnostics(staff: StaffHost, pageOutbox?: PageOutboxFigures): Promise<StaffDiagnostics> {
  const { ctx } = staff;
  const now = staff.now();
  const probe = await probePlatform(staff);
  const enrollment = ctx.terminal.current.enrollment;
  let disk: StaffDiagnostics['disk'] = { path: ctx.config.dataDir, freeBytes: null, totalBytes: null };
  try {
    const s = statfsSync(ctx.config.dataDir);
    disk = { path: ctx.config.dataDir, freeBytes: Number(s.bavail) * Number(s.bsize), totalBytes: Number(s.blocks) * Number(s.bsize) };
  } catch {
    // reported as unknown
  }
  const audit = staff.sender.status();
  return {
    generatedAt: new Date(now).toISOString(),
    appVersion: ctx.launch.KIOSK_APP_VERSION,
    uptimeSeconds: Math.max(0, Math.floor((now - staff.startedAt) / 1000)),
    terminal: {
      terminalId: enrollment?.terminalId ?? null,
      hallId: enrollment?.hallId ?? null,
      platform: ctx.config.platform.mode === 'remote' ? ctx.platform.baseUrl : 'embedded',
      credential: !enrollment ? 'none' : ctx.terminal.credentialRejectedAt || probe.status === 401 ? 'rejected' : 'ok',
    },
    outbox: outboxFigures(staff, now, pageOutbox),
    audit: { entries: staff.audit.size, undelivered: audit.undelivered, lastDeliveredAt: audit.lastDeliveredAt, attention: audit.attention },
    platform: { ...probe, lastContactAt: ctx.platform.currentConnectivity().lastContactAt },
    disk,
    devices: ctx.devices.statuses(),
    recentFaults: [...staff.recentFaults()].slice(-20),
  };
}

/** Writes diagnostics and the audit log (no personal data; scrubbed again) to one JSON file in `dir`. */
export async function exportDiagnostics(staff: StaffHost, dir: string, fileName: string, pageOutbox?: PageOutboxFigures): Promise<string> {
  const diagnostics = await collectDiagnostics(staff, pageOutbox);
  const document = {
    kind: 'bianmin-kiosk diagnostics',
    diagnostics,
    audit: staff.audit.all().map((r) => r.entry),
  };
  const path = join(dir, fileName);
  writeFileSync(path, `${scrubPersonalData(JSON.stringify(document, null, 2))}\n`, { mode: 0o600 });
  return path;
}
