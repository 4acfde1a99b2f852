import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../../platform/cli-args';
import { CONTRACT_PATH, loadContract } from '../../../platform/contract';
import { FaultDice } from '../../../platform/faults';
import { canonicalJson } from '../../../platform/handlers/terminals';
import { bareEtag, ifNoneMatchHits } from '../../../platform/reference-data';
import { addWorkingDays, endOfServiceDay, rfc3339, serviceDay } from '../../../platform/time';

const SHARED = fileURLToPath(new URL('../../../../shared/contracts/intake-platform.openapi.yaml', import.meta.url));

describe('the contract copy', () => {
  it.skipIf(!existsSync(SHARED))('is byte-identical to ../shared/contracts/intake-platform.openapi.yaml', () => {
    expect(readFileSync(CONTRACT_PATH).equals(readFileSync(SHARED))).toBe(true);
  });

  it('compiles validators whose errors are JSON Pointers', () => {
    const c = loadContract();
    expect(c.validate('Rating', { subject: { ticketId: '0190c0de-0000-7000-8000-000000000000' }, level: 5, channel: 'kiosk', ratedAt: '2026-11-20T10:00:00+08:00' })).toEqual([]);
    const errors = c.validate('QueueTicket', { leaseId: 'x', category: 'A', number: 0, issuedAt: 'now', priority: 'vip' });
    expect(errors.map((e) => e.path).sort()).toEqual(['/issuedAt', '/issuedBy', '/leaseId', '/number', '/priority']);
  });
});

describe('time', () => {
  it('writes RFC 3339 with +08:00 and finds the Shanghai service day', () => {
    const d = new Date('2026-11-20T17:30:00Z'); // 01:30 the next day in Shanghai
    expect(rfc3339(d)).toBe('2026-11-21T01:30:00.000+08:00');
    expect(serviceDay(d)).toBe('2026-11-21');
    expect(endOfServiceDay('2026-11-21').toISOString()).toBe('2026-11-21T16:00:00.000Z');
  });
  it('counts working days, skipping weekends', () => {
    expect(addWorkingDays('2026-11-20', 0)).toBe('2026-11-20');
    expect(addWorkingDays('2026-11-20', 1)).toBe('2026-11-23'); // Friday → Monday
    expect(addWorkingDays('2026-11-20', 5)).toBe('2026-11-27');
    expect(addWorkingDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});

describe('helpers', () => {
  it('canonical JSON sorts keys at every level, without spaces', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 'é' }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"x":"é","y":2}]},"b":1}');
  });
  it('compares ETags without W/ and quotes', () => {
    expect(bareEtag('W/"abc"')).toBe('abc');
    expect(ifNoneMatchHits('"x", W/"abc"', '"abc"')).toBe(true);
    expect(ifNoneMatchHits('*', '"abc"')).toBe(true);
    expect(ifNoneMatchHits(undefined, '"abc"')).toBe(false);
  });
  it('fault dice: rate 0 never, rate 1 always, seeded runs repeat', () => {
    const d = new FaultDice();
    d.set({ rate: 0, kinds: ['5xx'] });
    expect(d.roll()).toBeUndefined();
    d.set({ rate: 1, kinds: ['429'] });
    expect(d.roll()).toBe('429');
    const seq = () => {
      d.set({ rate: 0.5, kinds: ['5xx', 'reset'], seed: 7 });
      return Array.from({ length: 20 }, () => d.roll());
    };
    expect(seq()).toEqual(seq());
    expect(() => d.set({ rate: 1.5, kinds: ['5xx'] })).toThrow();
  });
});

describe('command line', () => {
  it('parses flags and the fault environment variables', () => {
    const o = parseArgs(['--port', '8080', '--data-dir', 'd', '--enrollment-code', 'A', '--enrollment-code=B', '--fault-kinds', 'latency,503', '--latency-ms', '50', '--progress-step-seconds', '60', '--host', '0.0.0.0'], { PLATFORM_FAULT_RATE: '0.3', PLATFORM_FAULT_KINDS: '5xx' });
    expect(o).toMatchObject({ port: 8080, dataDir: 'd', enrollmentCodes: ['A', 'B'], host: '0.0.0.0', progressStepSeconds: 60, faults: { rate: 0.3, kinds: ['latency', '503'], latencyMs: 50 } });
    expect(parseArgs(['--port', '0', '--data-dir', 'd', '--enrollment-code', 'A'], { PLATFORM_FAULT_RATE: '1', PLATFORM_FAULT_KINDS: 'reset' }).faults).toEqual({ rate: 1, kinds: ['reset'] });
    expect(parseArgs(['--port', '0', '--data-dir', 'd', '--enrollment-code', 'A'], {}).faults).toBeUndefined();
  });
});

describe('submission applicant errors', () => {
  it('are those of the branch the applicant kind names', () => {
    const c = loadContract();
    const errors = c.validate('Submission', {
      serviceCode: 'X', catalogVersion: '1', terminalId: 'kiosk-1', localReference: 'K', createdAt: '2026-11-20T10:00:00+08:00', channel: 'kiosk',
      applicant: { kind: 'person', idType: 'resident-id', idNumber: '123456', source: 'manual', phone: '123' },
      form: {}, materials: [], consent: { noticeVersion: 'v1', agreedAt: '2026-11-20T10:00:00+08:00' },
    });
    expect(errors.map((e) => e.path).sort()).toEqual(['/applicant/name', '/applicant/phone']);
  });
});

describe('properties', () => {
  it('addWorkingDays lands on a weekday, n weekdays later', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true }), fc.integer({ min: 1, max: 60 }), (d, n) => {
        const day = d.toISOString().slice(0, 10);
        const out = addWorkingDays(day, n);
        const weekday = new Date(`${out}T00:00:00Z`).getUTCDay();
        expect(weekday).not.toBe(0);
        expect(weekday).not.toBe(6);
        let count = 0;
        for (let t = Date.parse(`${day}T00:00:00Z`) + 86_400_000; t <= Date.parse(`${out}T00:00:00Z`); t += 86_400_000) {
          const w = new Date(t).getUTCDay();
          if (w !== 0 && w !== 6) count += 1;
        }
        expect(count).toBe(n);
      }),
    );
  });
  it('canonical JSON does not depend on key order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (obj) => {
        const reversed = Object.fromEntries(Object.entries(obj).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(obj));
        expect(JSON.parse(canonicalJson(obj))).toEqual(JSON.parse(JSON.stringify(obj)));
      }),
    );
  });
});
