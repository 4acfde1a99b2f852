/**
 * The device host's device set with every role simulated in-process: the real drivers talk to the
 * simulators through memory transport pairs, so these tests exercise the real protocol bytes.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDeviceSet } from '../../../../drivers/node/device-set';
import type { DeviceConnections, DeviceSet } from '../../../../drivers/node/device-set';
import { DEMO_CARDS } from '../../../../drivers/idcard/index';
import type { CardRead } from '../../../../drivers/idcard/index';
import { buildQueueTicket } from '../../../../drivers/printer/index';
import type { ScanEvent } from '../../../../common/scan/scan-event';
import type { DeviceRole, DeviceStatus } from '../../../../common/devices/status';

const ALL_SIMULATED: DeviceConnections = {
  'idcard-reader': { kind: 'simulator' },
  'qr-scanner': { kind: 'simulator' },
  'receipt-printer': { kind: 'simulator' },
  'ticket-printer': { kind: 'simulator' },
};

const FAST = { printerPollMs: 40, samCheckMs: 100, cardPollMs: 30, retryIntervalMs: 100 };

let set: DeviceSet | undefined;
afterEach(async () => {
  await set?.close();
  set = undefined;
});

const statusOf = (s: DeviceSet, role: DeviceRole): DeviceStatus => s.statuses().find((x) => x.role === role)!;
const until = (condition: () => boolean, timeout = 3000) => vi.waitUntil(condition, { timeout, interval: 10 });

describe('createDeviceSet with simulators', () => {
  it('reports all four roles ready and simulated', async () => {
    set = createDeviceSet(ALL_SIMULATED, { ...FAST, paperWidth: { receipt: 80, ticket: 58 } });
    await set.started();
    await until(() => set!.statuses().every((s) => s.state === 'ready'));
    const statuses = set.statuses();
    expect(statuses.map((s) => s.role)).toEqual(['idcard-reader', 'qr-scanner', 'receipt-printer', 'ticket-printer']);
    for (const status of statuses) expect(status).toMatchObject({ state: 'ready', simulated: true, connection: 'simulator', warnings: [] });
    expect(statusOf(set, 'ticket-printer').model).toContain('58');
    expect(set.simulators.idcard).toBeDefined();
    expect(set.simulators.scanner).toBeDefined();
    expect(set.simulators.receiptPrinter?.paperWidth).toBe(80);
    expect(set.simulators.ticketPrinter?.paperWidth).toBe(58);
  });

  it('delivers cards, card removal and scans', async () => {
    set = createDeviceSet(ALL_SIMULATED, FAST);
    await set.started();
    const cards: CardRead[] = [];
    let removed = 0;
    const scans: ScanEvent[] = [];
    set.onCard((read) => cards.push(read));
    set.onCardRemoved(() => removed++);
    set.onScan((scan) => scans.push(scan));
    set.simulators.idcard!.placeCard(DEMO_CARDS[0]!);
    await until(() => cards.length === 1);
    expect(cards[0]!.card).toMatchObject({ cardType: 'resident', idNumber: DEMO_CARDS[0]!.card.idNumber });
    expect(cards[0]!.photoWlt).toHaveLength(1024);
    set.simulators.idcard!.removeCard();
    await until(() => removed === 1);
    await set.simulators.scanner!.scan('91350100M000100Y43');
    await until(() => scans.length === 1);
    expect(scans[0]).toMatchObject({ text: '91350100M000100Y43', kind: 'licence', uscc: '91350100M000100Y43', source: 'simulator' });
  });

  it('prints, and reflects paper-out, cover-open and near-end in the status', async () => {
    set = createDeviceSet(ALL_SIMULATED, FAST);
    await set.started();
    const printer = set.simulators.receiptPrinter!;
    const job = buildQueueTicket({ hallName: '测试大厅', ticketNumber: 'A001', category: '测试', peopleAhead: 2, issuedAt: new Date('2025-01-01T00:00:00Z') }, { paperWidth: 80 });
    await expect(set.print('receipt-printer', job)).resolves.toEqual({ printed: true });
    expect(printer.printed).toHaveLength(1);
    await expect(set.printerStatus('receipt-printer')).resolves.toEqual({ online: true, paperOut: false, paperNearEnd: false, coverOpen: false, error: false });

    printer.setPaper('near-end');
    await until(() => statusOf(set!, 'receipt-printer').warnings.includes('paper-near-end'));
    expect(statusOf(set, 'receipt-printer').state).toBe('ready');

    printer.setPaper('out');
    await until(() => statusOf(set!, 'receipt-printer').state === 'fault');
    expect(statusOf(set, 'receipt-printer').fault).toMatchObject({ code: 'paper-out', actor: 'staff' });
    await expect(set.print('receipt-printer', job)).resolves.toMatchObject({ printed: false, reason: 'paper-out' });
    expect(printer.printed).toHaveLength(1);

    printer.setPaper('ok');
    printer.setCoverOpen(true);
    await until(() => statusOf(set!, 'receipt-printer').fault?.code === 'cover-open');
    expect(statusOf(set, 'receipt-printer').fault?.actor).toBe('staff');
    printer.setCoverOpen(false);
    await until(() => statusOf(set!, 'receipt-printer').state === 'ready');
    // The ticket printer was never touched.
    expect(statusOf(set, 'ticket-printer').state).toBe('ready');
  });

  it('a printer that stops answering is not-responding', async () => {
    set = createDeviceSet(ALL_SIMULATED, FAST);
    await set.started();
    set.simulators.ticketPrinter!.setOffline(true);
    await until(() => statusOf(set!, 'ticket-printer').fault?.code === 'not-responding', 5000);
    set.simulators.ticketPrinter!.setOffline(false);
    await until(() => statusOf(set!, 'ticket-printer').state === 'ready', 5000);
  });

  it('reports a SAM fault (technician) and clears it when the SAM recovers', async () => {
    set = createDeviceSet(ALL_SIMULATED, FAST);
    await set.started();
    set.simulators.idcard!.setFault('no-sam');
    await until(() => statusOf(set!, 'idcard-reader').fault?.code === 'sam-fault');
    expect(statusOf(set, 'idcard-reader').fault?.actor).toBe('technician');
    set.simulators.idcard!.setFault(null);
    await until(() => statusOf(set!, 'idcard-reader').state === 'ready');
  });

  it.each(['idcard-reader', 'qr-scanner', 'receipt-printer', 'ticket-printer'] as const)('unplugging the simulated %s makes it offline; replugging makes it ready within 2 s', async (role) => {
    set = createDeviceSet(ALL_SIMULATED, { ...FAST, retryIntervalMs: 500 });
    await set.started();
    await until(() => statusOf(set!, role).state === 'ready');
    const seen: string[] = [];
    set.onStatus((s) => {
      if (s.role === role) seen.push(s.state);
    });
    set.simulatorControls.unplug(role);
    expect(set.simulatorControls.isPlugged(role)).toBe(false);
    await until(() => statusOf(set!, role).state === 'offline');
    expect(statusOf(set, role).fault).toMatchObject({ code: 'device-missing', actor: 'technician' });
    const back = Date.now();
    set.simulatorControls.replug(role);
    await until(() => statusOf(set!, role).state === 'ready', 2000);
    expect(Date.now() - back).toBeLessThan(2000);
    expect(seen).toEqual(['offline', 'ready']);
  });

  it('works again after a replug: a card placed after reconnection is read', async () => {
    set = createDeviceSet(ALL_SIMULATED, FAST);
    await set.started();
    set.simulatorControls.unplug('idcard-reader');
    await until(() => statusOf(set!, 'idcard-reader').state === 'offline');
    set.simulatorControls.replug('idcard-reader');
    await until(() => statusOf(set!, 'idcard-reader').state === 'ready');
    const cards: CardRead[] = [];
    set.onCard((read) => cards.push(read));
    set.simulators.idcard!.placeCard(DEMO_CARDS[4]!);
    await until(() => cards.length === 1);
    expect(cards[0]!.card.cardType).toBe(DEMO_CARDS[4]!.card.cardType);
  });

  it('print on an unplugged printer is refused as offline (never rejects)', async () => {
    set = createDeviceSet(ALL_SIMULATED, FAST);
    await set.started();
    set.simulatorControls.unplug('ticket-printer');
    await expect(set.print('ticket-printer', Uint8Array.of(0x1b, 0x40))).resolves.toMatchObject({ printed: false, reason: 'offline' });
    await expect(set.printerStatus('ticket-printer')).rejects.toThrow();
  });
});

describe('createDeviceSet with other connections', () => {
  it('wedge and camera scanners are ready; none is offline/not-configured', async () => {
    set = createDeviceSet({ 'idcard-reader': { kind: 'none' }, 'qr-scanner': { kind: 'wedge' }, 'receipt-printer': { kind: 'none' }, 'ticket-printer': { kind: 'none' } }, FAST);
    await set.started();
    expect(statusOf(set, 'qr-scanner')).toMatchObject({ state: 'ready', connection: 'wedge', simulated: false });
    expect(statusOf(set, 'qr-scanner').fault).toBeUndefined();
    for (const role of ['idcard-reader', 'receipt-printer', 'ticket-printer'] as const) {
      expect(statusOf(set, role)).toMatchObject({ state: 'offline', connection: 'none', fault: { code: 'not-configured', actor: 'technician' } });
    }
    await expect(set.print('receipt-printer', Uint8Array.of(0x1b, 0x40))).resolves.toMatchObject({ printed: false, reason: 'offline' });
    expect(set.simulators).toEqual({});
    await set.close();
    set = createDeviceSet({ 'idcard-reader': { kind: 'none' }, 'qr-scanner': { kind: 'camera' }, 'receipt-printer': { kind: 'none' }, 'ticket-printer': { kind: 'none' } }, FAST);
    expect(statusOf(set, 'qr-scanner')).toMatchObject({ state: 'ready', connection: 'camera' });
  });

  it('a serial port that does not exist is a port-unavailable fault', async () => {
    set = createDeviceSet(
      {
        'idcard-reader': { kind: 'serial', path: '/dev/does-not-exist-kiosk-0', baudRate: 115200 },
        'qr-scanner': { kind: 'none' },
        'receipt-printer': { kind: 'tcp', host: '127.0.0.1', port: 1 },
        'ticket-printer': { kind: 'none' },
      },
      FAST,
    );
    await set.started();
    expect(statusOf(set, 'idcard-reader')).toMatchObject({ state: 'fault', fault: { code: 'port-unavailable', actor: 'technician' }, connection: 'serial:/dev/does-not-exist-kiosk-0?baud=115200', simulated: false });
    expect(statusOf(set, 'receipt-printer')).toMatchObject({ state: 'fault', fault: { code: 'port-unavailable' }, connection: 'tcp://127.0.0.1:1' });
  });
});
