/**
 * Every parser that reads bytes from a device, fed random bytes AND truncated valid input (a real
 * cable can cut a frame anywhere): no crash (only the documented error type), no hang (each call
 * returns; the SamReader settles under fake time), bounded memory (the buffers stay under their
 * documented limits). One place, so a new parser visibly needs a line here.
 *
 * Parsers: GA 467 FrameDecoder, response/command payload parsers, decodeTextBlock, formatSamId,
 * SamReader (the whole read path over random answers), ESC/POS status parser, EscPosInterpreter
 * (the printer simulator), EscPosPrinter reply handling, SuffixFramer, HidPosAssembler,
 * decodeScanBytes, classifyPayload.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import {
  DEFAULT_MAX_FRAME_LENGTH,
  DEMO_CARDS,
  FrameDecoder,
  SamError,
  SamReader,
  TEXT_BLOCK_LENGTH,
  decodeTextBlock,
  encodeResponse,
  encodeTextBlock,
  formatSamId,
  parseCommandPayload,
  parseResponsePayload,
  SAM_ID_LENGTH,
} from '../../../drivers/idcard/index';
import { DATA_LIMIT, EscPosInterpreter, EscPosPrinter, buildAcceptanceReceipt, buildQueueTicket, buildTestPage, parseStatusReplies } from '../../../drivers/printer/index';
import type { PrintedDocument } from '../../../drivers/printer/index';
import { HidPosAssembler, SuffixFramer } from '../../../drivers/scanner/index';
import { decodeScanBytes, SCAN_ENCODINGS } from '../../../common/scan/decode-bytes';
import { classifyPayload, MAX_SCAN_TEXT_LENGTH, SCAN_KINDS } from '../../../common/scan/classify';
import { createMemoryTransportPair } from '../../../drivers/transport/byte-transport';

const bytes = (max: number) => fc.uint8Array({ maxLength: max });
/** A valid input and a cut point: the input truncated anywhere (including empty and whole). */
const truncated = <T extends Uint8Array>(valid: fc.Arbitrary<T>) => valid.chain((v) => fc.integer({ min: 0, max: v.length }).map((n) => ({ whole: v, cut: v.slice(0, n) })));

const textBlocks = fc.constantFrom(...DEMO_CARDS.map((c) => encodeTextBlock(c.card)));

// ── ID card ─────────────────────────────────────────────────────────────────────────────────────

describe('GA 467 frame decoder and payload parsers', () => {
  const validResponse = fc.tuple(fc.integer({ min: 0, max: 255 }), bytes(1400)).map(([sw3, data]) => encodeResponse(0, 0, sw3, data));

  it('random bytes: no throw, buffer bounded', () => {
    fc.assert(
      fc.property(fc.array(bytes(3000), { maxLength: 12 }), (chunks) => {
        const decoder = new FrameDecoder();
        for (const chunk of chunks) {
          for (const item of decoder.push(chunk)) expect(['frame', 'checksum-error', 'length-error']).toContain(item.kind);
          expect(decoder.bufferedLength).toBeLessThanOrEqual(DEFAULT_MAX_FRAME_LENGTH);
        }
      }),
    );
  });

  it('a truncated frame yields nothing until the rest arrives, then exactly that frame', () => {
    fc.assert(
      fc.property(truncated(validResponse), ({ whole, cut }) => {
        const decoder = new FrameDecoder();
        const first = decoder.push(cut);
        if (cut.length < whole.length) expect(first).toEqual([]);
        const rest = decoder.push(whole.slice(cut.length));
        const frames = [...first, ...rest].filter((i) => i.kind === 'frame');
        expect(frames).toHaveLength(1);
        expect(decoder.bufferedLength).toBe(0);
      }),
    );
  });

  it('payload parsers take any bytes', () => {
    fc.assert(
      fc.property(bytes(50), (payload) => {
        const r = parseResponsePayload(payload);
        expect(r === undefined).toBe(payload.length < 3);
        const c = parseCommandPayload(payload);
        expect(c === undefined).toBe(payload.length < 2);
      }),
    );
  });

  it('formatSamId: any 16+ bytes format; fewer throw a RangeError', () => {
    fc.assert(
      fc.property(bytes(40), (data) => {
        if (data.length < SAM_ID_LENGTH) expect(() => formatSamId(data)).toThrow(RangeError);
        else expect(formatSamId(data)).toMatch(/^\d{2,3}\.\d{2,3}-\d+-\d{9,10}-\d{9,10}$/);
      }),
    );
  });
});

