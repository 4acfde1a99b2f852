import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ReferenceCounter, RESERVE_BLOCK } from '../../../host/outbox/references';

const at = (iso: string) => new Date(iso);
const serial = (reference: string) => Number(reference.split('-').at(-1));

describe('local references', () => {
  it('counts per Shanghai day and never repeats a serial across restarts, whatever the crash', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'refs-')), 'references.json');
    const seen = new Set<string>();
    let counter = new ReferenceCounter(path);
    for (let restart = 0; restart < 5; restart += 1) {
      // A different number handed out before each "crash": inside a block, at its end, past it.
      for (let i = 0; i < [3, RESERVE_BLOCK, RESERVE_BLOCK + 1, 1, 7][restart]!; i += 1) {
        const reference = counter.next('T-1', at('2026-11-22T02:00:00Z'));
        expect(seen.has(reference)).toBe(false);
        seen.add(reference);
      }
      counter = new ReferenceCounter(path);
    }
    // The next day starts again at 1 (16:00 UTC is midnight in Shanghai).
    expect(serial(counter.next('T-1', at('2026-11-22T16:00:00Z')))).toBe(1);
  });

  it('writes the disk once per block of serials, not once per reference', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'refs-')), 'references.json');
    const counter = new ReferenceCounter(path);
    counter.next(null, at('2026-11-22T02:00:00Z'));
    const afterFirst = readFileSync(path, 'utf8');
    for (let i = 1; i < RESERVE_BLOCK; i += 1) counter.next(null, at('2026-11-22T02:00:00Z'));
    expect(readFileSync(path, 'utf8')).toBe(afterFirst);
    counter.next(null, at('2026-11-22T02:00:00Z'));
    expect(readFileSync(path, 'utf8')).not.toBe(afterFirst);
  });

  it('continues above a counter file written by the earlier format, and above a damaged one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'refs-'));
    const path = join(dir, 'references.json');
    writeFileSync(path, JSON.stringify({ day: '20261122', seq: 41 }));
    expect(serial(new ReferenceCounter(path).next(null, at('2026-11-22T02:00:00Z')))).toBe(42);
    writeFileSync(path, '{"day":"2026');
    expect(serial(new ReferenceCounter(path).next(null, new Date()))).toBeGreaterThan(5000);
  });
});
