import { readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditLog, auditEntryHash, ZERO_HASH } from '../../../host/staff/audit-log';
import { scrubPersonalData } from '../../../host/staff/scrub';
import { fakeClock, tempDir } from './helpers';

function logWith(n: number): AuditLog {
  const clock = fakeClock();
  const log = new AuditLog(join(tempDir(), 'audit.jsonl'), { now: clock.now });
  for (let i = 0; i < n; i += 1) {
    log.append({ staffId: 'TH-T01', action: i % 2 ? 'device-test' : 'staff-sign-in', outcome: 'ok', detail: { role: 'receipt-printer', n: i } });
    clock.advance(1000);
  }
  return log;
}

function lines(log: AuditLog): string[] {
  return readFileSync(log.path, 'utf8').split('\n').filter(Boolean);
}

describe('the staff audit log', () => {
  it('chains entries as the contract says: prevHash of seq 1 is zeros, hash is SHA-256 of the canonical entry', () => {
    const log = logWith(3);
    const entries = log.all().map((r) => r.entry);
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(entries[0]!.prevHash).toBe(ZERO_HASH);
    expect(entries[1]!.prevHash).toBe(entries[0]!.hash);
    for (const e of entries) expect(auditEntryHash(e)).toBe(e.hash);
    expect(log.verify()).toEqual({ ok: true, entries: 3 });
    // A reopened log continues the chain.
    const reopened = new AuditLog(log.path);
    expect(reopened.append({ staffId: 'TH-M01', action: 'category-pause', outcome: 'ok' }).entry).toMatchObject({ seq: 4, prevHash: entries[2]!.hash });
    expect(reopened.verify()).toEqual({ ok: true, entries: 4 });
  });

  it('detects an altered entry, and says which', () => {
    const log = logWith(5);
    const all = lines(log);
    all[2] = all[2]!.replace('"outcome":"ok"', '"outcome":"failed"');
    writeFileSync(log.path, all.join('\n') + '\n');
    expect(log.verify()).toMatchObject({ ok: false, brokenAtSeq: 3, problem: 'altered' });
  });

  it('detects an altered entry whose hash was recomputed, by the next link', () => {
    const log = logWith(5);
    const records = lines(log).map((l) => JSON.parse(l) as { id: string; entry: Record<string, unknown> });
    records[1]!.entry.staffId = 'TH-A02';
    records[1]!.entry.hash = auditEntryHash(records[1]!.entry as never);
    writeFileSync(log.path, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
    expect(log.verify()).toMatchObject({ ok: false, brokenAtSeq: 2, problem: 'altered' });
  });

  it('detects a removed entry in the middle, at the start, and at the end', () => {
    const middle = logWith(5);
    writeFileSync(middle.path, lines(middle).filter((_, i) => i !== 2).join('\n') + '\n');
    expect(middle.verify()).toMatchObject({ ok: false, brokenAtSeq: 3, problem: 'removed' });

    const first = logWith(3);
    writeFileSync(first.path, lines(first).slice(1).join('\n') + '\n');
    expect(first.verify()).toMatchObject({ ok: false, brokenAtSeq: 1, problem: 'removed' });

    const last = logWith(4);
    writeFileSync(last.path, lines(last).slice(0, 3).join('\n') + '\n');
    expect(last.verify()).toMatchObject({ ok: false, brokenAtSeq: 4, problem: 'removed' });
  });

  it('drops a torn last line (a power cut mid-append) and keeps the chain whole', () => {
    const log = logWith(2);
    appendFileSync(log.path, '{"id":"0191","entry":{"seq":3,"at"');
    const reopened = new AuditLog(log.path);
    expect(reopened.size).toBe(2);
    expect(reopened.append({ staffId: 'TH-T01', action: 'host-restart', outcome: 'ok' }).entry.seq).toBe(3);
    expect(reopened.verify()).toEqual({ ok: true, entries: 3 });
  });

  it('exports the same JSON lines', () => {
    const log = logWith(3);
    const out = join(tempDir(), 'export.jsonl');
    expect(log.exportTo(out)).toBe(3);
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(log.path, 'utf8'));
  });
});

describe('the export scrubber', () => {
  it('removes identity numbers, phones and personal fields, and keeps hashes and times', () => {
    const hash = 'ab'.repeat(32);
    const text = JSON.stringify({ name: '林嘉怡', idNumber: '44010619920307128X', phone: '13812345678', at: '2026-11-20T10:00:00.000Z', hash, ms: 1763604000000, note: 'card 44010619920307128X, call 13812345678' });
    const out = scrubPersonalData(text);
    expect(out).not.toMatch(/林嘉怡|44010619920307128X|13812345678/);
    expect(out).toContain(hash);
    expect(out).toContain('2026-11-20T10:00:00.000Z');
    expect(out).toContain('1763604000000');
  });
});