describe('decodeTextBlock', () => {
  const decodesOrUnsupported = (block: Uint8Array): void => {
    try {
      const card = decodeTextBlock(block);
      expect(['resident', 'hmt-residence', 'foreign-permanent']).toContain(card.cardType);
    } catch (error) {
      expect(error).toBeInstanceOf(SamError);
      expect((error as SamError).code).toBe('unsupported-card');
    }
  };

  it('random 256-byte blocks either decode or throw SamError("unsupported-card"), nothing else', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: TEXT_BLOCK_LENGTH, maxLength: TEXT_BLOCK_LENGTH }), decodesOrUnsupported), { numRuns: 500 });
  });

  it('random blocks carrying a card-type letter (I, J, Y) take those paths too', () => {
    const typed = fc.tuple(fc.uint8Array({ minLength: TEXT_BLOCK_LENGTH, maxLength: TEXT_BLOCK_LENGTH }), fc.constantFrom(0x49, 0x4a, 0x59)).map(([block, letter]) => {
      block[248] = letter;
      block[249] = 0;
      return block;
    });
    fc.assert(fc.property(typed, decodesOrUnsupported), { numRuns: 300 });
  });

  it('real blocks with random bytes overwritten still decode or throw unsupported-card', () => {
    const mutated = fc.tuple(textBlocks, fc.array(fc.tuple(fc.nat(TEXT_BLOCK_LENGTH - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 20 })).map(([block, edits]) => {
      const copy = block.slice();
      for (const [at, value] of edits) copy[at] = value;
      return copy;
    });
    fc.assert(fc.property(mutated, decodesOrUnsupported), { numRuns: 300 });
  });

  it('a truncated (or overlong) block throws unsupported-card', () => {
    fc.assert(
      fc.property(truncated(textBlocks), bytes(40), ({ whole, cut }, extra) => {
        if (cut.length === whole.length) return;
        expect(() => decodeTextBlock(cut)).toThrow(SamError);
        const long = new Uint8Array(whole.length + extra.length + 1);
        long.set(whole);
        expect(() => decodeTextBlock(long)).toThrow(expect.objectContaining({ code: 'unsupported-card' }));
      }),
    );
  });
});

describe('SamReader over random answers', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** What a broken or hostile device might send back to each command. */
  const answer = fc.oneof(
    bytes(64),
    fc.tuple(fc.constantFrom(0x90, 0x9f, 0x80, 0x81, 0x41, 0x60, 0x10, 0x21), bytes(1400)).map(([sw3, data]) => encodeResponse(0, 0, sw3, data)),
    fc.tuple(textBlocks, bytes(1024), fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0, max: 0xffff })).map(([text, photo, tl, pl]) => {
      const data = new Uint8Array(4 + text.length + photo.length);
      data[0] = tl >> 8;
      data[1] = tl & 0xff;
      data[2] = pl >> 8;
      data[3] = pl & 0xff;
      data.set(text, 4);
      data.set(photo, 4 + text.length);
      return encodeResponse(0, 0, 0x90, data);
    }),
    truncated(fc.tuple(fc.constantFrom(0x90, 0x9f), bytes(1300)).map(([sw3, data]) => encodeResponse(0, 0, sw3, data))).map((t) => t.cut),
  );

  it('readCard always settles with a CardRead or a SamError', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(answer, { minLength: 1, maxLength: 12 }), async (answers) => {
        const [host, device] = createMemoryTransportPair();
        await host.open();
        await device.open();
        let next = 0;
        device.onData(() => {
          const reply = answers[next++ % answers.length]!;
          void device.write(reply);
        });
        const reader = new SamReader(host, { commandTimeoutMs: { find: 50, select: 50, read: 50, sam: 50 } });
        let outcome: unknown = 'pending';
        reader.readCard().then(
          (read) => (outcome = read),
          (error: unknown) => (outcome = error),
        );
        await vi.advanceTimersByTimeAsync(2000);
        reader.dispose();
        expect(outcome).not.toBe('pending');
        if (outcome instanceof Error) expect(outcome).toBeInstanceOf(SamError);
        else expect((outcome as { photoWlt: Uint8Array }).photoWlt).toBeInstanceOf(Uint8Array);
      }),
      { numRuns: 150 },
    );
  });
});

