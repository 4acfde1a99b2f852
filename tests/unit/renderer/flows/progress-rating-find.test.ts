import { describe, expect, it } from 'vitest';
import { run } from '../../../../renderer/src/flows/machine';
import { progressMachine } from '../../../../renderer/src/flows/progress';
import { ratingBody, ratingMachine } from '../../../../renderer/src/flows/rating';
import { findMachine, pageOf } from '../../../../renderer/src/flows/find';
import { sessionMachine } from '../../../../renderer/src/flows/session';
import type { Progress } from '../../../../common/ipc/methods/citizen';

const P: Progress = { receiptNo: 'R1', serviceName: '社保证明', status: 'accepted', timeline: [{ at: '2025-01-01T00:00:00Z', stage: 'received' }] };

describe('look up progress', () => {
  it('by ID card', () => {
    const s = run(progressMachine, [{ type: 'CARD', idNumber: '44010619920307128X' }]);
    expect(s.step).toBe('looking');
    expect(progressMachine.transition(s, { type: 'RESULTS', items: [P] })).toMatchObject({ step: 'results', items: [P] });
    expect(progressMachine.transition(s, { type: 'UNAVAILABLE' }).step).toBe('unavailable');
  });

  it('by receipt: the terminal answers, the card narrows to that case', () => {
    const s = run(progressMachine, [{ type: 'RECEIPT_SCANNED', reference: 'L-0000-20250101-0001' }, { type: 'LOCAL_RESULT', lookup: { localReference: 'L-0000-20250101-0001', state: 'delivered', receiptNo: 'R1' } }]);
    expect(s).toMatchObject({ step: 'waiting', problem: null, local: { receiptNo: 'R1' } });
    const results = run(progressMachine, [{ type: 'CARD', idNumber: 'x'.repeat(18) }, { type: 'RESULTS', items: [P, { ...P, receiptNo: 'R2' }] }], s);
    expect(results).toMatchObject({ step: 'results', items: [{ receiptNo: 'R1' }] });
    expect(run(progressMachine, [{ type: 'RECEIPT_SCANNED', reference: 'L-9999' }, { type: 'LOCAL_RESULT', lookup: null }])).toMatchObject({ problem: 'not-this-terminal' });
    // The identity number is gone once the results are shown.
    expect(JSON.stringify(results)).not.toContain('xxxxxxxxxxxxxxxxxx');
  });
});

describe('rate', () => {
  it('can be skipped at once', () => {
    expect(run(ratingMachine, [{ type: 'SKIP' }]).step).toBe('skipped');
  });

  it('needs a reason for the two lowest levels only', () => {
    const poor = run(ratingMachine, [{ type: 'LEVEL', level: 2 }, { type: 'SUBMIT' }]);
    expect(poor).toMatchObject({ step: 'choose', problem: 'reason-needed' });
    const saving = run(ratingMachine, [{ type: 'TOGGLE_REASON', reason: 'slow' }, { type: 'SUBMIT' }], poor);
    expect(saving).toMatchObject({ step: 'saving', level: 2, reasons: ['slow'] });
    expect(ratingMachine.transition(saving, { type: 'SAVED' }).step).toBe('thanks');
    const good = run(ratingMachine, [{ type: 'LEVEL', level: 5 }, { type: 'TOGGLE_REASON', reason: 'slow' }, { type: 'SUBMIT' }]);
    expect(good).toMatchObject({ step: 'saving', level: 5, reasons: [] });
  });

  it('numbers levels as the contract does (5 = 非常满意) and names one subject', () => {
    expect(ratingBody({ ticketId: 't' }, 5, [], '2025-01-01T00:00:00Z')).toEqual({ subject: { ticketId: 't' }, level: 5, channel: 'kiosk', ratedAt: '2025-01-01T00:00:00Z' });
  });
});

describe('find and session', () => {
  it('browses categories, opens a guide, comes back where it was', () => {
    const browse = run(findMachine, [{ type: 'CATEGORY', code: 'A' }, { type: 'PAGE', page: 1 }]);
    const guide = run(findMachine, [{ type: 'OPEN', itemCode: 'X' }, { type: 'SECTION', section: 'faq' }], browse);
    expect(guide).toMatchObject({ view: 'guide', section: 'faq' });
    expect(findMachine.transition(guide, { type: 'BACK' })).toBe(browse);
    expect(findMachine.transition(browse, { type: 'BACK' })).toMatchObject({ category: null, page: 0 });
    expect(run(findMachine, [{ type: 'QUERY', query: 'sbzm' }])).toMatchObject({ tab: 'search', query: 'sbzm' });
  });

  it('pages lists instead of scrolling', () => {
    expect(pageOf([1, 2, 3, 4, 5], 1, 2)).toEqual({ items: [3, 4], page: 1, pages: 3 });
    expect(pageOf([1, 2, 3], 9, 2)).toEqual({ items: [3], page: 1, pages: 2 });
  });

  it('a reset starts a new session at home', () => {
    const s = run(sessionMachine, [{ type: 'GO', route: { screen: 'progress' } }, { type: 'RESET' }]);
    expect(s).toEqual({ route: { screen: 'home' }, session: 2 });
  });
});
