/**
 * What the simulator panel (and the end-to-end tests) can do to the simulated world: place and
 * remove a card, scan a code, run a printer out of paper or open its cover, unplug a device, cut
 * the network; and see every receipt or ticket printed, as text and as an image.
 */
import { randomUUID } from 'node:crypto';
import { DEMO_CARDS } from '../../drivers/idcard';
import { textOf, type PrintedDocument } from '../../drivers/printer';
import { renderPrintedDocumentPng } from '../../drivers/node/printer';
import { maskIdNumber, maskName } from '../../common/identity/mask';
import type { DeviceRole } from '../../common/devices/status';
import type { SimulatorState } from '../../common/ipc/protocol';
import type { DeviceSet } from '../../drivers/node/device-set';
import type { PlatformClient } from '../platform/platform-client';

type PrinterRole = 'receipt-printer' | 'ticket-printer';

interface PrintedRecord {
  id: string;
  role: PrinterRole;
  at: string;
  doc: PrintedDocument;
  paperWidth: 80 | 58;
}

/** Printed documents kept for the panel; older ones are dropped (they hold masked data only). */
const MAX_PRINTED = 50;

export class SimulatorControls {
  private readonly printed: PrintedRecord[] = [];
  private readonly printerState: Record<PrinterRole, { paper: 'ok' | 'near-end' | 'out'; coverOpen: boolean }> = {
    'receipt-printer': { paper: 'ok', coverOpen: false },
    'ticket-printer': { paper: 'ok', coverOpen: false },
  };
  private readonly unplugged = new Set<DeviceRole>();
  private presentCard: number | null = null;
  private readonly listeners = new Set<(state: SimulatorState) => void>();

  constructor(
    private readonly devices: DeviceSet,
    private readonly platform: PlatformClient,
    private readonly paperWidth: { receipt: 80 | 58; ticket: 80 | 58 },
  ) {
    const watch = (role: PrinterRole, simulator: { onPrinted(listener: (doc: PrintedDocument) => void): () => void } | undefined) => {
      simulator?.onPrinted((doc) => {
        this.printed.unshift({ id: randomUUID(), role, at: new Date().toISOString(), doc, paperWidth: role === 'receipt-printer' ? paperWidth.receipt : paperWidth.ticket });
        this.printed.length = Math.min(this.printed.length, MAX_PRINTED);
        this.changed();
      });
    };
    watch('receipt-printer', devices.simulators.receiptPrinter);
    watch('ticket-printer', devices.simulators.ticketPrinter);
  }

  onChange(listener: (state: SimulatorState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  state(): SimulatorState {
    return {
      cards: DEMO_CARDS.map((simulated, index) => ({
        index,
        // The panel is a demo tool on the same screen as the kiosk: it too shows people masked.
        label: `${maskName(simulated.card.name)} ${maskIdNumber(simulated.card.idNumber)}`,
        cardType: simulated.card.cardType,
      })),
      presentCard: this.presentCard,
      networkCut: this.platform.isNetworkCut,
      printers: (['receipt-printer', 'ticket-printer'] as const).map((role) => ({ role, ...this.printerState[role] })),
      unplugged: [...this.unplugged],
      printed: this.printed.map((p) => ({ id: p.id, role: p.role, at: p.at, text: textOf(p.doc) })),
    };
  }

  placeCard(index: number): SimulatorState {
    const card = DEMO_CARDS[index];
    const reader = this.require(this.devices.simulators.idcard, 'ID-card reader');
    if (!card) throw new Error(`There is no demo card ${index}.`);
    reader.placeCard(card);
    this.presentCard = index;
    return this.changed();
  }

  removeCard(): SimulatorState {
    this.require(this.devices.simulators.idcard, 'ID-card reader').removeCard();
    this.presentCard = null;
    return this.changed();
  }

  async scan(text: string, encoding: 'utf-8' | 'gb18030' | 'latin1'): Promise<SimulatorState> {
    await this.require(this.devices.simulators.scanner, 'QR scanner').scan(text, { encoding });
    return this.state();
  }

  setPrinter(role: PrinterRole, change: { paper?: 'ok' | 'near-end' | 'out'; coverOpen?: boolean }): SimulatorState {
    const simulator = this.require(role === 'receipt-printer' ? this.devices.simulators.receiptPrinter : this.devices.simulators.ticketPrinter, role);
    if (change.paper !== undefined) {
      simulator.setPaper(change.paper);
      this.printerState[role].paper = change.paper;
    }
    if (change.coverOpen !== undefined) {
      simulator.setCoverOpen(change.coverOpen);
      this.printerState[role].coverOpen = change.coverOpen;
    }
    return this.changed();
  }

  setNetworkCut(cut: boolean): SimulatorState {
    this.platform.setNetworkCut(cut);
    return this.changed();
  }

  setPlugged(role: DeviceRole, plugged: boolean): SimulatorState {
    if (plugged) {
      this.devices.simulatorControls.replug(role);
      this.unplugged.delete(role);
    } else {
      this.devices.simulatorControls.unplug(role);
      this.unplugged.add(role);
    }
    return this.changed();
  }

  printedImage(id: string): { pngDataUrl: string } {
    const record = this.printed.find((p) => p.id === id);
    if (!record) throw new Error('That printout is no longer kept.');
    const png = renderPrintedDocumentPng(record.doc, { paperWidth: record.paperWidth });
    return { pngDataUrl: `data:image/png;base64,${Buffer.from(png).toString('base64')}` };
  }

  private require<T>(simulator: T | undefined, what: string): T {
    if (!simulator) throw new Error(`The ${what} is not simulated on this terminal.`);
    return simulator;
  }

  private changed(): SimulatorState {
    const state = this.state();
    for (const listener of this.listeners) listener(state);
    return state;
  }
}
