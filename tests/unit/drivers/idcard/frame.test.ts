import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DEFAULT_MAX_FRAME_LENGTH,
  FrameDecoder,
  SAM_COMMANDS,
  encodeCommand,
  encodeResponse,
  fromHex,
  toHex,
  xorChecksum,
} from '../../../../drivers/idcard/frame';
import type { DecodedFrame } from '../../../../drivers/idcard/frame';

const P = 'AAAAAA9669';

describe('command frames (byte-exact against the reference table)', () => {
  const cases: [string, number, number, string][] = [
    ['reset SAM', 0x10, 0xff, `${P}000310FFEC`],
    ['SAM status', 0x11, 0xff, `${P}000311FFED`],
    ['SAM id', 0x12, 0xff, `${P}000312FFEE`],
    ['find', 0x20, 0x01, `${P}0003200122`],
    ['select', 0x20, 0x02, `${P}0003200221`],
    ['text + photo', 0x30, 0x01, `${P}0003300132`],
    ['appended address', 0x30, 0x03, `${P}0003300330`],
    ['card-body number', 0x30, 0x05, `${P}0003300536`],
    ['text + photo + fingerprint', 0x30, 0x10, `${P}0003301023`],
    ['baud 115200', 0x60, 0x00, `${P}0003600063`],
    ['baud 9600', 0x60, 0x04, `${P}0003600467`],
  ];
  it.each(cases)('%s', (_name, cmd, para, hex) => {
    expect(toHex(encodeCommand(cmd, para))).toBe(hex);
  });

  it('encodes the max-RF-frame command with its data byte', () => {
    expect(toHex(encodeCommand(0x61, 0xff, Uint8Array.of(0x50)))).toBe(`${P}000461FF50CA`);
  });

  it('SAM_COMMANDS holds the eight CMD/PARA pairs of the driver', () => {
    const hex = Object.fromEntries(Object.entries(SAM_COMMANDS).map(([name, c]) => [name, toHex(encodeCommand(c.cmd, c.para))]));
    expect(hex).toEqual({
      reset: `${P}000310FFEC`,
      samStatus: `${P}000311FFED`,
      samId: `${P}000312FFEE`,
      find: `${P}0003200122`,
      select: `${P}0003200221`,
      readTextPhoto: `${P}0003300132`,
      readAppendedAddress: `${P}0003300330`,
      readTextPhotoFingerprint: `${P}0003301023`,
    });
  });

  it('does not reproduce the wrong checksums found in public code', () => {
    expect(toHex(encodeCommand(0x20, 0x01))).not.toBe(`${P}0003200121`);
    expect(toHex(encodeCommand(0x20, 0x00))).toBe(`${P}0003200023`);
  });

  it('CHK is the XOR from LEN_H to the last data byte', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.uint8Array({ maxLength: 300 }), (cmd, para, data) => {
        const frame = encodeCommand(cmd, para, data);
        expect(toHex(frame.subarray(0, 5))).toBe(P);
        expect((frame[5]! << 8) | frame[6]!).toBe(frame.length - 7);
        expect(frame[frame.length - 1]).toBe(xorChecksum(frame, 5, frame.length - 1));
      }),
    );
  });

  it('rejects values that are not bytes', () => {
    expect(() => encodeCommand(0x100, 0)).toThrow(RangeError);
    expect(() => encodeResponse(0, 0, -1)).toThrow(RangeError);
  });
});

describe('response frames (for the simulator)', () => {
  it('matches the reference responses', () => {
    expect(toHex(encodeResponse(0, 0, 0x9f, new Uint8Array(4)))).toBe(`${P}000800009F0000000097`);
    expect(toHex(encodeResponse(0, 0, 0x80))).toBe(`${P}000400008084`);
    expect(toHex(encodeResponse(0, 0, 0x41))).toBe(`${P}000400004145`);
    expect(toHex(encodeResponse(0, 0, 0x90, new Uint8Array(8)))).toBe(`${P}000C000090${'00'.repeat(8)}9C`);
  });

  it('gives the documented sizes and offsets for 30 01 and 30 10 answers', () => {
    const read = encodeResponse(0, 0, 0x90, new Uint8Array(4 + 256 + 1024));
    expect(read.length).toBe(1295);
    expect(toHex(read.subarray(5, 7))).toBe('0508');
    // text starts at 14 and the photo at 270 (offsets from the start of the frame)
    expect(7 + 3 + 4).toBe(14);
    expect(14 + 256).toBe(270);
    for (const [fp, size] of [
      [0, 1297],
      [512, 1809],
      [1024, 2321],
    ] as const) {
      expect(encodeResponse(0, 0, 0x90, new Uint8Array(6 + 256 + 1024 + fp)).length).toBe(size);
    }
    expect(2321).toBeLessThanOrEqual(DEFAULT_MAX_FRAME_LENGTH);
  });
});

const frames = (items: DecodedFrame[]) => items.filter((i) => i.kind === 'frame').map((i) => (i.kind === 'frame' ? toHex(i.payload) : ''));