// ── printer ────────────────────────────────────────────────────────────────────────────────────

describe('ESC/POS status parser', () => {
  it('any list of bytes either parses or throws a RangeError', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 6 }), (replies) => {
        try {
          const report = parseStatusReplies(replies);
          expect(replies).toHaveLength(4);
          expect(Object.keys(report.status).sort()).toEqual(['coverOpen', 'error', 'online', 'paperNearEnd', 'paperOut']);
        } catch (error) {
          expect(error).toBeInstanceOf(RangeError);
        }
      }),
    );
  });

  it('EscPosPrinter: a device answering random bytes never makes print() reject or hang', async () => {
    vi.useFakeTimers();
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(bytes(8), { minLength: 1, maxLength: 10 }), async (answers) => {
          const [host, device] = createMemoryTransportPair();
          await host.open();
          await device.open();
          let next = 0;
          device.onData(() => void device.write(answers[next++ % answers.length]!));
          const printer = new EscPosPrinter(host, { statusTimeoutMs: 20, confirmTimeoutMs: 50 });
          let outcome: unknown = 'pending';
          printer.print(Uint8Array.of(0x1b, 0x40, 0x41, 0x0a)).then((o) => (outcome = o));
          await vi.advanceTimersByTimeAsync(1000);
          printer.dispose();
          expect(outcome).toMatchObject({ printed: expect.any(Boolean) });
        }),
        { numRuns: 100 },
      );
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('ESC/POS interpreter (printer simulator)', () => {
  const NOW = new Date('2025-01-01T00:00:00Z');
  const jobs = fc.constantFrom(
    buildQueueTicket({ hallName: '测试大厅', ticketNumber: 'A001', category: '社保', peopleAhead: 3, issuedAt: NOW }, { paperWidth: 80 }),
    buildTestPage({ paperWidth: 58, now: NOW }),
    buildAcceptanceReceipt(
      { hallName: '测试', serviceName: '测试事项', applicant: { name: '张三', idNumber: '11010519491231002X' }, localReference: 'R-1', receivedAt: NOW, materials: [{ name: '身份证' }], nextSteps: [], hotline: '12345' },
      { paperWidth: 80 },
    ),
  );

  const interpreter = () => {
    const docs: PrintedDocument[] = [];
    let replies = 0;
    const it = new EscPosInterpreter(
      { reply: (b) => (replies += b.length), realtimeStatus: () => 0x12, paperSensorStatus: () => 0x00, canPrint: () => true, document: (d) => docs.push(d) },
      { paperWidth: 80 },
    );
    return { it, docs, replies: () => replies };
  };

  it('a job cut anywhere prints nothing yet; the rest of it completes exactly one document', () => {
    fc.assert(
      fc.property(truncated(jobs), ({ whole, cut }) => {
        const { it: interp, docs } = interpreter();
        interp.push(cut);
        if (cut.length < whole.length) expect(docs).toHaveLength(0);
        expect(interp.pendingBytes).toBeLessThanOrEqual(cut.length);
        interp.push(whole.slice(cut.length));
        expect(docs).toHaveLength(1);
        expect(interp.pendingBytes).toBe(0);
      }),
      { numRuns: 200 },
    );
  });

  it('a truncated job followed by random bytes: no throw, pending input bounded by DATA_LIMIT', () => {
    fc.assert(
      fc.property(truncated(jobs), fc.array(bytes(400), { maxLength: 8 }), ({ cut }, noise) => {
        const { it: interp } = interpreter();
        interp.push(cut);
        let pushed = cut.length;
        for (const chunk of noise) {
          interp.push(chunk);
          pushed += chunk.length;
          expect(interp.pendingBytes).toBeLessThanOrEqual(Math.min(pushed, DATA_LIMIT));
        }
      }),
      { numRuns: 200 },
    );
  });
});

