import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMemoryTransportPair } from '../../../../drivers/transport/byte-transport';
import { DATA_LIMIT, EscPosBuilder, EscPosSimulator, MAX_BLOCKS, textOf } from '../../../../drivers/printer';
import type { PrintedDocument, QrBlock, RasterBlock, TextBlock } from '../../../../drivers/printer';
import { fakeRasterizer } from './helpers';

function printOne(bytes: Uint8Array, options: ConstructorParameters<typeof EscPosSimulator>[0] = {}): PrintedDocument {
  const sim = new EscPosSimulator(options);
  sim.receive(bytes);
  expect(sim.printed).toHaveLength(1);
  return sim.printed[0]!;
}

describe('EscPosSimulator: interpretation', () => {
  it('reads Chinese text with sizes, bold and alignment, completing the document at the cut', () => {
    const bytes = new EscPosBuilder({ paperWidth: 80 })
      .init()
      .align('center').size(2, 2).bold(true).line('受理回执').bold(false).size(1, 1)
      .align('left').text('事项：').bold(true).text('社保').bold(false).newline()
      .feed(3).cut('full').bytes();
    const doc = printOne(bytes);
    expect(doc.cut).toBe('full');
    expect(textOf(doc)).toBe('受理回执\n事项：社保');
    const [title, field] = doc.blocks.filter((b): b is TextBlock => b.kind === 'text');
    expect(title).toMatchObject({ text: '受理回执', align: 'center', bold: true, widthMul: 2, heightMul: 2, autoWrapped: false });
    expect(field?.bold).toBe(false);
    expect(field?.runs.map((r) => [r.text, r.bold])).toEqual([['事项：', false], ['社保', true]]);
    expect(doc.blocks.at(-1)).toEqual({ kind: 'feed', dots: 90 });
  });

  it('decodes QR payloads by bytes (Chinese) and CODE128', () => {
    const bytes = new EscPosBuilder({ paperWidth: 58 }).qr('查询：办件编号', { moduleSize: 4, ecc: 'Q' }).barcode128('NO-{42}').cut().bytes();
    const doc = printOne(bytes, { paperWidth: 58 });
    const qr = doc.blocks[0] as QrBlock;
    expect(qr).toMatchObject({ kind: 'qr', data: '查询：办件编号', moduleSize: 4, ecc: 'Q' });
    expect(doc.blocks[1]).toMatchObject({ kind: 'barcode', symbology: 'CODE128', data: 'NO-{42}' });
    expect(textOf(doc)).toBe('[QR:查询：办件编号]\n[BARCODE:NO-{42}]');
  });

  it('joins raster bands back into one image', () => {
    const rasterizer = fakeRasterizer();
    const doc = printOne(new EscPosBuilder({ paperWidth: 80, rasterizer }).line('𠮷').cut().bytes());
    const image = doc.blocks[0] as RasterBlock;
    expect(image.kind).toBe('raster');
    expect(image.bitmap.widthBytes).toBe(72);
    expect(image.bitmap.height).toBe(30);
  });

  it('prints four-byte codes as U+FFFD on GBK firmware, and as the character on full GB18030 firmware', () => {
    const bytes = Uint8Array.of(0x1c, 0x26, 0x95, 0x34, 0xb2, 0x35, 0x0a, 0x1d, 0x56, 0x00);
    expect(textOf(printOne(bytes))).toBe('\ufffd');
    expect(textOf(printOne(bytes, { gb18030FourByte: true }))).toBe('𠮷');
  });

  it('wraps a line wider than the paper by itself, and marks it', () => {
    const doc = printOne(new EscPosBuilder({ paperWidth: 58 }).line('中'.repeat(20)).cut().bytes(), { paperWidth: 58 });
    const lines = doc.blocks.filter((b): b is TextBlock => b.kind === 'text');
    expect(lines.map((l) => [l.text.length, l.autoWrapped])).toEqual([[16, true], [4, false]]);
  });

  it('answers DLE EOT with the reference bytes and GS r 1 only when it can print', () => {
    const sim = new EscPosSimulator();
    const replies: number[] = [];
    sim.onReply((bytes) => replies.push(...bytes));
    const query = Uint8Array.of(0x10, 0x04, 1, 0x10, 0x04, 2, 0x10, 0x04, 3, 0x10, 0x04, 4, 0x1d, 0x72, 0x01);
    sim.receive(query);
    expect(replies.splice(0)).toEqual([0x12, 0x12, 0x12, 0x12, 0x00]);
    sim.setPaper('near-end');
    sim.receive(query);
    expect(replies.splice(0)).toEqual([0x12, 0x12, 0x12, 0x1e, 0x03]);
    sim.setPaper('out');
    sim.receive(query);
    expect(replies.splice(0)).toEqual([0x1a, 0x32, 0x12, 0x7e]);
    sim.setPaper('ok');
    sim.setCoverOpen(true);
    sim.receive(query);
    expect(replies.splice(0)).toEqual([0x1a, 0x16, 0x12, 0x12]);
    sim.setCoverOpen(false);
    sim.setOffline(true);
    sim.receive(query);
    expect(replies).toEqual([]);
  });

  it('discards job bytes while out of paper or with the cover open, even after refill', () => {
    const sim = new EscPosSimulator();
    const job = new EscPosBuilder({ paperWidth: 80 }).init().line('张*三的回执').cut().bytes();
    sim.setPaper('out');
    sim.receive(job);
    sim.setPaper('ok');
    expect(sim.printed).toEqual([]);
    sim.setCoverOpen(true);
    sim.receive(job);
    sim.setCoverOpen(false);
    expect(sim.printed).toEqual([]);
    sim.receive(job);
    expect(sim.printed.map(textOf)).toEqual(['张*三的回执']);
  });

  it('drops a half-printed document when paper runs out before the cut', () => {
    const sim = new EscPosSimulator();
    sim.receive(new EscPosBuilder({ paperWidth: 80 }).line('前半张').bytes());
    sim.setPaper('out');
    sim.receive(new EscPosBuilder({ paperWidth: 80 }).line('后半张').cut().bytes());
    sim.setPaper('ok');
    sim.receive(new EscPosBuilder({ paperWidth: 80 }).line('下一张').cut().bytes());
    expect(sim.printed.map(textOf)).toEqual(['下一张']);
  });

  it('works over a transport, answering on the same transport', async () => {
    const [host, device] = createMemoryTransportPair();
    await host.open();
    await device.open();
    const sim = new EscPosSimulator();
    const detach = sim.attach(device);
    const printed: PrintedDocument[] = [];
    sim.onPrinted((doc) => printed.push(doc));
    const reply = new Promise<number>((resolve) => host.onData((b) => resolve(b[0]!)));
    await host.write(new EscPosBuilder({ paperWidth: 80 }).line('你好').cut().raw([0x10, 0x04, 0x01]).bytes());
    expect(await reply).toBe(0x12);
    expect(printed.map(textOf)).toEqual(['你好']);
    detach();
  });

  it('skips oversized data commands without buffering them', () => {
    const sim = new EscPosSimulator();
    // GS v 0 with 65535 × 65535 bytes declared: far above DATA_LIMIT.
    sim.receive(Uint8Array.of(0x1d, 0x76, 0x30, 0x00, 0xff, 0xff, 0xff, 0xff));
    const chunk = new Uint8Array(DATA_LIMIT);
    for (let i = 0; i < 3; i++) sim.receive(chunk);
    expect((sim as unknown as { interpreter: { pendingBytes: number } }).interpreter.pendingBytes).toBe(0);
  });
});