describe('FrameDecoder', () => {
  it('decodes a frame delivered one byte at a time', () => {
    const d = new FrameDecoder();
    const out: DecodedFrame[] = [];
    for (const b of fromHex(`${P}000800009F0000000097`)) out.push(...d.push(Uint8Array.of(b)));
    expect(out).toEqual([{ kind: 'frame', payload: fromHex('00009F00000000') }]);
    expect(d.bufferedLength).toBe(0);
  });

  it('decodes several frames in one chunk', () => {
    const d = new FrameDecoder();
    const bytes = fromHex(`${P}000400008084${P}000400004145`);
    expect(frames(d.push(bytes))).toEqual(['000080', '000041']);
  });

  it('skips garbage, including partial preambles, before a frame', () => {
    const d = new FrameDecoder();
    expect(frames(d.push(fromHex(`00FFAAAA9613AAAAAA9600AA${P}000400008084`)))).toEqual(['000080']);
  });

  it('reports a bad checksum and still finds the next frame', () => {
    const d = new FrameDecoder();
    const out = d.push(fromHex(`${P}000400008085${P}000400004145`));
    expect(out[0]).toMatchObject({ kind: 'checksum-error', expected: 0x84, actual: 0x85 });
    expect(frames(out)).toEqual(['000041']);
  });

  it('reports an impossible length and resynchronises', () => {
    const d = new FrameDecoder();
    const out = d.push(fromHex(`${P}FFFF${P}000400008084`));
    expect(out[0]).toEqual({ kind: 'length-error', length: 0xffff });
    expect(frames(out)).toEqual(['000080']);
    expect(new FrameDecoder().push(fromHex(`${P}0001AA`))[0]).toEqual({ kind: 'length-error', length: 1 });
  });

  it('keeps only a partial preamble when the input is garbage', () => {
    const d = new FrameDecoder();
    d.push(fromHex('0102030405AAAAAA96'));
    expect(d.bufferedLength).toBe(4);
    expect(frames(d.push(fromHex('69000400008084')))).toEqual(['000080']);
  });

  it('reset() drops a partial frame', () => {
    const d = new FrameDecoder();
    d.push(fromHex(`${P}000800009F`));
    expect(d.bufferedLength).toBeGreaterThan(0);
    d.reset();
    expect(d.bufferedLength).toBe(0);
  });

  describe('properties', () => {
    const validFrame = fc
      .tuple(fc.integer({ min: 0, max: 255 }), fc.uint8Array({ maxLength: 600 }))
      .map(([sw3, data]) => encodeResponse(0, 0, sw3, data));
    const noPreambleGarbage = fc.uint8Array({ maxLength: 3000 }).map((g) => g.map((b) => (b === 0xaa ? 0xab : b)));

    it('never throws and keeps its buffer bounded on random input in random chunks', () => {
      fc.assert(
        fc.property(fc.array(fc.uint8Array({ maxLength: 2000 }), { maxLength: 20 }), (chunks) => {
          const d = new FrameDecoder();
          for (const chunk of chunks) {
            d.push(chunk);
            expect(d.bufferedLength).toBeLessThanOrEqual(DEFAULT_MAX_FRAME_LENGTH);
          }
        }),
      );
    });

    it('never throws on preamble-rich noise and stays bounded', () => {
      const noisy = fc.array(fc.oneof(fc.constant(fromHex(P)), fc.uint8Array({ maxLength: 8 }), fc.constant(fromHex('0FFF'))), { maxLength: 400 });
      fc.assert(
        fc.property(noisy, (parts) => {
          const d = new FrameDecoder({ maxFrameLength: 1024 });
          for (const part of parts) {
            d.push(part);
            expect(d.bufferedLength).toBeLessThanOrEqual(1024);
          }
        }),
      );
    });

    it('finds the valid frame after garbage, whatever the chunking', () => {
      fc.assert(
        fc.property(noPreambleGarbage, validFrame, fc.array(fc.integer({ min: 1, max: 700 }), { minLength: 1, maxLength: 10 }), (garbage, frame, cuts) => {
          const stream = new Uint8Array(garbage.length + frame.length);
          stream.set(garbage, 0);
          stream.set(frame, garbage.length);
          const d = new FrameDecoder();
          const out: DecodedFrame[] = [];
          let pos = 0;
          for (let i = 0; pos < stream.length; i += 1) {
            const n = cuts[i % cuts.length]!;
            out.push(...d.push(stream.subarray(pos, pos + n)));
            pos += n;
          }
          expect(frames(out)).toEqual([toHex(frame.subarray(7, frame.length - 1))]);
          expect(d.bufferedLength).toBe(0);
        }),
      );
    });

    it('a truncated frame yields nothing, then the next complete frame is found', () => {
      fc.assert(
        fc.property(validFrame, validFrame, fc.nat(), (first, second, cutSeed) => {
          const cut = 1 + (cutSeed % (first.length - 1));
          const d = new FrameDecoder();
          expect(frames(d.push(first.subarray(0, cut)))).toEqual([]);
          expect(d.bufferedLength).toBeLessThanOrEqual(DEFAULT_MAX_FRAME_LENGTH);
          // The reader resets between commands: the next answer decodes cleanly.
          d.reset();
          expect(frames(d.push(second))).toEqual([toHex(second.subarray(7, second.length - 1))]);
        }),
      );
    });

    it('a corrupted byte never yields a wrong frame silently', () => {
      fc.assert(
        fc.property(validFrame, fc.nat(), fc.integer({ min: 1, max: 255 }), (frame, posSeed, flip) => {
          const pos = 5 + (posSeed % (frame.length - 5));
          const bad = frame.slice();
          bad[pos] = bad[pos]! ^ flip;
          const d = new FrameDecoder();
          const out = d.push(bad);
          // Either an error is reported, or nothing completes (a length that grew waits for more).
          expect(frames(out).includes(toHex(frame.subarray(7, frame.length - 1)))).toBe(false);
          expect(d.bufferedLength).toBeLessThanOrEqual(DEFAULT_MAX_FRAME_LENGTH);
        }),
      );
    });
  });
});
