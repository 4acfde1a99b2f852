/**
 * A GA 467 reader in software: answers SAM_V command frames arriving on a ByteTransport the way a
 * real desktop reader does, so the driver, the device host and the kiosk UI can run without one.
 *
 * Card states, as on real readers:
 *   idle      placed on the reader: find answers 9F
 *   selected  after select (20 02): read commands work (and keep working after a read)
 *   halted    after a successful read: find answers 80 ("no card") until the card is presented
 *             again (placeCard), but select still succeeds while it lies in the field — the
 *             behaviour CardPoller relies on to tell "still there" from "removed".
 *
 * Faults (setFault): 'no-sam' (SAM commands and reads answer 60), 'checksum-errors' (the next answer
 * carries a bad checksum; one-shot), 'garbage' (junk bytes, including broken preambles, before every
 * answer), { kind: 'slow', delayMs } (every answer delayed), 'remove-mid-read' (the next read
 * answers 41 and the card is gone; one-shot), 'silent' (no answers at all), 'truncated' (the next
 * answer stops half-way; one-shot).
 */
import type { ByteTransport } from '../transport/byte-transport';
import { FrameDecoder, SAM_COMMANDS, encodeResponse, parseCommandPayload } from './frame';
import type { CardText } from './text-block';
import { encodeTextBlock } from './text-block';
import { encodeSamId } from './sam-id';
import { fillerBytes } from './filler';

export interface SimulatedCard {
  card: CardText;
  /** The 1024-byte WLT photo; deterministic filler when absent. */
  photoWlt?: Uint8Array;
  /** Fingerprint data (0, 512 or 1024 bytes on real cards); absent = none. */
  fingerprint?: Uint8Array;
  /** Address-change record; absent = SW3 91 for 30 03. */
  appendedAddress?: string;
}

export type SamSimulatorFault =
  | 'no-sam'
  | 'checksum-errors'
  | 'garbage'
  | { kind: 'slow'; delayMs: number }
  | 'remove-mid-read'
  | 'silent'
  | 'truncated';

export interface SamSimulatorOptions {
  /** A catalogue of cards (e.g. DEMO_CARDS) for placeCardAt(); none is on the reader at start. */
  cards?: SimulatedCard[];
  samId?: string;
}

export const DEFAULT_SIMULATED_SAM_ID = '05.01-20250101-000000001-123456789';

/** Length of the appended-address answer: 35 UCS-2 characters, like the address field. */
const APPENDED_ADDRESS_BYTES = 70;

const SW = {
  ok: 0x90,
  findOk: 0x9f,
  noContent: 0x91,
  checksum: 0x10,
  command: 0x21,
  readFailed: 0x41,
  samSelfTest: 0x60,
  noCard: 0x80,
  selectFailed: 0x81,
} as const;

/** Junk that contains fragments of the preamble, to exercise resynchronisation. */
const GARBAGE = Uint8Array.from([0x00, 0xff, 0xaa, 0xaa, 0x96, 0x13, 0xaa, 0xaa, 0xaa, 0x96, 0x00, 0x37, 0xaa]);

interface Presence {
  sim: SimulatedCard;
  selected: boolean;
  halted: boolean;
}

const key = (cmd: number, para: number): number => (cmd << 8) | para;
const C = SAM_COMMANDS;

export class SamSimulator {
  readonly cards: readonly SimulatedCard[];
  private readonly samIdBytes: Uint8Array;
  private presence: Presence | null = null;
  private fault: SamSimulatorFault | null = null;
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  /** Commands received, by name (for tests and the technician CLI). */
  readonly log: string[] = [];

  constructor(options: SamSimulatorOptions = {}) {
    this.cards = options.cards ?? [];
    this.samIdBytes = encodeSamId(options.samId ?? DEFAULT_SIMULATED_SAM_ID);
  }

  /** Answers every command frame that arrives on `transport`. Returns a function that detaches. */
  attach(transport: ByteTransport): () => void {
    const decoder = new FrameDecoder();
    const off = transport.onData((bytes) => {
      for (const item of decoder.push(bytes)) {
        if (item.kind === 'checksum-error') this.answer(transport, encodeResponse(0, 0, SW.checksum));
        else if (item.kind === 'frame') {
          const command = parseCommandPayload(item.payload);
          if (command !== undefined) this.answer(transport, this.handle(command.cmd, command.para));
        }
      }
    });
    return () => {
      off();
      for (const timer of this.timers) clearTimeout(timer);
      this.timers.clear();
    };
  }

  placeCard(card: SimulatedCard): void {
    this.presence = { sim: card, selected: false, halted: false };
  }

  /** Places the catalogue card at `index` (see options.cards). */
  placeCardAt(index: number): void {
    const card = this.cards[index];
    if (card === undefined) throw new RangeError(`no simulated card at index ${index}`);
    this.placeCard(card);
  }

  removeCard(): void {
    this.presence = null;
  }

  get presentCard(): SimulatedCard | null {
    return this.presence?.sim ?? null;
  }

  get currentFault(): SamSimulatorFault | null {
    return this.fault;
  }

  setFault(fault: SamSimulatorFault | null): void {
    this.fault = fault;
  }