// ── scanners ───────────────────────────────────────────────────────────────────────────────────

describe('SuffixFramer', () => {
  it('random bytes and truncated payloads: no throw, frames and pending bytes bounded', () => {
    fc.assert(
      fc.property(fc.array(bytes(200), { maxLength: 20 }), truncated(bytes(120).map((b) => Uint8Array.from([...b.filter((x) => x !== 0x0d), 0x0d]))), (chunks, { cut }) => {
        const framer = new SuffixFramer({ idleTimeoutMs: 0, maxFrameBytes: 256 });
        const frames: Uint8Array[] = [];
        framer.onFrame((f) => frames.push(f));
        for (const chunk of [...chunks, cut]) {
          framer.push(chunk);
          expect(framer.pendingBytes).toBeLessThanOrEqual(257);
        }
        framer.flush();
        expect(framer.pendingBytes).toBe(0);
        for (const f of frames) {
          expect(f.length).toBeGreaterThan(0);
          expect(f.length).toBeLessThanOrEqual(256);
        }
        framer.dispose();
      }),
    );
  });
});

describe('HidPosAssembler', () => {
  /** One valid 64-byte HID-POS input report for a short payload. */
  const report = bytes(56).map((part) => {
    const r = new Uint8Array(64);
    r[0] = 0x02;
    r[1] = part.length;
    r.set([0x5d, 0x51, 0x31], 2);
    r.set(part, 5);
    return r;
  });

  it('truncated and random reports: no throw, output bounded, and the next whole report still decodes', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(bytes(70), truncated(report).map((t) => t.cut)), { maxLength: 30 }), report, (noise, last) => {
        const assembler = new HidPosAssembler({ maxPayloadBytes: 300 });
        for (const r of noise) {
          const out = assembler.push(r);
          if (out !== null) expect(out.length).toBeLessThanOrEqual(300);
        }
        assembler.reset();
        const out = assembler.push(last);
        if (last[1]! > 0) expect(out).toEqual(last.slice(5, 5 + last[1]!));
      }),
    );
  });
});

describe('decodeScanBytes and classifyPayload', () => {
  const encoded = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 60 }).map((s) => new TextEncoder().encode(s)),
    fc.string({ unit: fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((c) => String.fromCodePoint(c)), maxLength: 30 }).map((s) => new Uint8Array(iconv.encode(s, 'gb18030'))),
  );

  it('random and truncated multi-byte text decodes to one of the three encodings, bounded', () => {
    fc.assert(
      fc.property(fc.oneof(bytes(600), truncated(encoded).map((t) => t.cut)), (input) => {
        const decoded = decodeScanBytes(input);
        expect(SCAN_ENCODINGS).toContain(decoded.encoding);
        expect(decoded.text.length).toBeLessThanOrEqual(input.length);
        const kind = classifyPayload(decoded.text).kind;
        expect(SCAN_KINDS).toContain(kind);
      }),
      { numRuns: 300 },
    );
  });

  it('truncated receipt, appointment and licence codes, and huge inputs, never throw', () => {
    const codes = fc.constantFrom('BMK:R:20250314-0042-AB12', 'BMK:A:AP-7781-2025', '91350100M000100Y43', 'https://hall.example.cn/q/A023');
    fc.assert(
      fc.property(codes, fc.nat(), fc.string({ maxLength: 20 }), (code, cut, tail) => {
        const text = code.slice(0, cut % (code.length + 1)) + tail;
        expect(SCAN_KINDS).toContain(classifyPayload(text).kind);
      }),
    );
    expect(SCAN_KINDS).toContain(classifyPayload('9'.repeat(MAX_SCAN_TEXT_LENGTH * 4)).kind);
  });
});
