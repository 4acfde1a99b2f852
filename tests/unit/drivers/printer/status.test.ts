import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EscPosSimulator, isValidStatusByte, parseStatusReplies, statusToFault } from '../../../../drivers/printer';
import type { PaperState, SimulatedError } from '../../../../drivers/printer';

describe('DLE EOT status parsing', () => {
  it('normal printer: 12 12 12 12', () => {
    const report = parseStatusReplies([0x12, 0x12, 0x12, 0x12]);
    expect(report.status).toEqual({ online: true, paperOut: false, paperNearEnd: false, coverOpen: false, error: false });
    expect(Object.keys(report.status).sort()).toEqual(['coverOpen', 'error', 'online', 'paperNearEnd', 'paperOut']);
    expect(statusToFault(report.status, report.errors)).toEqual({ fault: null, warnings: [] });
  });

  it('out of paper answers 1A 32 12 7E (reference values)', () => {
    const report = parseStatusReplies([0x1a, 0x32, 0x12, 0x7e]);
    expect(report.status).toEqual({ online: false, paperOut: true, paperNearEnd: true, coverOpen: false, error: false });
    expect(statusToFault(report.status)).toEqual({ fault: 'paper-out', warnings: [] });
  });

  it('paper near end is a warning, not a fault (python-escpos mask 1E)', () => {
    const report = parseStatusReplies([0x12, 0x12, 0x12, 0x1e]);
    expect(report.status.paperNearEnd).toBe(true);
    expect(report.status.paperOut).toBe(false);
    expect(statusToFault(report.status)).toEqual({ fault: null, warnings: ['paper-near-end'] });
  });

  it('cover open, cutter error, unrecoverable error, answered-but-offline', () => {
    expect(statusToFault(parseStatusReplies([0x1a, 0x16, 0x12, 0x12]).status).fault).toBe('cover-open');
    const cutter = parseStatusReplies([0x1a, 0x52, 0x1a, 0x12]);
    expect(cutter.status.error).toBe(true);
    expect(statusToFault(cutter.status, cutter.errors).fault).toBe('cutter-error');
    const board = parseStatusReplies([0x1a, 0x52, 0x32, 0x12]);
    expect(statusToFault(board.status, board.errors).fault).toBe('printer-unrecoverable-error');
    expect(statusToFault(board.status).fault).toBe('printer-recoverable-error');
    expect(statusToFault(parseStatusReplies([0x1a, 0x12, 0x12, 0x12]).status).fault).toBe('not-responding');
  });

  it('rejects bytes that are not status replies', () => {
    expect(isValidStatusByte(0x12)).toBe(true);
    expect(isValidStatusByte(0x00)).toBe(false);
    expect(isValidStatusByte(0x13)).toBe(false);
    expect(() => parseStatusReplies([0x12, 0x12, 0x12])).toThrow(RangeError);
    expect(() => parseStatusReplies([0x12, 0x92, 0x12, 0x12])).toThrow(RangeError);
  });

  it('property: any 4 bytes either parse (all valid) or throw a RangeError', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 }), (bytes) => {
        const valid = bytes.every(isValidStatusByte);
        if (!valid) {
          expect(() => parseStatusReplies(bytes)).toThrow(RangeError);
          return;
        }
        const { status } = parseStatusReplies(bytes);
        expect(status.online).toBe((bytes[0]! & 0x08) === 0);
        expect(status.coverOpen).toBe((bytes[1]! & 0x04) !== 0);
        const { fault, warnings } = statusToFault(status);
        if (status.paperOut || status.coverOpen || status.error || !status.online) expect(fault).not.toBeNull();
        else expect(fault).toBeNull();
        expect(warnings.length).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('property: the simulator always answers valid bytes that parse back to its state', () => {
    const papers: PaperState[] = ['ok', 'near-end', 'out'];
    const errors: SimulatedError[] = ['none', 'recoverable', 'cutter', 'unrecoverable', 'auto-recoverable'];
    fc.assert(
      fc.property(fc.constantFrom(...papers), fc.boolean(), fc.constantFrom(...errors), (paper, cover, error) => {
        const sim = new EscPosSimulator();
        sim.setPaper(paper);
        sim.setCoverOpen(cover);
        sim.setError(error);
        const bytes = [1, 2, 3, 4].map((n) => sim.statusByte(n));
        for (const b of bytes) expect(isValidStatusByte(b)).toBe(true);
        const report = parseStatusReplies(bytes);
        expect(report.status.paperOut).toBe(paper === 'out');
        expect(report.status.paperNearEnd).toBe(paper !== 'ok');
        expect(report.status.coverOpen).toBe(cover);
        expect(report.status.error).toBe(error !== 'none');
        expect(report.status.online).toBe(paper !== 'out' && !cover && error === 'none');
        expect(report.errors.cutter).toBe(error === 'cutter');
      }),
    );
  });
});