  private handle(cmd: number, para: number): Uint8Array {
    const k = key(cmd, para);
    this.log.push(commandName(k));
    const noSam = this.fault === 'no-sam';
    switch (k) {
      case key(C.reset.cmd, C.reset.para):
      case key(C.samStatus.cmd, C.samStatus.para):
        return encodeResponse(0, 0, noSam ? SW.samSelfTest : SW.ok);
      case key(C.samId.cmd, C.samId.para):
        return noSam ? encodeResponse(0, 0, SW.samSelfTest) : encodeResponse(0, 0, SW.ok, this.samIdBytes);
      case key(C.find.cmd, C.find.para):
        if (this.presence === null || this.presence.halted) return encodeResponse(0, 0, SW.noCard);
        return encodeResponse(0, 0, SW.findOk, new Uint8Array(4));
      case key(C.select.cmd, C.select.para):
        if (this.presence === null) return encodeResponse(0, 0, SW.selectFailed);
        this.presence.selected = true;
        return encodeResponse(0, 0, SW.ok, new Uint8Array(8));
      case key(C.readTextPhoto.cmd, C.readTextPhoto.para):
      case key(C.readTextPhotoFingerprint.cmd, C.readTextPhotoFingerprint.para):
        return this.read(k === key(C.readTextPhotoFingerprint.cmd, C.readTextPhotoFingerprint.para));
      case key(C.readAppendedAddress.cmd, C.readAppendedAddress.para): {
        const failed = this.readPrecondition();
        if (failed !== undefined) return failed;
        const address = this.presence!.sim.appendedAddress;
        if (address === undefined || address === '') return encodeResponse(0, 0, SW.noContent);
        return encodeResponse(0, 0, SW.ok, ucs2Padded(address, APPENDED_ADDRESS_BYTES));
      }
      default:
        return encodeResponse(0, 0, SW.command);
    }
  }

  /** The answer that stops a read, if any: no SAM, card pulled away, no card, not selected. */
  private readPrecondition(): Uint8Array | undefined {
    if (this.fault === 'no-sam') return encodeResponse(0, 0, SW.samSelfTest);
    if (this.fault === 'remove-mid-read' && this.presence !== null) {
      this.fault = null;
      this.presence = null;
      return encodeResponse(0, 0, SW.readFailed);
    }
    if (this.presence === null || !this.presence.selected) return encodeResponse(0, 0, SW.readFailed);
    return undefined;
  }

  private read(withFingerprint: boolean): Uint8Array {
    const failed = this.readPrecondition();
    if (failed !== undefined) return failed;
    const presence = this.presence!;
    const text = encodeTextBlock(presence.sim.card);
    const photo = presence.sim.photoWlt ?? fillerBytes(1024, presence.sim.card.idNumber);
    const fingerprint = withFingerprint ? (presence.sim.fingerprint ?? new Uint8Array(0)) : new Uint8Array(0);
    const header = withFingerprint ? 6 : 4;
    const data = new Uint8Array(header + text.length + photo.length + fingerprint.length);
    data[0] = text.length >> 8;
    data[1] = text.length & 0xff;
    data[2] = photo.length >> 8;
    data[3] = photo.length & 0xff;
    if (withFingerprint) {
      data[4] = fingerprint.length >> 8;
      data[5] = fingerprint.length & 0xff;
    }
    data.set(text, header);
    data.set(photo, header + text.length);
    data.set(fingerprint, header + text.length + photo.length);
    // Like the real card: once read it halts and no longer answers find until presented again.
    // It stays selected, so the appended address (30 03) can follow the text read.
    presence.halted = true;
    return encodeResponse(0, 0, SW.ok, data);
  }

  private answer(transport: ByteTransport, frame: Uint8Array): void {
    const fault = this.fault;
    if (fault === 'silent') return;
    let out = frame;
    if (fault === 'checksum-errors') {
      this.fault = null;
      out = frame.slice();
      out[out.length - 1] = out[out.length - 1]! ^ 0x5a;
    } else if (fault === 'truncated') {
      this.fault = null;
      out = frame.slice(0, Math.max(8, frame.length >> 1));
    } else if (fault === 'garbage') {
      out = new Uint8Array(GARBAGE.length + frame.length);
      out.set(GARBAGE, 0);
      out.set(frame, GARBAGE.length);
    }
    const send = (): void => {
      if (transport.isOpen) transport.write(out).catch(() => undefined);
    };
    if (typeof fault === 'object' && fault !== null && fault.kind === 'slow') {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        send();
      }, fault.delayMs);
      this.timers.add(timer);
    } else send();
  }
}

function ucs2Padded(value: string, minBytes: number): Uint8Array {
  const length = Math.max(minBytes, value.length * 2);
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i += 2) out[i] = 0x20;
  for (let i = 0; i < value.length; i += 1) {
    const unit = value.charCodeAt(i);
    out[2 * i] = unit & 0xff;
    out[2 * i + 1] = unit >> 8;
  }
  return out;
}

function commandName(k: number): string {
  for (const [name, c] of Object.entries(SAM_COMMANDS)) if (key(c.cmd, c.para) === k) return name;
  return `unknown-${k.toString(16).padStart(4, '0')}`;
}