describe('EscPosSimulator: robustness (property)', () => {
  const commandish = fc.oneof(
    { weight: 3, arbitrary: fc.uint8Array({ maxLength: 64 }) },
    { weight: 2, arbitrary: fc.constantFrom(...[[0x1b], [0x1d], [0x1c], [0x10, 0x04], [0x1d, 0x76, 0x30], [0x1d, 0x28, 0x6b], [0x1d, 0x6b], [0x0a], [0x1d, 0x56, 0x00], [0xd6, 0xd0], [0x95, 0x34]].map((a) => Uint8Array.from(a))) },
  );
  const stream = fc.array(commandish, { maxLength: 60 }).map((parts) => {
    const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
    let o = 0;
    for (const p of parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  });

  it('never throws on random bytes and stays bounded', () => {
    fc.assert(
      fc.property(stream, (bytes) => {
        const sim = new EscPosSimulator({ maxDocuments: 5 });
        sim.receive(bytes);
        expect(sim.printed.length).toBeLessThanOrEqual(5);
        for (const doc of sim.printed) expect(doc.blocks.length).toBeLessThanOrEqual(MAX_BLOCKS);
        const pending = (sim as unknown as { interpreter: { pendingBytes: number } }).interpreter.pendingBytes;
        expect(pending).toBeLessThanOrEqual(bytes.length);
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same documents and replies however the stream is split into chunks', () => {
    fc.assert(
      fc.property(stream, fc.array(fc.nat(), { maxLength: 8 }), (bytes, cuts) => {
        const whole = new EscPosSimulator();
        const wholeReplies: number[] = [];
        whole.onReply((b) => wholeReplies.push(...b));
        whole.receive(bytes);
        const split = new EscPosSimulator();
        const splitReplies: number[] = [];
        split.onReply((b) => splitReplies.push(...b));
        const points = [...new Set(cuts.map((c) => (bytes.length ? c % bytes.length : 0)))].sort((a, b) => a - b);
        let start = 0;
        for (const p of [...points, bytes.length]) {
          split.receive(bytes.subarray(start, p));
          start = p;
        }
        expect(split.printed).toEqual(whole.printed);
        expect(splitReplies).toEqual(wholeReplies);
      }),
      { numRuns: 200 },
    );
  });

  it('round-trips builder output: text lines come back as sent', () => {
    const line = fc.array(fc.constantFrom(...'ab 1中文受理，𠮷'), { minLength: 1, maxLength: 20 }).map((a) => a.join('').trim()).filter((s) => s.length > 0);
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 10 }), (lines) => {
        const b = new EscPosBuilder({ paperWidth: 80 }).init();
        for (const l of lines) b.line(l);
        const doc = printOne(b.cut().bytes());
        expect(textOf(doc)).toBe(lines.map((l) => l.replace(/𠮷/g, '?')).join('\n'));
      }),
      { numRuns: 100 },
    );
  });
});
